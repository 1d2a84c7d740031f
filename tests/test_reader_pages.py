"""Readers' tier pages, rendered once per change (igfapp/reader_pages.py): the same bytes as a live
render, in two queries, and never stale."""

import brotli
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from igfapp import reader_pages
from igfapp.after_change import PendingRender, after_edit
from igfapp.caching import accepts_brotli, page_store
from igfapp.content_revision import current_content_revision
from igfapp.models import Article, ReaderPage, Section, Status
from igfapp.reader_pages import PLACEHOLDER_HOST, render_reader_pages
from tests.admin_helpers import article_url, form_data, section_field, submit

TIERS = ["fundamentals", "intermediate", "academic"]
DEPTH_SWITCH = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "article-content"}


def live(client: Client, url: str, **headers) -> bytes:
    """The page rendered live: with its readers' page removed, as before this change."""
    saved = list(ReaderPage.objects.all())
    ReaderPage.objects.all().delete()
    try:
        return client.get(url, **headers).content
    finally:
        ReaderPage.objects.bulk_create(saved)


def queries(client: Client, url: str, **headers) -> int:
    """The queries of an answer not already in the page cache."""
    page_store.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, **headers).status_code == 200
    return sum(1 for query in captured if not query["sql"].startswith("SET CONSTRAINTS"))


def is_current(slug: str) -> bool:
    revision = current_content_revision().number
    return ReaderPage.objects.filter(article__slug=slug, content_revision=revision).exists()


@pytest.fixture
def stored_site(real_site):
    render_reader_pages()
    return real_site


@pytest.mark.parametrize("slug", TIERS)
def test_the_stored_page_is_the_live_page_byte_for_byte(client, stored_site, slug):
    url = f"/learn/{slug}/"
    assert is_current(slug)

    assert client.get(url).content == live(client, url)
    assert client.get(url, **DEPTH_SWITCH).content == live(client, url, **DEPTH_SWITCH)


@pytest.mark.parametrize(
    ("host", "secure", "origin"), [("localhost", False, "http://localhost"), ("127.0.0.1", True, "https://127.0.0.1")]
)
def test_its_absolute_urls_follow_the_host_the_reader_asked(client, stored_site, host, secure, origin):
    html = client.get("/learn/academic/", HTTP_HOST=host, secure=secure).content.decode()

    assert PLACEHOLDER_HOST in ReaderPage.objects.get(article__slug="academic").page_html
    assert PLACEHOLDER_HOST not in html
    assert f'<link rel="canonical" href="{origin}/learn/academic/">' in html
    assert html.encode() == live(client, "/learn/academic/", HTTP_HOST=host, secure=secure)


@pytest.mark.parametrize("slug", TIERS)
def test_a_stored_page_costs_two_queries_whatever_the_tier(client, stored_site, slug):
    # The content revision (which the page cache reads anyway) and the stored page.
    assert queries(client, f"/learn/{slug}/") == 2
    assert queries(client, f"/learn/{slug}/", **DEPTH_SWITCH) == 2
    assert queries(client, f"/learn/{slug}/?utm_source=x") > 2  # a query string: rendered live


def test_a_change_made_any_way_shows_at_once_then_is_stored_again(client, stored_site):
    """Even a write no hook sees (a QuerySet.update) shows on the next request: the stored page is
    for one content revision only."""
    Section.objects.filter(article__slug="fundamentals", order=1).update(heading="A new heading")

    assert not is_current("fundamentals")
    assert "A new heading" in client.get("/learn/fundamentals/").content.decode()
    render_reader_pages()
    assert is_current("fundamentals")
    assert queries(client, "/learn/fundamentals/") == 2
    assert "A new heading" in client.get("/learn/fundamentals/").content.decode()


def test_a_new_release_is_rendered_live_until_stored_again(client, stored_site, monkeypatch):
    stamp = reader_pages.release_stamp()
    monkeypatch.setattr(reader_pages, "release_stamp", lambda: ("another release", stamp[1]))

    assert queries(client, "/learn/fundamentals/") > 2
    render_reader_pages()
    assert queries(client, "/learn/fundamentals/") == 2


def test_editors_always_get_the_live_page(stored_site, editor_client):
    Article.objects.filter(slug="academic").update(summary="An editor's summary.")
    render_reader_pages()

    assert queries(editor_client, "/learn/academic/") > 2
    assert b"An editor's summary." in editor_client.get("/learn/academic/").content


def test_a_table_request_inside_the_intermediate_tier_is_not_given_the_article(client, stored_site):
    response = client.get("/learn/intermediate/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="factor-table")

    assert b'id="factor-table"' in response.content
    assert b'id="article-content"' not in response.content


def test_an_unpublished_tier_loses_its_stored_page_and_is_a_404(client, stored_site):
    Article.objects.filter(slug="academic").update(status=Status.DRAFT)
    assert client.get("/learn/academic/").status_code == 404

    render_reader_pages()
    assert not ReaderPage.objects.filter(article__slug="academic").exists()
    assert client.get("/learn/academic/").status_code == 404


def test_a_render_that_read_an_older_revision_does_not_replace_a_newer_one(stored_site):
    """Two renders at once: the one that started first may finish last."""
    newer = current_content_revision().number + 5
    ReaderPage.objects.filter(article__slug="fundamentals").update(content_revision=newer, page_html="newer")

    render_reader_pages()
    assert ReaderPage.objects.get(article__slug="fundamentals").page_html == "newer"
    assert ReaderPage.objects.get(article__slug="academic").content_revision == current_content_revision().number


def test_edits_render_the_pages_once_when_their_transaction_commits(stored_site, django_capture_on_commit_callbacks):
    section = Section.objects.filter(article__slug="fundamentals").first()
    with django_capture_on_commit_callbacks() as callbacks:
        after_edit(section)
        after_edit(section.article)
    assert len(callbacks) == 1 and isinstance(callbacks[0], PendingRender)  # one render for both
    assert callbacks[0].everything is False and callbacks[0].factor_ids is None


def test_an_admin_publish_reaches_the_stored_page(
    client, stored_site, editor_client, django_capture_on_commit_callbacks
):
    url = article_url("fundamentals")
    data = form_data(editor_client.get(url), "article")
    anchor = Section.objects.filter(article__slug="fundamentals").order_by("order").first().anchor
    data[section_field(data, anchor, "heading")] = ["Published through the admin"]

    with django_capture_on_commit_callbacks(execute=True):
        response = submit(editor_client, url, data, "_publish")

    assert response.status_code == 302, response.content.decode()[:2000]
    assert is_current("fundamentals")
    assert queries(client, "/learn/fundamentals/") == 2
    assert "Published through the admin" in client.get("/learn/fundamentals/").content.decode()


# --- With a public origin: the same bytes for every host, stored compressed ---------------------

BROWSER = "gzip, deflate, br, zstd"


@pytest.fixture
def public_origin(settings):
    settings.SITE_ORIGIN = "https://igf.example.org"


def test_with_a_public_origin_a_browser_that_takes_brotli_gets_the_stored_compression(client, real_site, public_origin):
    render_reader_pages()
    url = "/learn/academic/"
    plain = client.get(url)
    packed = client.get(url, HTTP_ACCEPT_ENCODING=BROWSER)

    assert packed["Content-Encoding"] == "br"
    assert not plain.has_header("Content-Encoding")
    assert brotli.decompress(packed.content) == plain.content == live(client, url)
    assert '<link rel="canonical" href="https://igf.example.org/learn/academic/">' in plain.content.decode()
    assert len(packed.content) < len(brotli.compress(plain.content, quality=5))  # better than nginx's on the fly
    # Caches keep the two apart, and so do validators.
    assert "Accept-Encoding" in packed["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert packed["ETag"] != plain["ETag"]
    assert client.get(url, HTTP_ACCEPT_ENCODING=BROWSER, HTTP_IF_NONE_MATCH=packed["ETag"]).status_code == 304


def test_compressed_only_for_the_page_and_only_where_it_is_taken(client, real_site, public_origin):
    render_reader_pages()

    assert not client.get("/learn/fundamentals/", HTTP_ACCEPT_ENCODING="gzip, br;q=0").has_header("Content-Encoding")
    fragment = client.get("/learn/fundamentals/", HTTP_ACCEPT_ENCODING=BROWSER, **DEPTH_SWITCH)
    assert not fragment.has_header("Content-Encoding")
    assert fragment.content.startswith(b'\n<article id="article-content"')


def test_without_a_public_origin_nothing_is_stored_compressed(client, stored_site):
    assert set(ReaderPage.objects.values_list("page_br", flat=True)) == {b""}
    assert not client.get("/learn/academic/", HTTP_ACCEPT_ENCODING=BROWSER).has_header("Content-Encoding")


def test_a_page_is_compressed_again_only_when_its_bytes_change(real_site, public_origin, monkeypatch):
    render_reader_pages()
    compressed = []
    real_compress = brotli.compress
    monkeypatch.setattr(brotli, "compress", lambda data, **kw: compressed.append(data) or real_compress(data, **kw))

    render_reader_pages()
    assert compressed == []
    Section.objects.filter(article__slug="fundamentals", order=1).update(heading="A new heading")
    render_reader_pages()
    assert len(compressed) == 1 and b"A new heading" in compressed[0]


@pytest.mark.parametrize(
    ("header", "takes"),
    [
        ("gzip, deflate, br, zstd", True),
        ("BR", True),
        ("br;q=0.5", True),
        ("gzip, br;q=0", False),
        ("gzip", False),
        ("", False),
        ("brotli", False),
    ],
)
def test_accepts_brotli(rf, header, takes):
    assert accepts_brotli(rf.get("/", HTTP_ACCEPT_ENCODING=header)) is takes
