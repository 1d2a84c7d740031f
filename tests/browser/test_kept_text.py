"""Typed text survives a lost session: the admin keeps an editor's unsaved text in the browser and
offers it back when the form no longer holds it; a successful save clears it (admin_keep_text.js)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from igfapp.models import GlossaryTerm, PendingChange

from .editors import fill_login, log_in

pytestmark = pytest.mark.browser

TYPED = "Typed before the session was lost: IGF-1 is made mostly in the liver."


def kept_entries(page) -> list[str]:
    return page.evaluate(
        "() => Object.keys(localStorage).filter((k) => k.startsWith('igf-admin-text:')).map((k) => localStorage[k])"
    )


def test_text_typed_before_a_lost_session_is_offered_back_and_saving_clears_it(page, site, editor_login):
    url = site + reverse("admin:igfapp_glossaryterm_change", args=[GlossaryTerm.objects.get(slug="growth-hormone").pk])
    log_in(page, site)
    page.goto(url)
    definition = page.locator("#id_plain_definition")
    original = definition.input_value()
    definition.fill(TYPED)
    page.wait_for_function("(text) => Object.values(localStorage).some((v) => v.includes(text))", arg="made mostly")

    # Another tab logs out: this tab's session is gone, and its save lands on the login page.
    other = page.context.new_page()
    other.goto(site + "/admin/")
    other.get_by_role("button", name="Log out").click()
    expect(other.get_by_text("Logged out")).to_be_visible()
    other.close()
    page.get_by_role("button", name="Save draft").first.click()
    expect(page.get_by_label("Password")).to_be_visible()
    assert not PendingChange.objects.exists()  # nothing reached the database

    # Logged in again, the form shows the stored text, and offers the typed one back.
    fill_login(page)
    expect(page).to_have_url(url)
    page.console_errors.clear()  # the live preview's requests while logged out were refused (403)
    expect(definition).to_have_value(original)
    notice = page.locator(".kept-text")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Plain definition")
    expect(notice).to_be_focused()
    notice.get_by_role("button", name="Put it back").click()
    expect(definition).to_have_value(TYPED)

    # Saving clears it: the next visit offers nothing.
    page.get_by_role("button", name="Save draft").first.click()
    expect(page.locator(".messagelist li.success")).to_contain_text("Draft saved")
    assert PendingChange.objects.get().form_data["plain_definition"] == [TYPED]
    assert kept_entries(page) == []
    page.reload()
    expect(definition).to_have_value(TYPED)
    expect(page.locator(".kept-text")).to_have_count(0)
    assert page.console_errors == [], page.console_errors


def test_kept_text_can_be_discarded_and_a_reopened_form_that_holds_it_offers_nothing(page, site, editor_login):
    url = site + reverse("admin:igfapp_glossaryterm_change", args=[GlossaryTerm.objects.get(slug="growth-hormone").pk])
    log_in(page, site)
    page.goto(url)
    page.locator("#id_plain_definition").fill(TYPED)
    page.wait_for_function("(text) => Object.values(localStorage).some((v) => v.includes(text))", arg="made mostly")

    page.goto(url)  # left without saving (a closed tab, a crash)
    notice = page.locator(".kept-text")
    expect(notice).to_be_visible()
    notice.get_by_text("Show the kept text").click()
    expect(notice.locator(".kept-text__value")).to_have_text(TYPED)
    notice.get_by_role("button", name="Discard it").click()
    expect(notice).to_have_count(0)
    assert kept_entries(page) == []
    page.reload()
    expect(page.locator(".kept-text")).to_have_count(0)
    assert page.console_errors == [], page.console_errors
