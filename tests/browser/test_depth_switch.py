"""Switching depth keeps the reader's place, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from .htmx import htmx_ready

pytestmark = pytest.mark.browser

FUNDAMENTALS_SECTION = "/learn/fundamentals/#what-governs-igf-1-production"
ACADEMIC_SECTION = "/learn/academic/#the-growth-hormone-igf-1-axis-molecular-interplay"


def in_viewport(page, selector):
    return page.eval_on_selector(
        selector,
        "el => { const r = el.getBoundingClientRect(); return r.top >= -2 && r.top < window.innerHeight; }",
    )


def test_depth_switch_with_htmx_keeps_topic_and_back_returns(page, site):
    page.goto(site + FUNDAMENTALS_SECTION)
    section = page.locator("#what-governs-igf-1-production")
    expect(section.get_by_role("heading", level=2)).to_have_text("What Governs IGF-1 Production?")
    # Mark the document: a full page load would lose this, an htmx swap keeps it.
    page.evaluate("window.__noReload = true")
    htmx_ready(page)

    section.get_by_role("link", name="Academic").click()

    expect(page).to_have_url(site + ACADEMIC_SECTION)
    heading = page.locator("#the-growth-hormone-igf-1-axis-molecular-interplay h2")
    expect(heading).to_have_text("The Growth Hormone-IGF-1 Axis Molecular Interplay")
    expect(page.locator("h1")).to_have_text("Academic")
    assert page.evaluate("window.__noReload") is True, "the article should be swapped in place"
    page.wait_for_function("() => document.title.startsWith('Academic')")
    assert in_viewport(page, "#the-growth-hormone-igf-1-axis-molecular-interplay")

    page.go_back()
    expect(page).to_have_url(site + FUNDAMENTALS_SECTION)
    expect(page.locator("h1")).to_have_text("Fundamentals")
    page.wait_for_function(
        "() => { const r = document.getElementById('what-governs-igf-1-production').getBoundingClientRect();"
        " return r.top >= -2 && r.top < window.innerHeight; }"
    )
    assert page.console_errors == []


def test_depth_switch_without_javascript_is_a_plain_link(nojs_page, site):
    page = nojs_page
    page.goto(site + FUNDAMENTALS_SECTION)
    page.locator("#what-governs-igf-1-production").get_by_role("link", name="Academic").click()
    expect(page).to_have_url(site + ACADEMIC_SECTION)
    expect(page.locator("h1")).to_have_text("Academic")
    assert in_viewport(page, "#the-growth-hormone-igf-1-axis-molecular-interplay")

    page.go_back()
    expect(page).to_have_url(site + FUNDAMENTALS_SECTION)
    expect(page.locator("h1")).to_have_text("Fundamentals")


def test_chosen_depth_is_remembered_on_the_home_page(page, site):
    page.goto(site + "/learn/intermediate/")
    page.goto(site + "/")
    expect(page.get_by_role("link", name=re.compile("Continue at your level: Intermediate"))).to_be_visible()
