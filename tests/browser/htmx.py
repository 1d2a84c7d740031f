"""htmx loads on intent (static/js/htmx_loader.js): a test that needs htmx's behaviour first
reaches for an htmx control, as a reader would, and waits for htmx to be there."""

from __future__ import annotations

CONTROLS = "[data-hx-get], [data-hx-post]"
HTMX_FILE = "/django_htmx/htmx-"  # in the static URL of django-htmx's vendored htmx


def wait_for_htmx(page) -> None:
    """Wait for htmx after a reader's intent: it processes the document before its script sets
    window.htmx (the loader adds the script only once the document is complete)."""
    page.wait_for_function("() => typeof window.htmx === 'object'")


def htmx_ready(page, control: str = CONTROLS) -> None:
    """Point at an htmx control (a pointerover event: the mouse does not move, nothing scrolls)
    and wait for htmx. Not before the deferred reader script has run: a pointer moving earlier is
    not seen (a reader's next movement would be; a test dispatches the event once)."""
    page.wait_for_load_state("domcontentloaded")
    page.locator(control).first.dispatch_event("pointerover")
    wait_for_htmx(page)


def is_htmx_request(url: str) -> bool:
    return HTMX_FILE in url
