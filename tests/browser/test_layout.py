"""Responsive from 320 px to wide screens, nothing shifts as a page loads, motion can be turned off,
and the print stylesheet drops navigation but keeps citations and the glossary as footnotes."""

import pytest
from playwright.sync_api import expect

from tests.page_types import PAGE_IDS, PAGE_TYPES

pytestmark = pytest.mark.browser

# Layout shifts the page made while loading (the CLS metric's raw entries), read once loading is
# over: the load event has fired (so every image, style and script is in), the fonts are ready, and
# two frames have been drawn since (a shift is reported with the frame that draws it).
_SHIFTS = """async () => {
  if (document.readyState !== "complete") await new Promise(done => addEventListener("load", done, {once: true}));
  await document.fonts.ready;
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const observer = new PerformanceObserver(() => {});
  observer.observe({type: "layout-shift", buffered: true});  // the buffered entries are queued at once
  const entries = observer.takeRecords();
  observer.disconnect();
  return entries.filter(e => !e.hadRecentInput).reduce((total, e) => total + e.value, 0);
}"""


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=PAGE_IDS)
def test_no_horizontal_scrolling_at_320px_and_no_layout_shift(browser, site, page_type):
    path = page_type.path()
    for width in (320, 1600):
        context = browser.new_context(viewport={"width": width, "height": 800})
        try:
            page = context.new_page()
            page.goto(site + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
            assert page.evaluate(_SHIFTS) < 0.02, f"{path} shifts while loading at {width}px"
        finally:
            context.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_the_header_keeps_the_theme_toggles_place_before_scripts_show_it(browser, site, width):
    """The toggle is unhidden at DOMContentLoaded; a machine may paint before that, so the header
    must look the same (but for the toggle) whether it is hidden or shown."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.goto(site + "/no-such-page/")
        toggle, menu = page.locator("[data-theme-toggle]"), page.locator(".site-menu")
        shown = (toggle.bounding_box(), menu.bounding_box())
        page.evaluate("document.querySelector('[data-theme-toggle]').hidden = true")
        assert page.evaluate("getComputedStyle(document.querySelector('[data-theme-toggle]')).visibility") == "hidden"
        assert menu.bounding_box() == shown[1]
        assert page.evaluate("document.querySelector('[data-theme-toggle]').getBoundingClientRect().x") == shown[0]["x"]
    finally:
        context.close()


def test_reduced_motion_turns_transitions_off(browser, site):
    for motion, moves in (("reduce", False), ("no-preference", True)):
        context = browser.new_context(reduced_motion=motion)
        page = context.new_page()
        page.goto(site + "/")
        transition = page.evaluate("getComputedStyle(document.querySelector('.site-nav a')).transitionDuration")
        assert (transition not in {"0s", "0s, 0s, 0s"}) is moves, transition
        assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
        context.close()


def test_print_hides_navigation_and_prints_glossary_footnotes(page, site):
    page.goto(site + "/learn/fundamentals/")
    footnotes = page.locator("#introduction .print-glossary")
    expect(footnotes).to_be_hidden()  # on screen, the pop-ups do this job
    page.emulate_media(media="print")
    for selector in [".site-header", ".depth-switch", ".tier-pager", ".theme-toggle", ".axis__factors"]:
        expect(page.locator(selector).first).to_be_hidden()
    expect(footnotes).to_be_visible()
    expect(footnotes).to_contain_text("Growth hormone")
    expect(page.locator("#introduction sup.cites").first).to_be_visible()
    expect(page.locator("#axis-diagram .axis-svg")).to_be_visible()
    expect(page.locator(".site-footer__advice")).to_be_visible()  # the health note stays on paper
    # Paper is white whatever theme the reader chose.
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") in {"rgb(255, 255, 255)"}
