"""No console errors, no failed requests and no third-party requests, on any page type, desktop and
phone, including the requests that interaction makes (pop-up cards, a chosen factor)."""

from urllib.parse import urlsplit

import pytest

from tests.page_types import PAGE_IDS, PAGE_TYPES

from .htmx import htmx_ready

pytestmark = pytest.mark.browser

WIDTHS = [1280, 390]


class Watcher:
    """Everything a page logs or requests that would mean something is broken."""

    def __init__(self, page, origin: str, expected_status: dict[str, int]):
        self.problems: list[str] = []
        self.origin = origin
        self.expected_status = expected_status
        self.in_flight: set = set()
        page.on("console", self.on_console)
        page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        page.on("requestfailed", self.on_failed)
        page.on("request", self.on_request)
        page.on("requestfinished", lambda request: self.in_flight.discard(request))
        page.on("response", self.on_response)

    def settle(self, page, timeout_ms: int = 10_000) -> None:
        """Wait until every request the page started has finished (or failed): the state itself, polled
        while Playwright delivers the events (no fixed pause); one still open after `timeout_ms` is a
        problem."""
        waited = 0
        while self.in_flight and waited < timeout_ms:
            page.wait_for_timeout(20)  # lets Playwright deliver the request events, then looks again
            waited += 20
        self.problems += [f"request never finished: {request.url}" for request in self.in_flight]

    def on_failed(self, request):
        self.in_flight.discard(request)
        self.problems.append(f"failed request: {request.url} ({request.failure})")

    def on_console(self, message):
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "")
        if self.expected_status.get(url, 200) >= 400 and message.text.startswith("Failed to load resource"):
            return  # Chromium's own note about a page that is meant to be a 404
        self.problems.append(f"console error: {message.text}")

    def on_request(self, request):
        self.in_flight.add(request)
        parts = urlsplit(request.url)
        if parts.scheme in {"http", "https"} and f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.problems.append(f"third-party request: {request.url}")

    def on_response(self, response):
        expected = self.expected_status.get(response.url, 200)
        if response.status >= 400 and response.status != expected:
            self.problems.append(f"HTTP {response.status}: {response.url}")


def visit(browser, site: str, path: str, *, width: int, status: int, interact=None) -> list[str]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        watcher = Watcher(page, site, {site + path: status})
        page.goto(site + path, wait_until="load")
        watcher.settle(page)
        if interact is not None:
            interact(page)
            watcher.settle(page)
        return [f"{width}px {path}: {problem}" for problem in watcher.problems]
    finally:
        context.close()


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=PAGE_IDS)
def test_page_type_loads_without_errors(browser, site, page_type):
    path = page_type.path()
    problems = []
    for width in WIDTHS:
        problems += visit(browser, site, path, width=width, status=page_type.status)
    assert not problems, "\n".join(problems)


def use_the_diagram(page):
    page.locator("#axis-diagram a[data-axis-factor='chronic-stress']").click()
    page.locator("#axis-diagram a.axis-node[data-term='growth-hormone']").hover()  # a mouse user's pop-up
    page.wait_for_selector("[data-popup-card]")


def open_pop_ups(page):
    page.locator(".prose a.term").first.focus()
    page.wait_for_selector("[data-popup-card]")
    citation = page.locator("sup.cites a").first
    if citation.count():
        citation.focus()
        page.locator("sup.cites [data-popup-card]").first.wait_for()  # its card, beside it


def switch_depth(page):
    htmx_ready(page)  # the switch in place, as once htmx has loaded
    page.locator(".depth-switch").get_by_role("link", name="Academic").click()
    page.wait_for_selector("h1:text-is('Academic')")


INTERACTIONS = [
    ("diagram", "/", use_the_diagram),
    ("pop-ups", "/learn/academic/", open_pop_ups),
    ("depth-switch", "/learn/fundamentals/", switch_depth),
]


@pytest.mark.parametrize(("path", "interact"), [i[1:] for i in INTERACTIONS], ids=[i[0] for i in INTERACTIONS])
def test_interaction_makes_no_errors(browser, site, path, interact):
    problems = visit(browser, site, path, width=1280, status=200, interact=interact)
    assert not problems, "\n".join(problems)
