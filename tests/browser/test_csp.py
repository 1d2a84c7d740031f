"""The strict Content-Security-Policy, in a real browser: injected script does not run, the site's
own scripts do, also on a page revalidated with a 304 (whose CSP header has a new nonce)."""

import pytest

from igfapp import caching
from igfapp.caching import get_conditional_response

from .htmx import htmx_ready

pytestmark = pytest.mark.browser

WATCH_VIOLATIONS = """() => {
  window.__violations = [];
  document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective));
}"""


def watch(page) -> None:
    page.evaluate(WATCH_VIOLATIONS)


def violations(page) -> list[str]:
    page.wait_for_function("() => window.__violations.length > 0")
    return page.evaluate("() => window.__violations")


def test_an_injected_inline_script_is_blocked(page, site):
    page.goto(site + "/learn/fundamentals/")
    watch(page)

    page.evaluate("""() => {
      const script = document.createElement("script");
      script.textContent = "window.__injected = true";
      document.body.append(script);
    }""")

    assert violations(page)[0].startswith("script-src")
    assert page.evaluate("() => window.__injected") is None


def test_an_injected_event_handler_is_blocked(page, site):
    page.goto(site + "/glossary/")
    watch(page)

    page.evaluate("""() => {
      const img = document.createElement("img");
      img.setAttribute("onerror", "window.__handler = true");
      img.src = "/static/no-such-image.png";
      document.body.append(img);
    }""")

    assert violations(page)[0].startswith("script-src")
    assert page.evaluate("() => window.__handler") is None


def test_eval_is_refused(page, site):
    """htmx runs with allowEval=false; the CSP refuses string evaluation for anything else."""
    page.goto(site + "/")
    watch(page)
    page.evaluate("() => setTimeout('window.__evaluated = true', 0)")  # compiled by the page, not by us

    assert "script-src" in violations(page)[0]
    assert page.evaluate("() => window.__evaluated") is None


def test_the_sites_own_scripts_run_and_nothing_is_blocked(page, site):
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    # htmx waits in a <template> where a page has htmx controls, and only there; it loads when a
    # reader reaches for a control (15 KB), inserted as a same-origin script that 'self' allows.
    for path, has_controls in [
        ("/", False),
        ("/learn/intermediate/", True),
        ("/glossary/", True),
        ("/factors/", True),
        ("/references/", False),
    ]:
        page.goto(site + path)
        page.wait_for_load_state("load")
        controls = page.evaluate("() => !!document.querySelector('[data-hx-get], [data-hx-post]')")
        assert controls == has_controls, path
        assert page.locator("template#htmx-script").count() == (1 if has_controls else 0), path
        assert page.evaluate("() => typeof window.htmx") == "undefined", path
        if has_controls:
            htmx_ready(page)
    policy_messages = [m for m in messages if "Content Security Policy" in m or "Permissions-Policy" in m]
    assert policy_messages == []


def test_scripts_still_run_on_a_page_revalidated_with_304(page, site, monkeypatch):
    """The cached body's nonce is stale after a 304; external scripts run anyway ('self')."""
    answered = []

    def spy(request, **kwargs):  # called only for conditional requests
        response = get_conditional_response(request, **kwargs)
        if request.path == "/glossary/":
            answered.append(response.status_code)
        return response

    monkeypatch.setattr(caching, "get_conditional_response", spy)  # the live server runs in this process
    page.goto(site + "/glossary/")
    assert answered == []
    page.reload()  # the browser revalidates with If-None-Match

    assert answered == [304]
    htmx_ready(page)
    assert page.evaluate("() => typeof window.htmx") == "object"
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []
