"""On a tier, "changed since your last visit" marks the sections changed after the reader's last
visit (kept in the browser only; the page is the same bytes for everyone), and /changes/ passes
axe-core with a change listed."""

import pytest
from playwright.sync_api import expect

from igfapp.after_change import after_edit
from igfapp.change_log import change_note, record_public_changes
from igfapp.models import Section

from .axe import axe_context, axe_violations

pytestmark = pytest.mark.browser

HIDDEN_MARKERS = "[data-changed-marker]:not([hidden])"


def test_a_section_changed_between_two_visits_is_marked_once(browser, site):
    record_public_changes()  # the record starts: nothing changed yet
    context = axe_context(browser, width=1280, scheme="light")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    url = site + "/learn/fundamentals/"

    page.goto(url)
    expect(page.locator("h1")).to_have_text("Fundamentals")
    page.wait_for_function("() => localStorage.getItem('igf:seen-changes') !== null")
    assert page.locator(HIDDEN_MARKERS).count() == 0
    first_bytes = page.content()

    section = Section.objects.filter(article__slug="fundamentals").order_by("order")[1]
    section.body_md += "\n\nAn added sentence (a test's)."
    section.save()
    with change_note("Added a sentence in a test."):
        after_edit(section)  # outside a transaction: the stored tier is rendered again at once

    page.goto(url)
    marker = page.locator(f"#{section.anchor} [data-changed-marker]")
    expect(marker).to_be_visible()
    expect(marker).to_contain_text("Changed since your last visit")
    assert page.locator(HIDDEN_MARKERS).count() == 1  # only the changed section
    assert first_bytes != page.content()

    page.goto(url)  # seen now: the third visit marks nothing
    expect(page.locator("h1")).to_have_text("Fundamentals")
    page.wait_for_function("() => document.readyState === 'complete'")
    assert page.locator(HIDDEN_MARKERS).count() == 0

    # Another reader (a fresh browser) on a first visit: nothing marked, same page.
    other = browser.new_context().new_page()
    other.goto(url)
    other.wait_for_function("() => localStorage.getItem('igf:seen-changes') !== null")
    assert other.locator(HIDDEN_MARKERS).count() == 0
    other.context.close()

    page.goto(site + "/changes/")
    expect(page.locator(".change")).to_have_count(1)
    page.locator(".change__diff summary").click()
    expect(page.locator(".change ins").last).to_contain_text("added sentence")
    assert axe_violations(page) == []
    assert errors == []
    context.close()
