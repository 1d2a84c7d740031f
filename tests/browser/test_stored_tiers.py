"""A tier as most readers get it: the page stored once per change and, with a public origin, sent
with its stored brotli (igfapp/reader_pages.py); Chromium reads it and switches depth in place."""

import pytest
from playwright.sync_api import expect

from igfapp.reader_pages import render_reader_pages
from tests.browser.htmx import htmx_ready

pytestmark = pytest.mark.browser


def test_a_tier_sent_with_its_stored_compression_reads_and_switches_depth(page, site, settings):
    settings.SITE_ORIGIN = site
    render_reader_pages()
    answers = {}
    page.on("response", lambda response: answers.setdefault(response.url, response))

    page.goto(site + "/learn/academic/")
    expect(page.locator("h1")).to_have_text("Academic")
    assert answers[site + "/learn/academic/"].headers["content-encoding"] == "br"
    assert page.locator("link[rel=canonical]").get_attribute("href") == site + "/learn/academic/"

    htmx_ready(page)
    page.evaluate("window.__noReload = true")  # a full page load loses this, an htmx swap keeps it
    page.locator(".depth-switch").get_by_role("link", name="Fundamentals").click()
    expect(page).to_have_url(site + "/learn/fundamentals/")
    expect(page.locator("h1")).to_have_text("Fundamentals")
    assert page.evaluate("window.__noReload") is True
    assert page.console_errors == [], page.console_errors


def test_the_browser_tests_get_the_tiers_as_stored(site):
    """The `site` fixture stores the tiers as an import does: these tests read what readers get."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for slug in ("fundamentals", "intermediate", "academic"):
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(f"/learn/{slug}/").status_code == 200
        made = [q["sql"] for q in queries if not q["sql"].startswith("SET CONSTRAINTS")]
        assert len(made) == 2, made  # the content revision and the stored page
