"""The search index (igfapp/search_index/): the best match first at any size, the index following
every kind of edit, drafts never found, near misses, hostile queries, and a fixed number of
queries a search. Database tests, unmarked: they run on SQLite and again on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from igfapp.importing import import_content
from igfapp.models import Article, GlossaryTerm, LifestyleFactor, Question, SearchEntry, Section, Status
from igfapp.search import search
from igfapp.search_index import Query, rebuild_index
from tests.admin_helpers import article_url, confirm, form_data, section_field, submit
from tests.views.test_views_search import hits


def found(q: str, client: Client | None = None) -> list[tuple[str, str]]:
    response = (client or Client()).get("/search/", {"q": q})
    assert response.status_code == 200
    return hits(response.content.decode())


def titles(q: str, client: Client | None = None) -> list[str]:
    return [title for _, title in found(q, client)]


# --- The best match, whatever the number of matches -----------------------------------------------


@pytest.fixture
def tier(db):
    return Article.objects.create(slug="tier", title="Tier", summary="A tier.", order=1)


def add_sections(article, count: int, text: str, start: int = 1) -> None:
    Section.objects.bulk_create(
        (
            Section(
                article=article,
                order=start + i,
                heading=f"Part {start + i}",
                anchor=f"part-{start + i}",
                topic="overview",
                body_md=text,
                body_text=text,
            )
            for i in range(count)
        ),
        batch_size=500,
    )


@pytest.mark.parametrize("matches", [1, 300, 3000])
def test_the_exact_title_is_first_however_many_sections_match(tier, matches):
    add_sections(tier, matches, "Somatostatin holds growth hormone back between pulses.")
    # Last in reading order: a scan that keeps the first few hundred in reading order misses it.
    Section.objects.create(
        article=tier, order=9000, heading="Somatostatin", anchor="somatostatin", topic="overview", body_text="A brake."
    )
    rebuild_index()
    response = Client().get("/search/", {"q": "somatostatin"})
    html = response.content.decode()
    assert hits(html)[0] == ("Article section", "Somatostatin")
    assert f"{matches + 1} results for “somatostatin”" in html
    assert len(hits(html)) == min(matches + 1, 30)  # only the page shown is fetched
    assert '<a href="/learn/tier/#somatostatin">' in html  # links to the passage


# --- The index follows every kind of edit ---------------------------------------------------------


def test_an_import_updates_the_index(small_site):
    assert titles("liver") == ["IGF-1"] or "IGF-1" in titles("liver")
    term_file = small_site / "glossary" / "igf-1.md"
    term_file.write_text(term_file.read_text().replace("mostly in the liver", "mostly in the zymogen organ"))
    import_content(small_site)
    assert "IGF-1" in titles("zymogen")
    assert "IGF-1" not in titles("liver")


def test_an_admin_save_updates_the_index(small_site, editor_client):
    term = GlossaryTerm.objects.get(slug="igf-1")
    url = reverse("admin:igfapp_glossaryterm_change", args=[term.pk])
    data = form_data(editor_client.get(url), "glossaryterm")
    data["plain_definition"] = ["A messenger the quixotic liver makes."]
    assert submit(editor_client, url, data, "_publish").status_code == 302
    assert titles("quixotic") == ["IGF-1"]


def test_publishing_updates_the_index(small_site, editor_client):
    url = reverse("admin:igfapp_glossaryterm_add")
    data = form_data(editor_client.get(url), "glossaryterm")
    data.update({"term": ["Somatostatin"], "slug": ["somatostatin"], "plain_definition": ["A brake on GH."]})
    submit(editor_client, url, data, "_draft")
    assert titles("somatostatin") == []  # a draft: readers never find it
    assert titles("somatostatin", editor_client) == ["Somatostatin"]  # editors do, marked as a draft
    change = reverse("admin:igfapp_glossaryterm_change", args=[GlossaryTerm.objects.get(slug="somatostatin").pk])
    submit(editor_client, change, form_data(editor_client.get(change), "glossaryterm"), "_publish")
    assert titles("somatostatin") == ["Somatostatin"]


def publish_control_text(client, text: str) -> None:
    url = article_url("basics")
    data = form_data(client.get(url), "article")
    data[section_field(data, "control", "body_md")] = [text]
    assert submit(client, url, data, "_publish").status_code == 302


def test_a_revert_updates_the_index(small_site, editor_client):
    publish_control_text(editor_client, "Replaced text about the xylophone.")
    assert ("Article section", "Control") in found("xylophone")
    baseline = Version.objects.get_for_object(Article.objects.get(slug="basics")).order_by("pk").first()
    response = confirm(editor_client, article_url("basics", "history") + f"{baseline.pk}/revert/")
    assert response.status_code == 302
    assert found("xylophone") == []


def test_a_deletion_updates_the_index(small_site, superuser_client):
    assert "IGF-1" in titles("IGF-1")
    term = GlossaryTerm.objects.get(slug="igf-1")
    assert confirm(superuser_client, reverse("admin:igfapp_glossaryterm_delete", args=[term.pk])).status_code == 302
    assert "IGF-1" not in titles("IGF-1")
    assert not SearchEntry.objects.filter(kind="term", object_id=term.pk).exists()


# --- Drafts, kinds, tiers --------------------------------------------------------------------------


def test_drafts_are_never_found_by_readers(learning_site, editor_client):
    Article.objects.filter(slug="deep").update(status=Status.DRAFT)
    GlossaryTerm.objects.filter(slug="pituitary-gland").update(status=Status.DRAFT)
    LifestyleFactor.objects.create(
        slug="secret", name="Secret factor", order=9, effect="supports", table_mechanism="x", observed_effect="y",
        status=Status.DRAFT,
    )  # fmt: skip
    Question.objects.update(status=Status.DRAFT)
    rebuild_index()
    for q in ["Axis", "Pituitary gland", "Secret factor", "where", "true"]:  # exact titles, question words
        assert all(kind != "Question" for kind, _ in found(q)), q
        assert ("Glossary", "Pituitary gland") not in found(q)
        assert ("Lifestyle factor", "Secret factor") not in found(q)
        assert not any(title == "Axis" for _, title in found(q))
    assert ("Lifestyle factor", "Secret factor") in found("Secret factor", editor_client)
    # An unpublished change to a published tier is not found either, by anyone.
    url = article_url("basics")
    data = form_data(editor_client.get(url), "article")
    data[section_field(data, "control", "body_md")] = ["Draft text about the marimba."]
    assert submit(editor_client, url, data, "_draft").status_code == 302
    assert found("marimba") == [] and found("marimba", editor_client) == []


def test_every_kind_is_found_and_says_where_it_is(learning_site):
    rebuild_index()
    kinds = {kind for q in ["liver", "made", "pulses", "pituitary", "smith"] for kind, _ in found(q)}
    assert {"Glossary", "Article section", "Question", "Evidence note"} <= kinds, kinds
    html = Client().get("/search/", {"q": "pulses"}).content.decode()
    assert "Article section · Middle" in html  # the tier


# --- Near misses ----------------------------------------------------------------------------------


def test_a_misspelling_suggests_the_term_from_the_index(small_site):
    GlossaryTerm.objects.create(term="Somatostatin", slug="somatostatin", plain_definition="A brake.")
    GlossaryTerm.objects.create(term="Somatocrinin", slug="somatocrinin", plain_definition="x", status=Status.DRAFT)
    rebuild_index()
    results = search("somatostatn", user=None)
    assert results.total == 0
    assert [s.term for s in results.suggestions] == ["Somatostatin"]  # never a draft
    assert [s.term for s in search("insulin-like growth factr", user=None).suggestions][:1] == ["IGF-1"]  # an alias
    assert search("qqqqqq", user=None).suggestions == []


# --- Hostile queries ------------------------------------------------------------------------------

HOSTILE = [
    '"',
    '"growth',
    "growth*",
    "* OR *",
    "NEAR(growth hormone)",
    "{heading} : growth",
    "heading:growth",
    "^growth",
    "growth AND OR NOT",
    "' OR 1=1 --",
    "'; DROP TABLE igfapp_searchentry; --",
    "!&|<->:*",
    "growth <-> hormone",
    "(((",
    "\\",
    "\x00growth\x00",
    "\ue000growth\ue001",
    "\ud800",
    "%",
    "igf-1-",
    "-igf",
    "----",
    "x" * 10_000,
    "growth " * 2000,
    "😀 GH 😀",
    "\u202egrowth",
]


def test_hostile_queries_get_a_normal_page(small_site, admin_client):
    for q in HOSTILE:
        raw = q.encode("utf-8", "surrogatepass")
        for client, headers in [(Client(), None), (Client(), {"HX-Request": "true"}), (admin_client, None)]:
            response = client.get("/search/", {"q": raw}, headers=headers)
            assert response.status_code == 200, q
            assert 'id="search-results"' in response.content.decode(), q
        search(q, user=None)  # the function itself copes with what the view would have cleaned


def test_query_words_are_only_words():
    assert Query.parse('"GH" OR igf-1* {heading}:x NEAR(a b) \x00').words == (
        "gh",
        "or",
        "igf-1",
        "heading",
        "x",
        "near",
        "a",
        "b",
    )
    assert Query.parse("(((").words == ()
    assert Query.parse("IGFBP-3").fts_all() == '"igfbp-3"*'
    assert Query.parse("GH pulses").ts_phrase("A") == "'gh':A <-> 'pulses':*A"


# --- Queries a search: the same at two sizes ------------------------------------------------------


def test_queries_per_search_do_not_grow_with_content(small_site):
    def counts():
        out = {}
        for q in ["somatostatin", "growth", "growth hormone", "somatostatn"]:
            with CaptureQueriesContext(connection) as ctx:
                assert Client().get("/search/", {"q": q}).status_code == 200
            out[q] = len(ctx)
        return out

    article = Article.objects.get(slug="basics")
    add_sections(article, 10, "Growth hormone and somatostatin.", start=100)
    rebuild_index()
    few = counts()
    add_sections(article, 500, "Growth hormone and somatostatin, again.", start=200)
    rebuild_index()
    many = counts()
    assert many == few
    assert few["somatostatn"] <= few["growth"] + 2  # suggestions: two more queries at most
