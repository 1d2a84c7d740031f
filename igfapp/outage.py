"""What readers get while the database is down: a cached page where one exists, else a 503.

A database outage is one event, not one error per request: it is logged once when it starts (with
the database's own message) and once when it ends (with how long it lasted and how many requests
were answered meanwhile), never with a traceback per request. The 503 page is rendered from a
template that needs no database and carries `Retry-After`, so a caching proxy in front (nginx's
`proxy_cache_use_stale error`) or a browser knows to try again shortly.

Two places report to `outage`: the page cache's revision check (`caching.py`, on every page, so
it also notices the recovery) and `DatabaseOutageMiddleware.process_exception`, for a view that
hits the database while it is down.
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("igfapp.outage")

# Seconds a client should wait before asking again: about how long a database restart takes.
RETRY_AFTER_SECONDS = 5


class DatabaseOutage:
    """Whether this process last found the database down, and since when (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.down_since: float | None = None
        self.answered_while_down = 0

    @property
    def down(self) -> bool:
        return self.down_since is not None

    def failed(self, error: Exception) -> None:
        """A request found the database unreachable: log it if it is the first to."""
        with self._lock:
            self.answered_while_down += 1
            if self.down_since is not None:
                return
            self.down_since = time.monotonic()
            self.answered_while_down = 1
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        logger.error(
            "Database unavailable (%s: %s): serving cached pages, else 503, until it answers again.",
            type(error).__name__,
            first_line,
        )

    def answered(self) -> None:
        """The database answered a query: if it had been down, log that it is back."""
        if self.down_since is None:  # the usual case: no lock, nothing to do
            return
        with self._lock:
            if self.down_since is None:
                return
            lasted = time.monotonic() - self.down_since
            count, self.down_since, self.answered_while_down = self.answered_while_down, None, 0
        logger.warning(
            "Database available again after %.1f s; %d request(s) were answered from cache or with 503 meanwhile.",
            lasted,
            count,
        )


outage = DatabaseOutage()


def unavailable_response(request: HttpRequest | None = None) -> HttpResponse:
    """503 with Retry-After, rendered without the database (no context processors, no queries)."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"  # an outage page must never be kept as the page
    # The outage is logged once by `outage`; keep Django from logging every 503 as an error.
    response._has_been_logged = True
    return response


class DatabaseOutageMiddleware:
    """Turns a view's database error into the 503 page (instead of a 500 with a traceback)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_outage(exception):
            return None  # a real bug: Django's 500 and its traceback
        outage.failed(exception)
        return unavailable_response(request)


def is_outage(exception: Exception) -> bool:
    """A database that cannot be reached (or dropped the connection), not a bad query.

    Django raises OperationalError / InterfaceError for both an unreachable server and, on SQLite,
    some query problems; a query problem is a ProgrammingError or IntegrityError, never these.
    """
    return isinstance(exception, OperationalError | InterfaceError)
