"""Dark mode: follows the system until the reader chooses; the choice is remembered across pages,
rendered by the server (no flash of the wrong theme) and honoured without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LIGHT_BG = "rgb(252, 252, 251)"
DARK_BG = "rgb(17, 20, 24)"


def background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


@pytest.fixture
def themed_page(browser):
    contexts = []

    def make(scheme: str, **options):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        errors = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.console_errors = errors
        return page

    yield make
    for context in contexts:
        context.close()


def test_toggle_persists_across_pages_and_reloads(themed_page, site):
    page = themed_page("light")
    page.goto(site + "/")
    toggle = page.get_by_role("button", name="Dark mode")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert background(page) == LIGHT_BG

    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert background(page) == DARK_BG

    # Another page: the server's HTML is the same for everyone; the browser applies the choice
    # (static/js/prefs.js, in <head>) before the first paint.
    html = page.context.request.get(site + "/glossary/").text()
    assert '<html lang="en-GB">' in html
    assert page.evaluate("localStorage.getItem('igf:theme')") == "dark"
    page.goto(site + "/glossary/")
    assert background(page) == DARK_BG
    expect(page.get_by_role("button", name="Dark mode")).to_have_attribute("aria-pressed", "true")
    page.reload()
    assert background(page) == DARK_BG

    page.get_by_role("button", name="Dark mode").click()
    page.goto(site + "/learn/fundamentals/")
    assert background(page) == LIGHT_BG
    expect(page.locator("html")).to_have_attribute("data-theme", "light")
    assert page.console_errors == []


def test_system_dark_is_followed_until_the_reader_chooses(themed_page, site):
    page = themed_page("dark")
    page.goto(site + "/")
    assert background(page) == DARK_BG
    toggle = page.get_by_role("button", name="Dark mode")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    toggle.click()
    assert background(page) == LIGHT_BG
    page.goto(site + "/glossary/")
    assert background(page) == LIGHT_BG  # the choice beats the system setting


def test_without_javascript_the_system_theme_still_applies(themed_page, site):
    page = themed_page("dark", java_script_enabled=False)
    page.goto(site + "/")
    assert background(page) == DARK_BG
    expect(page.locator(".theme-toggle")).to_be_hidden()  # it needs JS, so it is not offered


def test_only_known_themes_reach_the_page(themed_page, site):
    page = themed_page("light")
    page.goto(site + "/")
    page.evaluate("""localStorage.setItem("igf:theme", '"><script>x</script>')""")
    page.reload()
    expect(page.locator("html")).not_to_have_attribute("data-theme", re.compile("script"))
    assert background(page) == LIGHT_BG
