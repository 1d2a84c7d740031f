"""Citations take the reader to the reference and back; evidence notes announce their standing."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TRANSPARENT = "rgba(0, 0, 0, 0)"


def is_target(page, element_id: str) -> bool:
    return page.evaluate("id => document.getElementById(id).matches(':target')", element_id)


def background(page, element_id: str) -> str:
    return page.evaluate("id => getComputedStyle(document.getElementById(id)).backgroundColor", element_id)


def test_citation_goes_to_the_highlighted_reference_and_back(page, site):
    page.goto(site + "/learn/academic/")
    section = page.locator("#the-growth-hormone-igf-1-axis-molecular-interplay")
    citation = section.locator("a.cite").first
    expect(citation).to_have_text("1")
    citation_id = citation.get_attribute("id")
    key = citation.get_attribute("data-ref")
    assert citation_id == f"cite-{key}-1"

    citation.click()

    expect(page).to_have_url(re.compile(f"#ref-{key}$"))
    reference = page.locator(f"#ref-{key}")
    expect(reference).to_be_visible()
    expect(reference).to_be_in_viewport()
    assert is_target(page, f"ref-{key}")
    # not_to_have_css waits: links fade their background in (a short transition) unless motion is reduced.
    expect(reference, "the reference the reader landed on is highlighted").not_to_have_css(
        "background-color", TRANSPARENT
    )
    other = page.locator("#references li.reference").nth(1).get_attribute("id")
    assert background(page, other) == TRANSPARENT, "only the target is highlighted"

    reference.get_by_role("link", name="Back to citation 1, place 1").click()

    expect(page).to_have_url(re.compile(f"#{citation_id}$"))
    expect(citation).to_be_in_viewport()
    assert is_target(page, citation_id)
    expect(citation).not_to_have_css("background-color", TRANSPARENT)
    assert page.console_errors == []


def test_citations_work_without_javascript(nojs_page, site):
    page = nojs_page
    page.goto(site + "/learn/fundamentals/")
    page.locator("a.cite").first.click()
    expect(page).to_have_url(re.compile("#ref-leroith$"))
    expect(page.locator("#ref-leroith")).to_be_in_viewport()
    assert is_target(page, "ref-leroith")


def test_evidence_note_is_announced_with_its_standing(page, site):
    page.goto(site + "/learn/intermediate/#what-impact-does-physical-activity-have-on-igf-1")
    section = page.locator("#what-impact-does-physical-activity-have-on-igf-1")
    contested = section.get_by_role("note", name="Editors’ evidence note Evidence: Contested")
    expect(contested).to_be_visible()
    expect(contested).to_match_aria_snapshot(
        """
        - 'note "Editors’ evidence note Evidence: Contested"':
          - paragraph: Editors’ evidence note
          - paragraph: "Evidence: Contested"
          - paragraph: /Consistent, progressive resistance training/
        """
    )
    nuance = section.get_by_role("note", name="Editors’ evidence note Evidence: Supported, with nuance")
    expect(nuance).to_be_visible()
    # The badge is real text, not colour alone.
    expect(nuance.locator(".standing")).to_have_text("Evidence: Supported, with nuance")
    assert page.console_errors == []
