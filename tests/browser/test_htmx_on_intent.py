"""htmx loads on intent (static/js/htmx_loader.js): a first visit fetches no htmx; pointing at or
focusing an htmx control fetches it once, after which the controls swap in place; a click before
htmx is there is the ordinary navigation it is without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.htmx import is_htmx_request, wait_for_htmx

pytestmark = pytest.mark.browser

ARTICLE = "/learn/fundamentals/"
DEPTH_SWITCH = ".depth-switch a[data-hx-get]"


def record_htmx_requests(page) -> list[str]:
    fetched = []
    page.on("request", lambda request: fetched.append(request.url) if is_htmx_request(request.url) else None)
    return fetched


def switch_to_academic_in_place(page, site) -> None:
    page.evaluate("window.__noReload = true")  # a full page load loses this, an htmx swap keeps it
    page.locator(".depth-switch").get_by_role("link", name="Academic").click()
    expect(page).to_have_url(site + "/learn/academic/")
    expect(page.locator("h1")).to_have_text("Academic")
    assert page.evaluate("window.__noReload") is True, "the article should be swapped in place"


def test_an_article_fetches_htmx_only_when_a_pointer_reaches_a_control(page, site):
    fetched = record_htmx_requests(page)
    page.goto(site + ARTICLE)
    page.wait_for_load_state("load")
    page.get_by_role("heading", level=1).hover()  # not an htmx control

    assert fetched == []
    assert page.evaluate("() => typeof window.htmx") == "undefined"
    assert page.locator("template#htmx-script").count() == 1

    page.locator(DEPTH_SWITCH).first.hover()
    wait_for_htmx(page)
    page.locator(DEPTH_SWITCH).last.hover()
    page.locator("[data-depth-link]").first.focus()

    assert len(fetched) == 1, fetched
    switch_to_academic_in_place(page, site)
    assert len(fetched) == 1, fetched
    assert page.console_errors == []


def test_focus_from_the_keyboard_loads_htmx(page, site):
    fetched = record_htmx_requests(page)
    page.goto(site + ARTICLE)
    page.wait_for_load_state("load")

    for _ in range(100):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('[data-hx-get]')"):
            break
        assert fetched == [], "focus on a plain link should not fetch htmx"
    else:
        raise AssertionError("Tab never reached an htmx control")
    wait_for_htmx(page)

    assert len(fetched) == 1, fetched
    switch_to_academic_in_place(page, site)
    assert page.console_errors == []


def test_a_click_before_htmx_has_loaded_is_an_ordinary_navigation(page, site):
    page.route(lambda url: is_htmx_request(url), lambda route: route.abort())  # htmx never arrives
    page.goto(site + ARTICLE)
    page.evaluate("window.__noReload = true")

    page.locator(".depth-switch").get_by_role("link", name="Academic").click()

    expect(page).to_have_url(site + "/learn/academic/")
    expect(page.locator("h1")).to_have_text("Academic")
    assert page.evaluate("window.__noReload") is None, "a plain link loads the page"
    assert page.evaluate("() => typeof window.htmx") == "undefined"


def test_a_form_submitted_before_htmx_has_loaded_goes_to_its_page(page, site):
    page.route(lambda url: is_htmx_request(url), lambda route: route.abort())
    page.goto(site + "/glossary/")

    page.get_by_label("Filter terms").fill("cortisol")
    page.get_by_label("Filter terms").press("Enter")

    expect(page).to_have_url(re.compile(r"/glossary/\?q=cortisol$"))
    expect(page.locator("#glossary-results")).to_contain_text("Cortisol")


def test_intent_before_the_page_has_loaded_waits_for_load(page, site):
    """htmx arriving between DOMContentLoaded and load would never initialise: the loader waits."""
    held = []  # an image that keeps the document from completing until the test lets it go
    page.route("**/__hold_load.png", lambda route: held.append(route))

    def with_held_image(route):
        response = route.fetch()
        html = response.text().replace("</body>", '<img src="/__hold_load.png" alt=""></body>')
        route.fulfill(response=response, body=html)

    page.route(site + ARTICLE, with_held_image)
    fetched = record_htmx_requests(page)
    page.goto(site + ARTICLE, wait_until="domcontentloaded")
    page.wait_for_function("() => document.readyState === 'interactive'")

    page.locator(DEPTH_SWITCH).first.dispatch_event("pointerover")
    page.wait_for_function("() => document.readyState === 'interactive'")  # still loading
    assert fetched == []

    assert len(held) == 1, "the held image should be keeping the page from loading"
    held[0].fulfill(status=404, body="")
    wait_for_htmx(page)
    assert len(fetched) == 1, fetched
    switch_to_academic_in_place(page, site)
