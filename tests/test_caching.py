"""Conditional GET, the page cache and invalidation (igfapp/caching.py)."""

import time

import pytest
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from igfapp import caching
from igfapp.caching import page_store
from igfapp.models import GlossaryTerm, Status

from .conftest import settle_content

HOME = "/"
ARTICLE = "/learn/basics/"
TERM = "/glossary/igf-1/"


def get(client, url, **headers):
    return client.get(url, headers=headers)


@pytest.fixture
def small_site(small_site):
    """The fixture content, imported a while ago."""
    settle_content()
    return small_site


def page_queries(captured) -> list[str]:
    """Queries a request made, without PostgreSQL's in-test SET CONSTRAINTS (see current_content_revision)."""
    return [q["sql"] for q in captured if not q["sql"].startswith("SET CONSTRAINTS")]


def returning_reader(client, slug="basics"):
    """A reader whose browser sends cookies of its own (old preferences, analytics, anything)."""
    client.cookies["depth"] = slug
    client.cookies["theme"] = "dark"
    return client


# --- Conditional GET -----------------------------------------------------------------------


@pytest.mark.parametrize("url", [HOME, TERM, "/glossary/"])
def test_a_repeated_conditional_get_is_answered_304(client, small_site, url):
    first = get(client, url)
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"]

    again = get(client, url, if_none_match=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_if_modified_since_alone_is_answered_304(client, small_site):
    first = get(client, TERM)
    assert get(client, TERM, if_modified_since=first["Last-Modified"]).status_code == 304


@pytest.mark.parametrize("header", ["if_none_match", "if_modified_since"])
def test_a_304_needs_no_stored_page(client, small_site, header):
    """Another worker, or an evicted page: the validators alone decide."""
    first = get(client, TERM)
    page_store.clear()
    value = first["ETag"] if header == "if_none_match" else first["Last-Modified"]
    assert get(client, TERM, **{header: value}).status_code == 304


def test_a_stored_page_never_reaches_a_logged_in_editor(client, small_site, django_user_model):
    assert get(client, TERM).status_code == 200  # stored for anonymous readers
    editor = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    client.force_login(editor)
    response = get(client, TERM)
    assert not getattr(response, "from_page_cache", False)
    assert "no-store" in response["Cache-Control"]


def test_last_modified_waits_until_the_second_of_an_edit_is_over(client, small_site):
    """Else a second edit in the same second would leave If-Modified-Since answering 304."""
    old = get(client, TERM)
    GlossaryTerm.objects.filter(slug="igf-1").update(plain_definition="Edited twice in one second.")

    fresh = get(client, TERM)
    assert "Last-Modified" not in fresh and fresh["ETag"] != old["ETag"]
    assert get(client, TERM, if_modified_since=old["Last-Modified"]).status_code == 200

    settle_content(seconds=2)
    assert "Last-Modified" in get(client, TERM)


def test_a_304_costs_one_query_and_renders_nothing(client, small_site):
    etag = get(client, TERM)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = get(client, TERM, if_none_match=etag)
    assert response.status_code == 304
    assert len(page_queries(queries)) == 1
    assert "contentrevision" in page_queries(queries)[0]


def test_a_stale_etag_gets_the_full_page(client, small_site):
    response = get(client, TERM, if_none_match='"not-the-current-one"')
    assert response.status_code == 200
    assert b"IGF-1" in response.content


def test_anonymous_pages_may_be_kept_by_shared_caches_for_seconds(client, small_site):
    response = get(client, TERM)
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {
        "public",
        "max-age=0",  # browsers ask again every time (a 304 while nothing changed)
        f"s-maxage={caching.SHARED_MAX_AGE}",
        f"stale-while-revalidate={caching.STALE_WHILE_REVALIDATE}",
        "stale-if-error=86400",
    }
    assert caching.EDIT_REACHES_READERS_SECONDS <= 10
    vary = {v.strip() for v in response["Vary"].split(",")}
    assert "HX-Request" in vary and "Cookie" not in vary  # a Vary a CDN can honour
    assert not response.cookies


@pytest.mark.parametrize("url", [HOME, ARTICLE, TERM, "/glossary/", "/factors/", "/cards/term/igf-1/"])
def test_a_readers_cookies_never_change_the_page(client, small_site, url):
    anonymous = get(client.__class__(), url)
    with_cookies = get(returning_reader(client), url)
    assert with_cookies.content == anonymous.content
    assert with_cookies["ETag"] == anonymous["ETag"]
    assert not with_cookies.cookies and not anonymous.cookies


def test_htmx_fragment_and_full_page_have_different_etags(client, small_site):
    returning_reader(client)
    page = get(client, ARTICLE)
    fragment = get(client, ARTICLE, hx_request="true")
    assert page["ETag"] != fragment["ETag"]
    assert len(fragment.content) < len(page.content)
    assert get(client, ARTICLE, hx_request="true", if_none_match=page["ETag"]).status_code == 200


def test_a_response_that_sets_a_cookie_has_no_validators_and_is_not_public(rf):
    response = HttpResponse("page")
    response.set_cookie("csrftoken", "secret")
    caching._without_validators(response)
    assert "ETag" not in response and "private" in response["Cache-Control"]


def test_the_article_page_sets_no_cookie(client, small_site):
    for url in (ARTICLE, "/learn/middle/", HOME):
        response = get(client, url)
        assert not response.cookies, url
        assert "Set-Cookie" not in response


def test_staff_pages_are_never_stored(client, small_site, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    client.force_login(editor)
    response = get(client, TERM)
    assert "no-store" in response["Cache-Control"]
    assert "ETag" not in response


def test_a_draft_seen_by_an_editor_never_reaches_an_anonymous_reader(client, small_site, django_user_model):
    GlossaryTerm.objects.filter(slug="igf-1").update(status=Status.DRAFT)
    editor = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    client.force_login(editor)
    assert get(client, TERM).status_code == 200  # editors preview drafts
    client.logout()
    assert get(client, TERM).status_code == 404


def test_errors_carry_no_validators(client, small_site):
    response = get(client, "/glossary/no-such-term/")
    assert response.status_code == 404
    assert "ETag" not in response


def test_the_health_check_takes_no_part(client, db):
    response = get(client, "/healthz")
    assert "ETag" not in response
    assert "no-store" in response["Cache-Control"]


def test_the_admin_takes_no_part(client, db):
    response = get(client, reverse("admin:login"))
    assert "ETag" not in response


# --- Invalidation: every kind of write is visible on the next request ---------------------


def _etag_and_body(client, url):
    response = get(client, url)
    assert response.status_code == 200
    return response["ETag"], response.content.decode()


def test_a_model_save_changes_the_etag_and_the_page(client, small_site):
    etag, _ = _etag_and_body(client, TERM)
    term = GlossaryTerm.objects.get(slug="igf-1")
    term.plain_definition = "A brand-new definition for the test."
    term.save()

    new_etag, body = _etag_and_body(client, TERM)
    assert new_etag != etag
    assert "A brand-new definition for the test." in body
    assert get(client, TERM, if_none_match=etag).status_code == 200


def test_a_queryset_update_is_seen_too(client, small_site):
    """Re-rendering stored HTML uses QuerySet.update(), which sends no signals."""
    etag, _ = _etag_and_body(client, TERM)
    GlossaryTerm.objects.filter(slug="igf-1").update(term="IGF-one (updated)")
    new_etag, body = _etag_and_body(client, TERM)
    assert new_etag != etag
    assert "IGF-one (updated)" in body


def test_publishing_a_draft_shows_it_at_once(client, small_site):
    GlossaryTerm.objects.filter(slug="igf-1").update(status=Status.DRAFT)
    assert get(client, TERM).status_code == 404
    index_etag = get(client, "/glossary/")["ETag"]

    GlossaryTerm.objects.filter(slug="igf-1").update(status=Status.PUBLISHED)

    assert get(client, TERM).status_code == 200
    assert get(client, "/glossary/", if_none_match=index_etag).status_code == 200


def test_a_deletion_is_seen(client, small_site):
    etag, body = _etag_and_body(client, "/glossary/")
    assert "Pituitary gland" in body
    GlossaryTerm.objects.filter(slug="pituitary-gland").delete()
    new_etag, body = _etag_and_body(client, "/glossary/")
    assert new_etag != etag
    assert "Pituitary gland" not in body


def test_the_page_cache_serves_a_repeat_without_rendering(client, small_site):
    first = get(client, TERM)
    with CaptureQueriesContext(connection) as queries:
        second = get(client, TERM)
    assert second.content == first.content
    assert getattr(second, "from_page_cache", False)
    assert len(page_queries(queries)) == 1  # the content revision; no page queries


def test_the_page_cache_never_serves_an_edited_page(client, small_site):
    get(client, TERM)
    GlossaryTerm.objects.filter(slug="igf-1").update(plain_definition="Edited just now.")
    assert "Edited just now." in get(client, TERM).content.decode()


def test_the_page_cache_serves_every_reader_the_same_stored_page(client, small_site):
    first = get(client, ARTICLE)
    second = get(client.__class__(), ARTICLE)  # another reader
    assert getattr(second, "from_page_cache", False)
    assert second.content == first.content and second["ETag"] == first["ETag"]


@pytest.mark.parametrize("cookie", [settings.CSRF_COOKIE_NAME, settings.SESSION_COOKIE_NAME])
def test_the_page_cache_never_stores_a_secret_cookie(rf, cookie):
    """A CSRF or session cookie belongs to one client: repeating it to others would leak it."""
    response = HttpResponse("page")
    response.set_cookie(cookie, "secret-of-one-client")
    assert not caching._storable(rf.get("/"), response)
    assert caching._storable(rf.get("/"), HttpResponse("page"))


def test_the_page_store_is_bounded_by_size():
    store = caching.PageStore(max_bytes=12_000)  # room for two 5 KB pages
    page = caching.StoredPage(etag="x", content=b"x" * 3000, headers=(), attributes=())
    for i in range(10):
        store.set(str(i), page)
    assert len(store) == 2
    assert store.get("9") is page and store.get("0") is None


def test_a_new_release_changes_every_etag(client, small_site, monkeypatch):
    etag = get(client, TERM)["ETag"]
    monkeypatch.setattr(caching, "release_stamp", lambda: ("another-release", time.time()))
    assert get(client, TERM)["ETag"] != etag
