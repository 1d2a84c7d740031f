"""Keyboard only: from the home page into an article, a pop-up, a depth switch and a sorted table,
with a visible focus indicator at every stop."""

import re

import pytest
from playwright.sync_api import expect

from .focus import assert_focus_visible, assert_focus_visible_once_settled, focused, tab_until
from .htmx import wait_for_htmx

pytestmark = pytest.mark.browser


@pytest.fixture
def keyboard_page(browser):
    def make(width=1280, height=900):
        context = browser.new_context(viewport={"width": width, "height": height}, reduced_motion="reduce")
        page = context.new_page()
        page.set_default_timeout(10_000)
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.console_errors = errors
        contexts.append(context)
        return page

    contexts = []
    yield make
    for context in contexts:
        context.close()


def test_keyboard_walk_home_article_popup_depth_and_table(keyboard_page, site):
    page = keyboard_page()
    page.goto(site + "/")

    # The first stop is the skip link, and it is visible when focused.
    page.keyboard.press("Tab")
    info = assert_focus_visible(page, "on the skip link")
    assert info["text"] == "Skip to content"

    # Through the whole home page (navigation, the diagram's nodes and factors) to a depth card.
    tab_until(
        page,
        lambda f: (
            f["href"].endswith("/learn/fundamentals/")
            and "depth" in page.evaluate("document.activeElement.closest('.depth-cards') ? 'depth' : ''")
        ),
    )
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Fundamentals")

    # A glossary term: focus opens its pop-up, Escape closes it and focus stays on the term.
    tab_until(page, lambda f: page.evaluate("document.activeElement.matches('.prose a.term')"))
    term = focused(page)["text"]
    card = page.locator("[data-popup-card]")
    expect(card).to_be_visible()
    page.keyboard.press("Escape")
    expect(card).to_have_count(0)
    assert focused(page)["text"] == term
    assert_focus_visible(page, "back on the term after Escape")

    # Switch depth from a section's "read this at another depth" links (htmx swap).
    tab_until(
        page,
        lambda f: f["text"] == "Intermediate" and page.evaluate("document.activeElement.matches('[data-depth-link]')"),
    )
    wait_for_htmx(page)  # focus on an htmx control loads it (static/js/htmx_loader.js)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Intermediate")
    expect(page).to_have_url(re.compile(r"/learn/intermediate/"))
    # Focus moves to where the reader landed (site.js), not back to the top of the page.
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'introduction'")

    # Sort the embedded factor table by a column (past every term link of the text and of the
    # "In plain words" summaries, each with its pop-up's two links).
    tab_until(page, lambda f: page.evaluate("document.activeElement.matches('.factor-sort')"), limit=400)
    column = page.evaluate("document.activeElement.closest('th').className")
    page.keyboard.press("Enter")
    header = page.locator(f"th[class='{column}']")
    expect(header).to_have_attribute("aria-sort", re.compile("ascending|descending"))
    expect(page).to_have_url(re.compile(r"sort="))
    assert_focus_visible_once_settled(page, "after sorting")
    assert page.console_errors == []


def test_diagram_is_operable_with_the_keyboard(keyboard_page, site):
    page = keyboard_page()
    page.goto(site + "/")
    # The factors come before the drawing, so a choice is made before reaching what it lights up.
    tab_until(page, lambda f: page.evaluate("document.activeElement.dataset.axisFactor === 'chronic-stress'"))
    page.keyboard.press("Enter")
    expect(page.locator("#axis-diagram [data-axis-key='gh']")).to_have_class(re.compile(r"\bis-active\b"))
    expect(page.locator("#axis-factor-chronic-stress")).to_be_visible()
    assert_focus_visible(page, "on the chosen factor")

    tab_until(page, lambda f: page.evaluate("document.activeElement.dataset.axisKey === 'gh'"))
    expect(page.locator("[data-popup-card]")).to_be_visible()  # the node's definition
    expect(page.locator("[data-popup-card]")).to_contain_text("pituitary")


def test_narrow_menu_opens_and_closes_with_the_keyboard(keyboard_page, site):
    page = keyboard_page(width=390, height=844)
    page.goto(site + "/")
    nav_link = page.locator(".site-nav").get_by_role("link", name="Glossary")
    expect(nav_link).to_be_hidden()

    info = tab_until(page, lambda f: f["tag"] == "summary", limit=10)
    assert info["text"] == "Menu"
    assert page.evaluate("document.activeElement.parentElement.open") is False
    page.keyboard.press("Enter")
    expect(nav_link).to_be_visible()
    tab_until(page, lambda f: f["text"] == "Glossary", limit=15)

    page.keyboard.press("Escape")
    expect(nav_link).to_be_hidden()
    assert focused(page)["tag"] == "summary"


def test_wide_navigation_needs_no_disclosure(keyboard_page, site):
    page = keyboard_page()
    page.goto(site + "/")
    expect(page.locator(".site-menu__button")).to_be_hidden()
    for name in [
        "Home",
        "Fundamentals",
        "Intermediate",
        "Academic",
        "Lifestyle factors",
        "Glossary",
        "References",
        "Sources & evidence",
        "Search",
    ]:
        expect(page.locator(".site-nav").get_by_role("link", name=name, exact=True)).to_be_visible()
    tab_until(page, lambda f: f["text"] == "Search", limit=20)
