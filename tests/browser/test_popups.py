"""Glossary and citation pop-up cards in a real browser: hover, keyboard, touch, narrow screens."""

import re

import pytest
from playwright.sync_api import expect

from igfapp.models import GlossaryTerm, Reference

from .htmx import htmx_ready

pytestmark = pytest.mark.browser

TERMS = "#article-content .prose a.term"
CARD = ".popup-card"


def definition(slug: str, level: str) -> str:
    term = GlossaryTerm.objects.get(slug=slug)
    return term.technical_definition if level == "technical" and term.technical_definition else term.plain_definition


def rect(page, locator) -> dict:
    return locator.evaluate(
        "el => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }"
    )


def overlaps(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def assert_fully_visible(page, card_box: dict) -> None:
    width, height = page.evaluate("[document.documentElement.clientWidth, document.documentElement.clientHeight]")
    assert card_box["left"] >= 0 and card_box["right"] <= width, card_box
    assert card_box["top"] >= 0 and card_box["bottom"] <= height, card_box


@pytest.fixture
def phone(browser):
    def make(width: int, height: int = 800):
        context = browser.new_context(viewport={"width": width, "height": height}, has_touch=True, is_mobile=True)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.console_errors = []
        page.on("console", lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
        pages.append(page)
        return page

    pages = []
    yield make
    for page in pages:
        page.context.close()


def test_hovering_a_term_in_academic_shows_its_technical_definition_after_a_delay(page, site):
    page.goto(site + "/learn/academic/")
    term = page.locator(TERMS).first
    slug = term.get_attribute("data-term")
    # Time the card's arrival from inside the page: it must wait for the hover delay.
    page.evaluate(
        """sel => { const t = document.querySelector(sel);
             t.addEventListener('pointerover', () => { window.__hoverAt = performance.now(); }, {once: true});
             new MutationObserver((_, obs) => { if (document.querySelector('.popup-card')) {
               window.__cardAt = performance.now(); obs.disconnect(); } }).observe(document.body, {childList: true, subtree: true}); }""",
        TERMS,
    )
    term.hover()
    card = page.locator(CARD)
    expect(card).to_be_visible()
    expect(card.locator("[data-popup-description]")).to_have_text(definition(slug, "technical"))
    expect(card.get_by_role("link", name=re.compile("Full entry"))).to_have_attribute("href", f"/glossary/{slug}/")
    assert page.evaluate("window.__cardAt - window.__hoverAt") >= 280
    # The definition is the term's accessible description while the card is open.
    expect(term).to_have_attribute("aria-describedby", "popup-card-description")
    expect(term).to_have_accessible_description(definition(slug, "technical"))
    assert not overlaps(rect(page, card), rect(page, term))

    page.mouse.move(1, 1)  # away from term and card
    expect(card).to_have_count(0)
    expect(term).not_to_have_attribute("aria-describedby", re.compile("."))
    assert page.console_errors == []


def test_fundamentals_cards_show_the_plain_definition(page, site):
    page.goto(site + "/learn/fundamentals/")
    term = page.locator(TERMS).first
    term.hover()
    expect(page.locator(CARD + " [data-popup-description]")).to_have_text(
        definition(term.get_attribute("data-term"), "plain")
    )


def test_the_pointer_can_move_onto_the_card_and_the_card_never_shifts_the_text(page, site):
    page.clock.install()  # the card's delays run on a clock the test moves (run_for), not on sleeps
    page.goto(site + "/learn/intermediate/")
    page.evaluate(
        "window.__shift = 0; window.__shifts = new PerformanceObserver(list => {"
        " for (const e of list.getEntries()) window.__shift += e.value; });"
        " window.__shifts.observe({type: 'layout-shift', buffered: false});"
    )
    term = page.locator(TERMS).nth(2)
    term.scroll_into_view_if_needed()
    before = rect(page, term)
    height_before = page.evaluate("document.documentElement.scrollHeight")
    term.hover()
    card = page.locator(CARD)
    expect(card).to_be_visible()
    assert rect(page, term) == before
    assert page.evaluate("document.documentElement.scrollHeight") == height_before
    card.locator(".popup-card__title").hover()  # crossing the gap keeps it open
    page.clock.run_for(1000)  # well past the close delay (popups.js CLOSE_DELAY)
    expect(card).to_be_visible()
    # Shifts not yet delivered to the observer are taken from it directly: no waiting for a report.
    shift = "window.__shift + window.__shifts.takeRecords().reduce((sum, e) => sum + e.value, 0)"
    assert page.evaluate(shift) == 0


def test_keyboard_tab_opens_the_card_escape_closes_it_and_focus_stays(page, site):
    page.goto(site + "/learn/academic/#introduction")
    page.locator("#introduction").focus()
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.term')"):
            break
    term = page.locator("#introduction a.term").first
    expect(term).to_be_focused()
    slug = term.get_attribute("data-term")
    card = page.locator(CARD)
    expect(card).to_be_visible()
    expect(card.locator("[data-popup-description]")).to_have_text(definition(slug, "technical"))
    expect(term).to_have_accessible_description(definition(slug, "technical"))

    # Tab moves into the card (it follows the term in the document), Escape returns to the term.
    page.keyboard.press("Tab")
    expect(card.get_by_role("link", name=re.compile("Full entry"))).to_be_focused()
    page.keyboard.press("Escape")
    expect(card).to_have_count(0)
    expect(term).to_be_focused()

    # Focus back on the term opens nothing by itself; Escape on the term itself also closes.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    expect(term).to_be_focused()
    expect(card).to_be_visible()
    page.keyboard.press("Escape")
    expect(card).to_have_count(0)
    expect(term).to_be_focused()
    assert page.console_errors == []


def test_one_card_at_a_time(page, site):
    page.goto(site + "/learn/academic/#the-growth-hormone-igf-1-axis-molecular-interplay")
    terms = page.locator("#the-growth-hormone-igf-1-axis-molecular-interplay .prose a.term")
    terms.nth(4).hover()
    first_card = rect(page, page.locator(CARD))
    # Point at another term the open card does not cover.
    for i in range(terms.count()):
        other = terms.nth(i)
        box = rect(page, other)
        if i != 4 and box["top"] > 0 and not overlaps(box, first_card):
            break
    page.mouse.move((box["left"] + box["right"]) / 2, (box["top"] + box["bottom"]) / 2)
    expect(page.locator(CARD + " [data-popup-description]")).to_have_text(
        definition(other.get_attribute("data-term"), "technical")
    )
    expect(page.locator(CARD)).to_have_count(1)


def test_a_tap_on_a_390px_phone_opens_a_fully_visible_card_and_a_second_tap_follows_the_link(phone, site):
    page = phone(390, 844)
    page.goto(site + "/learn/fundamentals/")
    term = page.locator(TERMS).nth(3)
    term.scroll_into_view_if_needed()
    slug = term.get_attribute("data-term")
    term.tap()
    card = page.locator(CARD)
    expect(card).to_be_visible()
    expect(page).to_have_url(site + "/learn/fundamentals/")
    assert_fully_visible(page, rect(page, card))
    assert not overlaps(rect(page, card), rect(page, term))

    page.locator("h1").tap()  # tapping elsewhere closes it
    expect(card).to_have_count(0)

    term.tap()
    expect(card).to_be_visible()
    term.tap()
    expect(page).to_have_url(site + f"/glossary/{slug}/")
    assert page.console_errors == []


def test_on_a_320px_screen_every_card_stays_inside_and_beside_its_term(phone, site):
    page = phone(320, 640)
    page.goto(site + "/learn/academic/")
    terms = page.locator(TERMS)
    count = min(terms.count(), 12)
    assert count >= 6
    for i in range(count):
        term = terms.nth(i)
        term.scroll_into_view_if_needed()
        term.tap()
        card = page.locator(CARD)
        expect(card).to_have_count(1)
        expect(card.locator("[data-popup-description]")).to_have_text(
            definition(term.get_attribute("data-term"), "technical")
        )
        card_box = rect(page, card)
        assert_fully_visible(page, card_box)
        assert not overlaps(card_box, rect(page, term)), term.inner_text()
        page.locator("h1").tap()
        expect(card).to_have_count(0)


def test_without_javascript_a_term_is_a_link_to_its_page(nojs_page, site):
    page = nojs_page
    page.goto(site + "/learn/fundamentals/")
    term = page.locator(TERMS).first
    slug = term.get_attribute("data-term")
    term.click()
    expect(page).to_have_url(site + f"/glossary/{slug}/")
    expect(page.locator("h1")).to_have_text(GlossaryTerm.objects.get(slug=slug).term)


def test_pop_ups_can_be_turned_off_from_a_card_and_stay_off(page, site):
    page.clock.install()  # the hover delay runs on a clock the test moves (run_for), not on sleeps
    page.goto(site + "/learn/fundamentals/")
    terms = page.locator(TERMS)
    terms.first.hover()
    page.locator(CARD).get_by_role("button", name="Turn pop-ups off").click()
    expect(page.locator(CARD)).to_have_count(0)
    expect(page.locator(".popup-status")).to_contain_text("Pop-up definitions are off")
    assert page.evaluate("localStorage.getItem('igf:popups')") == "off"
    assert not any(c["name"] == "popups" for c in page.context.cookies())  # nothing for the server

    page.reload()
    terms.nth(1).hover()
    page.clock.run_for(1000)  # well past the hover delay (popups.js HOVER_DELAY): no card opens
    expect(page.locator(CARD)).to_have_count(0)
    slug = terms.nth(1).get_attribute("data-term")
    terms.nth(1).click()
    expect(page).to_have_url(site + f"/glossary/{slug}/")

    # The preference page reads the same stored choice and turns them back on.
    page.goto(site + "/preferences/pop-ups/")
    expect(page.locator(".popup-preference__state")).to_contain_text("off")
    page.get_by_role("button", name="Turn pop-ups on").click()
    page.goto(site + "/learn/fundamentals/")
    page.locator(TERMS).first.hover()
    expect(page.locator(CARD)).to_be_visible()


def test_a_citation_shows_its_reference_card(page, site):
    page.goto(site + "/learn/academic/")
    cite = page.locator("#article-content .prose a.cite").first
    key = cite.get_attribute("data-ref")
    ref = Reference.objects.get(key=key)
    cite.scroll_into_view_if_needed()
    cite.hover()
    card = page.locator(CARD)
    expect(card).to_be_visible()
    expect(card.locator(".popup-card__title")).to_have_text(ref.title)
    if ref.year:
        expect(card).to_contain_text(str(ref.year))
    if ref.journal:
        expect(card).to_contain_text(ref.journal)
    expect(card.locator(".popup-card__status")).to_have_class(re.compile(f"popup-card__status--{ref.status}"))
    expect(card.get_by_role("link", name="Full reference and links")).to_have_attribute(
        "href", f"/references/#ref-{key}"
    )
    page.keyboard.press("Escape")
    expect(card).to_have_count(0)


def test_after_an_htmx_depth_switch_cards_follow_the_new_tier(page, site):
    page.goto(site + "/learn/fundamentals/")
    htmx_ready(page)
    page.locator(".depth-switch").get_by_role("link", name="Academic").click()
    expect(page.locator("h1")).to_have_text("Academic")
    term = page.locator(TERMS).first
    term.hover()
    expect(page.locator(CARD + " [data-popup-description]")).to_have_text(
        definition(term.get_attribute("data-term"), "technical")
    )
    assert page.console_errors == []


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (390, "dark")])
def test_an_open_citation_card_has_no_axe_violations(browser, site, width, scheme):
    from .axe import axe_context, axe_violations

    context = axe_context(browser, width=width, scheme=scheme, reduced_motion="reduce")
    try:
        page = context.new_page()
        page.goto(site + "/learn/academic/")
        page.locator("#article-content .prose a.cite").first.focus()
        expect(page.locator(CARD)).to_be_visible()
        problems = axe_violations(page)
    finally:
        context.close()
    assert not problems, "axe-core violations:\n" + "\n".join(problems)
