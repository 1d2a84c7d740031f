"""Every anonymous page type is the same bytes for every reader and may be kept by a shared cache;
staff responses never are (issue 15)."""

from __future__ import annotations

import pytest

from igfapp import caching
from tests.page_types import PAGE_IDS, PAGE_TYPES

OK_PAGES = [page for page in PAGE_TYPES if page.status == 200 and page.shared_cacheable]


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize("page_type", OK_PAGES, ids=[p.name for p in OK_PAGES])
def test_every_anonymous_page_type_is_shared_cacheable_and_sets_no_cookie(client, real_site, page_type):
    response = client.get(page_type.path())
    assert response.status_code == 200
    assert "Set-Cookie" not in response and not response.cookies
    assert {"public", f"s-maxage={caching.SHARED_MAX_AGE}"} <= directives(response)
    assert "private" not in directives(response) and "no-store" not in directives(response)
    assert "Cookie" not in response.get("Vary", "")
    assert response["ETag"]


@pytest.mark.parametrize("page_type", OK_PAGES, ids=[p.name for p in OK_PAGES])
def test_two_readers_with_different_cookies_get_the_same_bytes(client, real_site, page_type):
    first = client.get(page_type.path())
    other = client.__class__()
    other.cookies["theme"] = "dark"
    other.cookies["depth"] = "academic"
    other.cookies["popups"] = "off"
    caching.page_store.clear()  # rendered afresh, not repeated from the store
    assert other.get(page_type.path()).content == first.content


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=PAGE_IDS)
def test_staff_responses_are_private_and_never_stored(editor_client, real_site, page_type):
    response = editor_client.get(page_type.path())
    assert {"private", "no-store"} <= directives(response), page_type.name


def test_the_report_form_is_the_one_page_never_cached_and_the_reported_page_stays_shared(client, real_site):
    """The report form carries a CSRF token (a cookie): private, no-store. The page it is linked
    from links it with its own path only, so that page stays the same bytes for everyone."""
    uncached = [page.name for page in PAGE_TYPES if not page.shared_cacheable]
    assert uncached == ["report"]
    form = client.get("/report/?page=/learn/fundamentals/")
    assert {"private", "no-store"} <= directives(form) and "ETag" not in form
    assert 'value="/learn/fundamentals/"' in form.content.decode()
    tier = client.get("/learn/fundamentals/")
    assert {"public", f"s-maxage={caching.SHARED_MAX_AGE}"} <= directives(tier) and not tier.cookies
    assert 'href="/report/?page=/learn/fundamentals/"' in tier.content.decode()


# A question answered (issue 16): the no-JavaScript result page and the htmx fragment are pages too.
ANSWER_STATES = {"answered-page": False, "answered-fragment": True}


def answered_request(fragment: bool) -> tuple[str, dict]:
    from tests.learning_helpers import answer_url, first_question, htmx_headers

    question = first_question("fundamentals")
    return answer_url(question, right=False), htmx_headers(question) if fragment else {}


@pytest.mark.parametrize("fragment", ANSWER_STATES.values(), ids=ANSWER_STATES)
def test_an_answered_question_is_shared_cacheable_the_same_for_every_reader_and_private_for_staff(
    client, editor_client, real_site, fragment
):
    url, headers = answered_request(fragment)
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    assert "Set-Cookie" not in response and not response.cookies
    assert {"public", f"s-maxage={caching.SHARED_MAX_AGE}"} <= directives(response)
    assert "HX-Request" in response["Vary"] and "Cookie" not in response.get("Vary", "")
    other = client.__class__()
    other.cookies["theme"] = "dark"
    caching.page_store.clear()
    assert other.get(url, headers=headers).content == response.content
    assert {"private", "no-store"} <= directives(editor_client.get(url, headers=headers))
