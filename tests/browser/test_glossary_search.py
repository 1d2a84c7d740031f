"""The glossary's live filter and the site search, with htmx and as plain forms without JS."""

import re

import pytest
from playwright.sync_api import expect

from .htmx import htmx_ready

pytestmark = pytest.mark.browser


def test_glossary_filter_updates_live_and_keeps_the_query_in_the_url(page, site):
    page.goto(site + "/glossary/")
    total = page.locator(".glossary-list dt").count()
    assert total >= 40
    page.evaluate("window.__noReload = true")
    htmx_ready(page)
    page.get_by_label("Filter terms").press_sequentially("somato", delay=40)
    expect(page).to_have_url(re.compile(r"/glossary/\?q=somato$"))
    expect(page.locator("#glossary-status")).to_contain_text(re.compile(r"\d+ of \d+ terms match “somato”"))
    names = page.locator(".glossary-list dt > a").all_inner_texts()
    assert "Somatostatin" in names and len(names) < total
    assert "Cortisol" not in names
    assert page.evaluate("window.__noReload") is True, "the filter should swap results in place"
    assert page.console_errors == []


def test_glossary_letter_links_jump_to_their_letter(page, site):
    page.goto(site + "/glossary/")
    page.locator(".letter-nav").get_by_role("link", name="S", exact=True).click()
    expect(page).to_have_url(re.compile("#letter-s$"))
    heading = page.locator("#letter-s-heading")
    expect(heading).to_have_text("S")
    expect(heading).to_be_in_viewport()


def test_glossary_filter_works_without_javascript(nojs_page, site):
    page = nojs_page
    page.goto(site + "/glossary/")
    page.get_by_label("Filter terms").fill("cortisol")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"/glossary/\?q=cortisol$"))
    expect(page.locator(".glossary-list dt > a").first).to_have_text("Cortisol")


def test_site_search_shows_live_ranked_results_with_highlights(page, site):
    page.goto(site + "/search/")
    expect(page.locator(".term-chip").first).to_be_visible()  # the empty state suggests terms
    page.evaluate("window.__noReload = true")
    htmx_ready(page)
    page.get_by_label(re.compile("Search the articles")).press_sequentially("somatostatin", delay=30)
    expect(page).to_have_url(re.compile(r"/search/\?q=somatostatin$"))
    first = page.locator(".search-hit").first
    expect(first.locator(".search-hit__title")).to_have_text("Somatostatin")
    expect(first.locator(".search-hit__kind")).to_contain_text("Glossary")
    expect(page.locator(".search-hit--section mark").first).to_have_text(re.compile("somatostatin", re.IGNORECASE))
    expect(page.locator("#search-status")).to_contain_text("for “somatostatin”")
    assert page.evaluate("window.__noReload") is True
    page.locator(".search-hit--section .search-hit__title a").first.click()
    expect(page).to_have_url(re.compile(r"/learn/\w+/#[\w-]+$"))
    assert page.console_errors == []


def test_a_hostile_query_is_shown_as_text(page, site):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(site + "/search/?q=" + "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    expect(page.locator("#search-status")).to_contain_text("<img src=x onerror=alert(1)>")
    htmx_ready(page)
    page.get_by_label(re.compile("Search the articles")).fill("<script>alert(2)</script>")
    expect(page.locator("#search-status")).to_contain_text("<script>alert(2)</script>")
    assert dialogs == []


def test_site_search_works_without_javascript_and_helps_when_nothing_is_found(nojs_page, site):
    page = nojs_page
    page.goto(site + "/search/")
    page.get_by_label(re.compile("Search the articles")).fill("somatostatn")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"/search/\?q=somatostatn$"))
    expect(page.locator("#search-status")).to_have_text("Nothing found for “somatostatn”.")
    suggestion = page.locator(".term-chip", has_text="Somatostatin")
    suggestion.click()
    expect(page).to_have_url(site + "/glossary/somatostatin/")


@pytest.mark.parametrize("path", ["/search/", "/search/?q=somatostatn", "/glossary/?q=zzzz", "/preferences/pop-ups/"])
def test_empty_and_no_result_states_have_no_axe_violations(browser, site, path):
    from .axe import axe_context, axe_violations

    problems = []
    for width, scheme in [(1280, "light"), (390, "dark")]:
        context = axe_context(browser, width=width, scheme=scheme, reduced_motion="reduce")
        try:
            page = context.new_page()
            page.goto(site + path)
            problems += [f"{width}px {scheme}: {line}" for line in axe_violations(page)]
        finally:
            context.close()
    assert not problems, "axe-core violations:\n" + "\n".join(problems)
