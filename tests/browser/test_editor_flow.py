"""An editor's whole day in a real browser: edit with live preview, draft, check, publish, revert.

Runs under the site's strict CSP, so any inline script or style the admin or the preview needed
would show up here as a console error.
"""

import re

import pytest
from playwright.sync_api import expect

from .editors import log_in
from .htmx import htmx_ready

pytestmark = pytest.mark.browser

NEW_TEXT = "Editors’ revision: the hypothalamus tells the pituitary when to release its signal."
TEXTAREA = "#id_sections-0-body_md"


# htmx logs a request the browser aborted as two console errors. A save or a link followed while
# a live preview is on its way (a textarea scrolled into view asks for one) aborts it: not an error.
CANCELLED_PREVIEW = re.compile(r"^htmx:(afterRequest|sendAbort), \[object HTMLTextAreaElement\]$")


def errors_besides_cancelled_previews(page) -> list[str]:
    return [error for error in page.console_errors if not CANCELLED_PREVIEW.match(error)]


def open_fundamentals(page, site):
    page.goto(site + "/admin/igfapp/article/")
    page.get_by_role("link", name="Fundamentals", exact=True).click()
    expect(page.locator(TEXTAREA)).to_be_visible()


def test_editor_previews_drafts_publishes_and_reverts(page, browser, site, editor_login):
    reader = browser.new_context().new_page()
    reader.goto(site + "/learn/fundamentals/")
    original_intro = reader.locator("#introduction .prose").first.inner_text()

    log_in(page, site)
    open_fundamentals(page, site)

    # Live preview: the site's own rendering (glossary link included) beside the textarea.
    page.locator(TEXTAREA).fill(NEW_TEXT)
    preview = page.frame_locator(f"{TEXTAREA}-preview")
    expect(preview.locator("[data-preview-body]")).to_contain_text("Editors’ revision")
    expect(preview.locator('a.term[data-term="hypothalamus"]')).to_be_visible()

    page.get_by_role("button", name="Save draft").first.click()
    expect(page.locator(".messagelist li.success")).to_contain_text("Draft saved")

    # Readers still get the published text; staff see the pending draft on the public URL.
    reader.goto(site + "/learn/fundamentals/")
    expect(reader.locator("#introduction")).not_to_contain_text("Editors’ revision")
    staff_view = page.context.new_page()
    staff_view.goto(site + "/learn/fundamentals/")
    expect(staff_view.locator(".banner")).to_contain_text("unpublished changes")
    staff_view.get_by_role("link", name="Preview them").click()
    expect(staff_view.locator(".banner--draft")).to_contain_text("Draft")
    expect(staff_view.locator("#introduction")).to_contain_text("Editors’ revision")

    # One action publishes it.
    page.get_by_label("Public reason for this change").fill("Clarified the wording.")
    page.get_by_role("button", name="Publish changes").click()
    expect(page.locator(".messagelist li.success")).to_contain_text("Published")
    reader.goto(site + "/learn/fundamentals/")
    expect(reader.locator("#introduction")).to_contain_text("Editors’ revision")

    # History: revert to the version before the edit; readers see the original again.
    page.get_by_role("link", name="History").click()
    page.get_by_role("link", name="Revert to this…").last.click()
    expect(page.locator(".editorial-revert .diff")).to_have_count(1)  # only the edited section differs
    expect(page.locator(".diff")).to_contain_text("Editors’ revision")
    page.get_by_role("button", name="Revert to this version").click()
    expect(page.locator(".messagelist li.success")).to_contain_text("Reverted")
    reader.goto(site + "/learn/fundamentals/")
    expect(reader.locator("#introduction")).not_to_contain_text("Editors’ revision")
    assert reader.locator("#introduction .prose").first.inner_text() == original_intro

    assert errors_besides_cancelled_previews(page) == [], page.console_errors
    assert not [e for e in page.console_errors if re.search("Content Security Policy", e)]
    reader.context.close()


FACTOR_SUMMARY = "Editors’ draft: eating enough supports the liver’s IGF-1 production."


def test_editor_previews_a_factor_draft_in_the_table_then_publishes_it(page, browser, site, editor_login):
    reader = browser.new_context().new_page()
    log_in(page, site)
    page.goto(site + "/admin/igfapp/lifestylefactor/")
    page.get_by_role("link", name="Caloric Sufficiency", exact=True).click()
    page.locator("#id_summary").fill(FACTOR_SUMMARY)
    page.locator("#id_mechanism_links-1-DELETE").check()  # drop the second mechanism in the draft
    page.get_by_role("button", name="Save draft").first.click()
    expect(page.locator(".messagelist li.success")).to_contain_text("Draft saved")

    # The message's link opens the public table with the drafted row open and shown as drafted.
    admin_form = page.url
    page.locator(".messagelist").get_by_role("link", name="Preview the draft on the site").click()
    expect(page).to_have_url(
        re.compile(r"/factors/\?preview=draft&open=caloric-sufficiency#factor-caloric-sufficiency$")
    )
    row = page.locator("#factor-caloric-sufficiency")
    expect(row.locator(".factor-draft")).to_have_text("Unpublished changes shown")
    expect(row.locator(".factor-detail__summary")).to_have_text(FACTOR_SUMMARY)
    expect(row.locator(".factor-mechanism")).to_have_count(1)

    # Filtering through htmx keeps the preview on.
    htmx_ready(page)
    page.get_by_label("Search the table").fill("caloric")
    expect(page).to_have_url(re.compile(r"q=caloric"))
    assert "preview=draft" in page.url
    expect(page.locator("#factor-caloric-sufficiency .factor-detail__summary")).to_have_text(FACTOR_SUMMARY)

    # Readers still get the published row, even when they ask for the preview.
    reader.goto(site + "/factors/?preview=draft&open=caloric-sufficiency")
    expect(reader.locator("#factor-caloric-sufficiency .factor-detail__summary")).not_to_have_text(FACTOR_SUMMARY)
    expect(reader.locator("#factor-caloric-sufficiency .factor-mechanism")).to_have_count(2)
    expect(reader.locator(".factor-draft")).to_have_count(0)

    # Publishing shows it to readers at once, links included.
    page.goto(admin_form)
    expect(page.locator("#id_summary")).to_have_value(FACTOR_SUMMARY)  # the form reloads the draft
    page.get_by_label("Public reason for this change").fill("Clarified the wording.")
    page.get_by_role("button", name="Publish changes").click()
    expect(page.locator(".messagelist li.success")).to_contain_text("Published")
    reader.goto(site + "/factors/?open=caloric-sufficiency")
    expect(reader.locator("#factor-caloric-sufficiency .factor-detail__summary")).to_have_text(FACTOR_SUMMARY)
    expect(reader.locator("#factor-caloric-sufficiency .factor-mechanism")).to_have_count(1)

    assert errors_besides_cancelled_previews(page) == [], page.console_errors
    reader.context.close()
