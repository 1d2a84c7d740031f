"""What the views that answer htmx requests share: when to send a fragment, and what they vary on.

Each such view renders the whole page, or (for an htmx request from inside it) only the part the
request replaces, named after the element id it targets. A history-restore request (the browser's
back button with htmx's page cache missing) always gets the whole page.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.views.decorators.vary import vary_on_headers

# The request headers by which these views choose what to render: page or fragment, and which one.
FRAGMENT_HEADERS = ("HX-Request", "HX-Target", "HX-History-Restore-Request")

# Every view that renders fragments varies on the same headers, so no cache mixes page and fragment.
vary_on_htmx = vary_on_headers(*FRAGMENT_HEADERS)


def wants_fragment(request: HttpRequest) -> bool:
    """An htmx request that swaps part of the page (never a history-restore request)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request
