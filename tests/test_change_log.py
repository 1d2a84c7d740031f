"""The public change log (igfapp/change_log.py, /changes/ and its Atom feeds): every published change
to what readers see, with the editors' reason and a word-level diff; never a draft."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from igfapp.change_log import IMPORT_REASON, record_public_changes
from igfapp.exporting import export_content
from igfapp.importing import import_content
from igfapp.models import GlossaryTerm, PublicChange, PublishedText
from tests.admin_helpers import article_url, committed, form_data, submit

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def edit_term(client, button="_publish", reason="", minor=False, **changes):
    term = GlossaryTerm.objects.get(slug="igf-1")
    url = reverse("admin:igfapp_glossaryterm_change", args=[term.pk])
    data = form_data(client.get(url), "glossaryterm")
    for name, value in changes.items():
        data[name] = [value]
    data["public_reason"] = [reason]
    if minor:
        data["public_minor"] = ["on"]
    with committed():
        return client.post(url, {**data, button: "1"})


def atom_entries(client, url: str) -> list[ET.Element]:
    """The feed's entries, after checking it is Atom as RFC 4287 requires: a feed with id, title,
    updated and an author; each entry with id, title, updated and a link."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{name}") is not None, name
    entries = feed.findall(f"{ATOM}entry")
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None or all(e.find(f"{ATOM}author") for e in entries)
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name
        assert entry.find(f"{ATOM}link").get("href").startswith("http")
        datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    return entries


def test_an_admin_publish_is_listed_with_its_reason_and_diff_and_in_the_feeds(small_site, editor_client, client):
    response = edit_term(
        editor_client,
        reason=f"Corrected the definition {HOSTILE}",
        plain_definition="A messenger made mostly in the liver when growth hormone calls for it.",
    )
    assert response.status_code == 302
    change = PublicChange.objects.get()
    assert (change.item_type, change.item_key, change.kind, change.minor) == ("glossary", "igf-1", "changed", False)
    assert "<del>asks</del>" in change.diff_html and "<ins>calls</ins>" in change.diff_html
    assert "status" not in change.diff_html.lower()  # staff-only fields never appear

    page = client.get("/changes/").content.decode()
    assert f'id="change-{change.pk}"' in page and 'href="/glossary/igf-1/"' in page
    assert "<ins>calls</ins>" in page
    assert "<script>alert" not in page and "<img src=x" not in page  # hostile reason: text, never markup
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert client.get(change.get_absolute_url()).status_code == 200
    assert 'type="application/atom+xml"' in page

    (entry,) = atom_entries(client, "/changes/feed/")
    assert "IGF-1" in entry.findtext(f"{ATOM}title")
    for url in ("/changes/", "/changes/feed/"):  # cacheable like every page: shared-cache headers, an ETag
        response = client.get(url)
        assert "public" in response["Cache-Control"] and "s-maxage" in response["Cache-Control"], url
        assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304, url
    summary = entry.findtext(f"{ATOM}summary")
    assert "calls" in summary and "<script>" not in summary.replace("&lt;script&gt;", "")
    assert atom_entries(client, "/changes/feed/basics/") == []  # a glossary term belongs to no tier

    # A minor change is listed, never in the feeds.
    assert edit_term(editor_client, reason="Typo.", minor=True, technical_definition="Insulin-like.").status_code == 302
    minor = PublicChange.objects.get(minor=True)
    assert f'id="change-{minor.pk}"' in client.get("/changes/").content.decode()
    assert len(atom_entries(client, "/changes/feed/")) == 1


def test_publishing_asks_the_reason_and_a_draft_never_appears(small_site, editor_client, client):
    refused = edit_term(editor_client, reason="  ", plain_definition="Changed without a reason.")
    assert refused.status_code == 200 and "Give the public reason" in refused.content.decode()
    assert GlossaryTerm.objects.get(slug="igf-1").plain_definition.startswith("A messenger")
    # Drafts: a published item's draft, and a new item saved as a draft.
    assert edit_term(editor_client, button="_draft", plain_definition="A draft definition.").status_code == 302
    add_url = reverse("admin:igfapp_glossaryterm_add")
    data = {"term": "Somatostatin", "slug": "somatostatin", "plain_definition": "A brake on GH.", "_draft": "1"}
    with committed():
        assert editor_client.post(add_url, data).status_code == 302
    assert not PublicChange.objects.exists()
    assert "draft definition" not in client.get("/changes/").content.decode()
    # Tier parts carry their tier: a section's change is in the tier's feed.
    url = article_url("basics")
    data = form_data(editor_client.get(url), "article")
    key = next(k for k, v in data.items() if k.endswith("-body_md") and "liver" in v[0])
    data[key] = ["Growth hormone reaches the liver, which then makes IGF-1."]
    with committed():
        assert (
            submit(
                editor_client, url, {**data, "public_reason": "Said when the liver makes it."}, "_publish"
            ).status_code
            == 302
        )
    change = PublicChange.objects.get()
    assert (change.item_type, change.tier, change.place) == ("section", "basics", "introduction")
    (entry,) = atom_entries(editor_client, "/changes/feed/basics/")
    assert "Introduction" in entry.findtext(f"{ATOM}title")


def test_an_import_records_each_files_reason_and_export_writes_it_back(db, content_dir):
    import_content(content_dir)  # the record starts here: nothing listed
    assert not PublicChange.objects.exists() and PublishedText.objects.exists()
    path = content_dir / "glossary" / "igf-1.md"
    text = path.read_text().replace("when growth hormone asks", "when growth hormone calls")
    path.write_text(text.replace("status: published\n", 'status: published\nchange: "Clearer wording."\n'))
    import_content(content_dir)
    change = PublicChange.objects.get()
    assert (change.reason, change.item_key, change.minor) == ("Clearer wording.", "igf-1", False)
    assert "<ins>calls</ins>" in change.diff_html

    before = path.read_text()
    export_content(content_dir)
    assert path.read_text() == before  # the key round-trips, byte for byte
    import_content(content_dir)
    assert PublicChange.objects.count() == 1  # nothing changed: nothing recorded

    # Changed text whose file keeps its old reason: the import says no reason was given.
    path.write_text(path.read_text().replace("calls for it", "calls for it, in pulses"))
    import_content(content_dir)
    assert PublicChange.objects.order_by("-pk").first().reason == IMPORT_REASON
    # A deleted file: listed as removed, still with where it was.
    path.unlink()
    import_content(content_dir, discard_admin_edits=True)
    removed = PublicChange.objects.order_by("-pk").first()
    assert (removed.kind, removed.url) == ("removed", "/glossary/igf-1/")


def test_a_bad_change_note_in_a_file_is_an_error(db, content_dir):
    from igfapp.kinds.records import ImportFailed

    path = content_dir / "glossary" / "igf-1.md"
    path.write_text(path.read_text().replace("status: published\n", "status: published\nminor_change: yes-ish\n"))
    with pytest.raises(ImportFailed, match="minor_change"):
        import_content(content_dir)


def _changes(n: int, start: int = 0) -> list[PublicChange]:
    now = timezone.now()
    return [
        PublicChange(
            when=now - datetime.timedelta(minutes=start + i),
            item_type="glossary",
            item_key=f"t{start + i}",
            label=f"Glossary: term {start + i}",
            url="/glossary/",
            kind="changed",
            reason="Because.",
            minor=bool(i % 3 == 0),
            diff_html='<div class="diff">x</div>',
            tier="basics" if i % 2 else "",
        )
        for i in range(n)
    ]


def _queries(client, url: str) -> int:
    from igfapp.caching import page_store

    page_store.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


def test_pages_and_feeds_take_the_same_queries_at_10_and_10000_changes(db, client):
    PublicChange.objects.bulk_create(_changes(10))
    urls = ["/changes/", "/changes/feed/", f"/changes/{PublicChange.objects.first().pk}/"]
    few = [_queries(client, url) for url in urls]
    PublicChange.objects.bulk_create(_changes(9990, start=10), batch_size=2000)
    many = [_queries(client, url) for url in urls]
    assert few == many
    assert _queries(client, "/changes/?page=200") == many[0]
    for bad in (
        "/changes/?page=201",
        "/changes/?page=0",
        "/changes/?page=abc",
        "/changes/?page=%C2%B2",
        "/changes/?page=99999999999999999999999",
        "/changes/0/",
        "/changes/abc/",
        "/changes/99999999999999999999999/",
        "/changes/feed/no-such-tier/",
    ):
        assert client.get(bad).status_code == 404, bad


def test_the_first_record_is_a_baseline_not_the_whole_site_added(real_site):
    assert record_public_changes() == []
    assert PublishedText.objects.filter(item_type="section").count() > 10
    assert record_public_changes() == []  # and nothing changed since
