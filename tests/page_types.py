"""Every page type of the site, for the checks that must hold on all of them (axe-core, the Nu
HTML checker, console errors, security headers, layout). A URL name that does not exist fails
every one of those tests (it never skips them): a renamed URL must be renamed here too."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import NoReverseMatch, reverse

NOT_FOUND_PATH = "/no-such-page/"


@dataclass(frozen=True)
class PageType:
    name: str
    url_name: str
    kwargs: dict | None = None
    query: str = ""
    status: int = 200
    # False for the one page a reader writes to (the report form): never kept by any cache.
    shared_cacheable: bool = True

    def path(self) -> str:
        """The page's path; fails the test when its URL name does not resolve."""
        if self.url_name == "404":
            return NOT_FOUND_PATH
        try:
            return reverse(self.url_name, kwargs=self.kwargs) + self.query
        except NoReverseMatch:
            pytest.fail(f"page type {self.name!r}: URL name {self.url_name!r} does not exist (renamed?)")


PAGE_TYPES = [
    PageType("home", "home"),
    PageType("fundamentals", "article", {"slug": "fundamentals"}),
    PageType("intermediate", "article", {"slug": "intermediate"}),
    PageType("academic", "article", {"slug": "academic"}),
    PageType("factors", "factors"),
    PageType("glossary", "glossary"),
    PageType("term", "glossary-term", {"slug": "igf-1"}),
    PageType("references", "references"),
    PageType("sources", "sources"),
    PageType("search", "search", query="?q=sleep"),
    PageType("changes", "changes"),
    PageType("report", "report", query="?page=/learn/fundamentals/", shared_cacheable=False),
    PageType("report-thanks", "report-thanks", query="?page=/learn/fundamentals/"),
    PageType("corrections", "corrections"),
    PageType("standards", "site-page", {"slug": "standards"}),
    PageType("review", "review"),
    PageType("404", "404", status=404),
]

PAGE_IDS = [page.name for page in PAGE_TYPES]
