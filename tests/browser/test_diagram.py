"""The axis diagram in a browser: nodes open their definitions; choosing a factor lights up where
its mechanisms act, with JavaScript (in place) and without (a plain link)."""

import re

import pytest
from playwright.sync_api import expect

from igfapp.diagram import axis_diagram
from igfapp.models import GlossaryTerm

from .htmx import htmx_ready

pytestmark = pytest.mark.browser

ACTIVE = "#axis-diagram [data-axis-key].is-active"


def lit_keys(page) -> set[str]:
    return set(page.eval_on_selector_all(ACTIVE, "els => els.map(e => e.dataset.axisKey)"))


def expected_keys(factor: str) -> set[str]:
    """What the mechanism data says the factor acts on (zones and nodes)."""
    chosen = next(f for f in axis_diagram().factors if f.slug == factor)
    return set(chosen.highlight.split())


def test_a_node_opens_its_glossary_definition(page, site):
    definition = GlossaryTerm.objects.get(slug="growth-hormone").plain_definition
    page.goto(site + "/")
    node = page.locator("#axis-diagram a.axis-node[data-term='growth-hormone']")
    expect(node).to_have_attribute("href", "/glossary/growth-hormone/")

    node.focus()  # keyboard focus opens the pop-up, as on any glossary term
    card = page.locator("[data-popup-card]")
    expect(card).to_be_visible()
    expect(card).to_contain_text(definition[:60])
    described_by = node.get_attribute("aria-describedby")
    assert described_by and page.locator(f"#{described_by}").is_visible()

    page.keyboard.press("Escape")
    expect(card).to_have_count(0)
    assert page.console_errors == []


def test_every_node_is_keyboard_focusable_with_a_name(page, site):
    page.goto(site + "/")
    nodes = page.locator("#axis-diagram a.axis-node")
    assert nodes.count() >= 14
    for i in range(nodes.count()):
        node = nodes.nth(i)
        assert node.get_attribute("aria-label")
        node.focus()
        assert page.evaluate("document.activeElement.dataset.axisKey") == node.get_attribute("data-axis-key")


def test_a_node_without_javascript_is_a_link_to_the_definition(nojs_page, site):
    page = nojs_page
    definition = GlossaryTerm.objects.get(slug="ghrh").plain_definition
    page.goto(site + "/")
    page.locator("#axis-diagram a.axis-node[data-term='ghrh']").click()
    expect(page).to_have_url(site + "/glossary/ghrh/")
    expect(page.locator(".definition").first).to_contain_text(definition[:60])


def test_choosing_chronic_stress_lights_up_where_its_mechanisms_act(page, site):
    expected = expected_keys("chronic-stress")
    assert {"zone-pituitary", "zone-tissue", "gh", "igf1r"} <= expected  # from the mechanism data
    page.goto(site + "/")
    page.evaluate("window.__noReload = true")
    assert lit_keys(page) == set()

    page.locator("#axis-diagram a[data-axis-factor='chronic-stress']").click()

    assert lit_keys(page) == expected
    assert page.evaluate("window.__noReload") is True, "the highlight should not reload the page"
    expect(page).to_have_url(re.compile(r"\?factor=chronic-stress#axis-diagram$"))
    expect(page.locator("#axis-diagram a[data-axis-factor='chronic-stress']")).to_have_attribute("aria-current", "true")
    panel = page.locator("#axis-factor-chronic-stress")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Cortisol inhibition of GH secretion")
    # Not colour alone: a ★ badge on each lit node and an "acts here" flag on each lit zone.
    expect(page.locator("#axis-diagram a[data-axis-key='gh'] .axis-node__badge")).to_be_visible()
    expect(page.locator("#axis-diagram [data-axis-key='zone-tissue'] .axis-zone__flag")).to_be_visible()
    expect(page.locator("#axis-diagram a[data-axis-key='ghrh'] .axis-node__badge")).to_be_hidden()
    expect(page.locator("#axis-diagram [data-axis-key='zone-liver'] .axis-zone__flag")).to_be_hidden()

    page.locator("#axis-diagram a[data-axis-factor='deep-sleep']").click()
    assert lit_keys(page) == expected_keys("deep-sleep")
    expect(panel).to_be_hidden()

    page.locator("#axis-diagram a[data-axis-factor='']").click()
    assert lit_keys(page) == set()
    expect(page).to_have_url(site + "/#axis-diagram")
    assert page.console_errors == []


def test_choosing_a_factor_without_javascript_reaches_the_same_highlight(nojs_page, site):
    page = nojs_page
    page.goto(site + "/")
    page.locator("#axis-diagram a[data-axis-factor='chronic-stress']").click()
    expect(page).to_have_url(site + "/?factor=chronic-stress#axis-diagram")
    assert lit_keys(page) == expected_keys("chronic-stress")
    expect(page.locator("#axis-factor-chronic-stress")).to_be_visible()


def test_the_factor_table_links_to_the_diagram_highlight(page, site):
    page.goto(site + "/factors/")
    link = page.get_by_role("link", name="See where Chronic Stress acts on the axis diagram")
    if link.count() == 0 or not link.first.is_visible():
        page.locator("#factor-chronic-stress .factor-toggle").first.click()  # open the row's details
    link.first.click()
    expect(page).to_have_url(re.compile(r"/\?factor=chronic-stress#axis-diagram$"))
    assert lit_keys(page) == expected_keys("chronic-stress")


def test_the_diagram_works_in_an_article_after_a_depth_switch(page, site):
    page.goto(site + "/learn/intermediate/")
    htmx_ready(page)
    page.locator(".depth-switch").get_by_role("link", name="Academic").click()  # htmx swap
    expect(page.locator("h1")).to_have_text("Academic")
    page.locator("#axis-diagram a[data-axis-factor='resistance-training']").click()
    assert lit_keys(page) == expected_keys("resistance-training")
    assert "mgf" in lit_keys(page)
    expect(page).to_have_url(re.compile(r"/learn/academic/\?factor=resistance-training#axis-diagram$"))
