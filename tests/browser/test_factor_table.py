"""The lifestyle-factor table in a real browser: sorting, filtering, expanding rows, Back, the same
flows without JavaScript, and the card layout on a phone."""

import re

import pytest
from playwright.sync_api import expect

from .htmx import htmx_ready

pytestmark = pytest.mark.browser

NAMES_ASCENDING = [
    "Caloric Sufficiency",
    "Carbohydrate and Insulin",
    "Cardiovascular Exercise",
    "Chronic Stress",
    "Deep Sleep",
    "Protein Intake",
    "Resistance Training",
    "Sex Hormones",
]
DOCUMENT_ORDER = [
    "Protein Intake",
    "Resistance Training",
    "Deep Sleep",
    "Chronic Stress",
    "Caloric Sufficiency",
    "Carbohydrate and Insulin",
    "Cardiovascular Exercise",
    "Sex Hormones",
]


def names(page) -> list[str]:
    return page.locator("#factor-results .factor__title").all_inner_texts()


def htmx_settled(page) -> None:
    """Wait until htmx has finished swapping and settling: the swapped-in form only listens for
    changes once htmx has processed it, so acting earlier (on a loaded machine) loses the change."""
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")).to_have_count(0)


def mark_document(page) -> None:
    """A full page load forgets this mark; an htmx swap keeps it."""
    page.evaluate("window.__noReload = true")


def still_same_document(page) -> bool:
    return page.evaluate("window.__noReload === true")


def name_header(page):
    return page.locator("th.factor-grid__col--name")


# --- With JavaScript ----------------------------------------------------------------------------


def test_sorting_by_a_column_changes_the_order_in_place(page, site):
    page.goto(site + "/factors/")
    assert names(page) == DOCUMENT_ORDER
    mark_document(page)
    htmx_ready(page)

    page.get_by_role("link", name=re.compile("^Lifestyle Factor")).click()
    expect(name_header(page)).to_have_attribute("aria-sort", "ascending")
    expect(page).to_have_url(site + "/factors/?sort=name")
    assert names(page) == NAMES_ASCENDING
    expect(page.locator("#factor-sort-name")).to_be_focused()  # focus stays on the control used

    page.locator("#factor-sort-name").click()
    expect(name_header(page)).to_have_attribute("aria-sort", "descending")
    expect(page).to_have_url(site + "/factors/?sort=name&dir=desc")
    assert names(page) == NAMES_ASCENDING[::-1]
    assert still_same_document(page)
    assert page.console_errors == []


def test_filter_to_suppresses_shows_only_chronic_stress(page, site):
    page.goto(site + "/factors/")
    mark_document(page)
    htmx_ready(page)
    page.get_by_label("Effect on IGF-1").select_option("suppresses")

    expect(page).to_have_url(site + "/factors/?effect=suppresses")
    expect(page.locator("#factor-results .factor__title")).to_have_text(["Chronic Stress"])
    expect(page.locator("#factor-count")).to_have_text(re.compile(r"^Showing 1 of 8 factors"))
    for effect in page.locator("#factor-results .effect").all_inner_texts():
        assert effect.endswith("Suppresses")
    assert still_same_document(page)
    assert page.console_errors == []


def test_text_filter_while_typing_keeps_focus(page, site):
    page.goto(site + "/factors/")
    htmx_ready(page)
    box = page.get_by_label("Search the table")
    box.press_sequentially("cortisol", delay=30)
    expect(page.locator("#factor-results .factor__title")).to_have_text(["Chronic Stress"])
    expect(page).to_have_url(site + "/factors/?q=cortisol")  # empty fields stay out of the URL
    expect(box).to_be_focused()
    expect(box).to_have_value("cortisol")

    # Leaving the field asks for the view already shown: no request, no second history entry.
    page.keyboard.press("Tab")
    page.go_back()
    expect(page).to_have_url(site + "/factors/")
    expect(page.locator("#factor-results .factor__title")).to_have_text(DOCUMENT_ORDER)
    page.go_forward()
    expect(page).to_have_url(site + "/factors/?q=cortisol")
    box = page.get_by_label("Search the table")
    expect(box).to_have_value("cortisol")

    box.fill("no such factor")
    expect(page.locator(".factor-empty")).to_contain_text("No factors match “no such factor” with these filters.")
    page.locator(".factor-empty").get_by_role("link", name="Clear filters").click()
    expect(page).to_have_url(site + "/factors/")
    expect(page.locator("#factor-results .factor__title")).to_have_text(DOCUMENT_ORDER)
    expect(page.get_by_label("Search the table")).to_have_value("")


def test_expand_a_row_with_the_keyboard(page, site):
    page.goto(site + "/factors/")
    toggle = page.locator("#factor-deep-sleep [data-factor-toggle]")
    detail = page.locator("#factor-deep-sleep-detail")
    expect(toggle).to_have_js_property("tagName", "BUTTON")  # the no-JS link became a button
    expect(toggle).to_have_attribute("aria-controls", "factor-deep-sleep-detail")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(detail).to_be_hidden()

    # Reach it by keyboard: Tab from the row before it until the button has focus.
    page.locator("#factor-resistance-training [data-factor-toggle]").focus()
    page.keyboard.press("Tab")
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(detail).to_be_visible()
    expect(detail).to_contain_text("Sleep-linked pulsatile GH secretion")
    expect(detail.get_by_role("link", name="How Do Sleep and Stress Affect Endogenous IGF-1?")).to_have_attribute(
        "href", "/learn/intermediate/#how-do-sleep-and-stress-affect-endogenous-igf-1"
    )
    expect(detail.locator("a.term").first).to_be_visible()
    expect(detail.locator(".factor-sources a").first).to_be_visible()

    page.keyboard.press("Space")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(detail).to_be_hidden()
    expect(page).to_have_url(site + "/factors/")  # opening a row is not a navigation
    assert page.console_errors == []


def test_a_link_to_a_row_opens_it(page, site):
    page.goto(site + "/factors/#factor-chronic-stress")
    expect(page.locator("#factor-chronic-stress-detail")).to_be_visible()
    expect(page.locator("#factor-chronic-stress [data-factor-toggle]")).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#factor-deep-sleep-detail")).to_be_hidden()


def test_back_restores_the_previous_view(page, site):
    page.goto(site + "/factors/")
    htmx_ready(page)
    page.locator("#factor-sort-name").click()
    expect(page).to_have_url(site + "/factors/?sort=name")
    htmx_settled(page)
    page.get_by_label("Effect on IGF-1").select_option("supports")
    expect(page).to_have_url(site + "/factors/?effect=supports&sort=name")
    htmx_settled(page)
    page.get_by_label("Rows").select_option("editors")
    expect(page).to_have_url(site + "/factors/?effect=supports&origin=editors&sort=name")
    # Sex Hormones has no direction ("unclear"): its claims are unchecked (issue 12).
    expect(page.locator("#factor-results .factor__title")).to_have_text(["Cardiovascular Exercise"])

    page.go_back()
    expect(page).to_have_url(site + "/factors/?effect=supports&sort=name")
    expect(page.locator("#factor-results .factor__title")).to_have_text(
        ["Caloric Sufficiency", "Cardiovascular Exercise", "Deep Sleep"]
    )
    # The form matches the restored view, not the page the form was first rendered in.
    expect(page.get_by_label("Effect on IGF-1")).to_have_value("supports")
    expect(page.get_by_label("Rows")).to_have_value("")
    expect(name_header(page)).to_have_attribute("aria-sort", "ascending")

    page.go_back()
    expect(page).to_have_url(site + "/factors/?sort=name")
    expect(page.locator("#factor-results .factor__title")).to_have_text(NAMES_ASCENDING)
    expect(page.get_by_label("Effect on IGF-1")).to_have_value("")

    page.go_back()
    expect(page).to_have_url(site + "/factors/")
    expect(page.locator("#factor-results .factor__title")).to_have_text(DOCUMENT_ORDER)
    expect(name_header(page)).not_to_have_attribute("aria-sort", re.compile("."))

    page.go_forward()
    expect(page).to_have_url(site + "/factors/?sort=name")
    expect(page.locator("#factor-results .factor__title")).to_have_text(NAMES_ASCENDING)
    assert page.console_errors == []


def test_the_table_in_the_intermediate_article(page, site):
    page.goto(site + "/learn/intermediate/")
    section = page.locator("#how-do-sleep-and-stress-affect-endogenous-igf-1")
    expect(section.locator("#factor-table")).to_be_visible()
    mark_document(page)
    htmx_ready(page)

    effect = section.get_by_label("Effect on IGF-1")
    effect.focus()
    effect.select_option("suppresses")
    expect(page).to_have_url(site + "/learn/intermediate/?effect=suppresses")
    expect(section.locator("#factor-results .factor__title")).to_have_text(["Chronic Stress"])
    expect(page.locator("h1")).to_have_text("Intermediate")
    expect(effect).to_be_focused()  # not moved to the article title

    section.locator("#factor-sort-observed").click()
    expect(page).to_have_url(site + "/learn/intermediate/?effect=suppresses&sort=observed#factor-table")
    assert still_same_document(page)

    page.go_back()
    expect(page).to_have_url(site + "/learn/intermediate/?effect=suppresses")
    expect(page.locator("th.factor-grid__col--observed")).not_to_have_attribute("aria-sort", re.compile("."))
    page.go_back()
    expect(page).to_have_url(site + "/learn/intermediate/")
    expect(page.locator("#factor-results .factor__title")).to_have_count(8)
    assert page.console_errors == []


def test_back_from_another_tier_restores_the_filtered_table(page, site):
    page.goto(site + "/learn/intermediate/?effect=suppresses")
    expect(page.locator("#factor-results .factor__title")).to_have_text(["Chronic Stress"])
    mark_document(page)
    htmx_ready(page)
    page.locator("#how-do-sleep-and-stress-affect-endogenous-igf-1 .depth-links").get_by_role(
        "link", name="Academic"
    ).click()
    expect(page.locator("h1")).to_have_text("Academic")
    page.go_back()
    expect(page).to_have_url(site + "/learn/intermediate/?effect=suppresses")
    expect(page.locator("h1")).to_have_text("Intermediate")
    expect(page.locator("#factor-results .factor__title")).to_have_text(["Chronic Stress"])
    expect(page.get_by_label("Effect on IGF-1")).to_have_value("suppresses")
    assert still_same_document(page)
    assert page.console_errors == []


# --- Without JavaScript -------------------------------------------------------------------------


def test_sorting_and_filtering_without_javascript(nojs_page, site):
    page = nojs_page
    page.goto(site + "/factors/")
    page.locator("#factor-sort-name").click()
    expect(page).to_have_url(site + "/factors/?sort=name")
    expect(name_header(page)).to_have_attribute("aria-sort", "ascending")
    assert names(page) == NAMES_ASCENDING

    page.get_by_label("Effect on IGF-1").select_option("suppresses")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"/factors/\?.*effect=suppresses"))
    expect(page.locator("#factor-results .factor__title")).to_have_text(["Chronic Stress"])
    expect(page.locator("#factor-count")).to_contain_text("sorted by Lifestyle Factor")  # the sort was kept

    page.go_back()
    expect(page).to_have_url(site + "/factors/?sort=name")
    assert names(page) == NAMES_ASCENDING


def test_expanding_a_row_without_javascript(nojs_page, site):
    page = nojs_page
    page.goto(site + "/factors/")
    detail = page.locator("#factor-chronic-stress-detail")
    expect(detail).to_be_hidden()
    page.locator("#factor-chronic-stress").get_by_role("link", name="Details about Chronic Stress").click()
    expect(page).to_have_url(site + "/factors/?open=chronic-stress#factor-chronic-stress")
    expect(detail).to_be_visible()
    expect(detail).to_contain_text("Cortisol inhibition of GH secretion")
    toggle = page.locator("#factor-chronic-stress [data-factor-toggle]")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    toggle.click()
    expect(detail).to_be_hidden()


def test_the_article_table_without_javascript_lands_on_the_table(nojs_page, site):
    page = nojs_page
    page.goto(site + "/learn/intermediate/")
    table = page.locator("#factor-table")
    table.get_by_label("Rows").select_option("document")
    table.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"/learn/intermediate/\?.*origin=document.*#factor-table$"))
    expect(page.locator("#factor-results .factor__title")).to_have_count(5)
    expect(page.locator("h1")).to_have_text("Intermediate")


# --- Phones -------------------------------------------------------------------------------------


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.parametrize("path", ["/factors/?open=carbohydrate-and-insulin", "/learn/intermediate/?open=sex-hormones"])
def test_cards_at_390px_without_horizontal_scroll(browser, site, path):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(site + path)
        htmx_ready(page)
        expect(page.locator(".factor-grid thead")).to_be_hidden()
        card = page.locator("tbody.factor").first
        expect(card).to_have_css("display", "block")
        box = card.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        expect(page.get_by_label("Sort by")).to_be_visible()  # the header row's job, on a phone
        assert no_horizontal_scroll(page)
        page.locator("[data-factor-toggle][aria-expanded='false']").first.click()
        assert no_horizontal_scroll(page)
        page.get_by_label("Sort by").select_option("name")
        expect(page.locator("#factor-results .factor__title").first).to_have_text("Caloric Sufficiency")
        assert no_horizontal_scroll(page)
    finally:
        context.close()


def test_cards_at_390px_without_javascript(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site + "/factors/?open=protein-intake&open=sex-hormones")
        expect(page.locator("#factor-protein-intake-detail")).to_be_visible()
        assert no_horizontal_scroll(page)
    finally:
        context.close()
