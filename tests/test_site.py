"""Site-wide checks: migrations are complete; every named URL answers, every page with one <h1>.

The URLs come from the URLconf itself, not from a list kept by hand: each named URL of the site is
visited with arguments taken from the real content (every article, every glossary term, ...). A URL
is a page unless NOT_PAGES says what else it answers (a download, a card fragment, the health
check), so a new URL fails here until someone decides which it is and, if it has arguments, where
real values for them come from (ARGUMENTS).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from igfapp.models import Article, GlossaryTerm, Reference, SitePage
from tests.page_types import PAGE_TYPES


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


# URL name -> the keyword arguments to visit it with, every one taken from the real content.
ARGUMENTS: dict[str, Callable[[], list[dict]]] = {
    "article": lambda: [{"slug": slug} for slug in Article.objects.published().values_list("slug", flat=True)],
    "glossary-term": lambda: [
        {"slug": slug} for slug in GlossaryTerm.objects.published().values_list("slug", flat=True)
    ],
    "glossary-card": lambda: [{"slug": GlossaryTerm.objects.published().values_list("slug", flat=True).first()}],
    "reference-card": lambda: [{"key": Reference.objects.values_list("key", flat=True).first()}],
    "reference-bibtex": lambda: [{"key": Reference.objects.values_list("key", flat=True).first()}],
    "reference-ris": lambda: [{"key": Reference.objects.values_list("key", flat=True).first()}],
    "tier-changes-feed": lambda: [
        {"slug": slug} for slug in Article.objects.published().values_list("slug", flat=True)
    ],
    "change": lambda: [{"pk": a_recorded_change().pk}],
    "site-page": lambda: [{"slug": slug} for slug in SitePage.objects.values_list("slug", flat=True)],
}


def a_recorded_change():
    """The real content has no change recorded yet: record one, a real edit of a glossary term."""
    from igfapp.change_log import change_note, record_public_changes

    record_public_changes()  # the baseline
    term = GlossaryTerm.objects.published().first()
    term.plain_definition += " (Edited in a test.)"
    term.save()
    with change_note("Edited in a test."):
        return record_public_changes()[0]


# URL name -> (status, content type) of a plain GET: what a URL that is not an HTML page answers.
NOT_PAGES = {
    "robots": (200, "text/plain"),  # what crawlers ask for first
    "sitemap": (200, "application/xml"),
    "favicon": (302, ""),  # to the hashed icon
    "glossary-card": (200, "text/html"),  # a fragment that popups.js puts into a page
    "reference-card": (200, "text/html"),
    "factors-csv": (200, "text/csv"),
    "factors-json": (200, "application/json"),
    "review-questions-csv": (200, "text/csv"),
    "review-glossary-csv": (200, "text/csv"),
    "review-anki": (200, "application/octet-stream"),
    "references-bibtex": (200, "application/x-bibtex"),
    "references-ris": (200, "application/x-research-info-systems"),
    "reference-bibtex": (200, "application/x-bibtex"),
    "reference-ris": (200, "application/x-research-info-systems"),
    "healthz": (200, "application/json"),
    "livez": (200, "application/json"),
    "readyz": (200, "application/json"),
    "markdown-preview": (405, ""),  # the editors' live preview: POST only
    "changes-feed": (200, "application/atom+xml"),  # the change log's feeds
    "tier-changes-feed": (200, "application/atom+xml"),
}

# Namespaces included whole: their URLs are not the site's own pages.
INCLUDED = {"admin": "Django's admin (its own templates; the editorial screens have their own tests)"}


def site_url_names() -> list[str]:
    """Every named URL of the site's URLconf, in its order (included namespaces aside)."""
    return [p.name for p in get_resolver().url_patterns if isinstance(p, URLPattern) and p.name]


def included_namespaces() -> list[str]:
    return [p.namespace for p in get_resolver().url_patterns if isinstance(p, URLResolver)]


URL_NAMES = site_url_names()
PAGE_NAMES = [name for name in URL_NAMES if name not in NOT_PAGES]


def urls_for(name: str) -> list[str]:
    pattern = next(p for p in get_resolver().url_patterns if getattr(p, "name", None) == name)
    if not pattern.pattern.converters:
        return [reverse(name)]
    if name not in ARGUMENTS:
        pytest.fail(f"URL {name!r} takes arguments: say in ARGUMENTS which real content fills them")
    kwargs_list = ARGUMENTS[name]()
    assert kwargs_list, f"the real content has nothing to visit {name!r} with"
    return [reverse(name, kwargs=kwargs) for kwargs in kwargs_list]


def test_every_included_namespace_is_a_decision():
    assert set(included_namespaces()) == set(INCLUDED)


def test_the_lists_name_only_urls_that_exist():
    assert set(NOT_PAGES) <= set(URL_NAMES)
    assert set(ARGUMENTS) <= set(URL_NAMES)


def test_the_site_has_pages_and_other_urls():
    # Guards the test itself: reading the URLconf found the site's URLs.
    assert {"home", "article", "glossary", "factors", "references", "search"} <= set(PAGE_NAMES)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_page_has_exactly_one_h1_and_a_main_landmark(client, real_site, name):
    for url in urls_for(name):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html"), (
            f"{url} answers {response['Content-Type']}: if it is not a page, list {name!r} in NOT_PAGES"
        )
        html = response.content.decode()
        assert len(re.findall(r"<h1[\s>]", html)) == 1, url
        assert '<main id="main"' in html, url
        assert '<html lang="en-GB">' in html, url


@pytest.mark.parametrize("name", list(NOT_PAGES))
def test_every_url_that_is_not_a_page_answers_as_listed(client, real_site, name):
    status, content_type = NOT_PAGES[name]
    for url in urls_for(name):
        response = client.get(url)
        assert response.status_code == status, url
        assert response.get("Content-Type", "").startswith(content_type), url


def test_every_page_type_names_a_url_that_exists():
    """The browser, validity and header tests visit tests/page_types.py's list; a stale URL name
    there fails them (and this quick test) rather than skipping them."""
    for page_type in PAGE_TYPES:
        assert page_type.path().startswith("/"), page_type
