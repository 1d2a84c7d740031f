"""Conditional GET and a small page cache, both keyed by the content revision.

Every page of the site is a pure function of a few inputs: the URL, the stored content, the code and
templates of this release, and the request's htmx headers. Never of its cookies: reader preferences
(depth, theme, pop-ups) live in the browser (static/js/prefs.js), so every reader of a URL gets the
same bytes, and any shared cache (nginx in front, a CDN) may keep them.
So a page's ETag is a hash of exactly those inputs, computed *before* the view runs: the request's
fingerprint, the content revision and the release (both in igfapp/content_revision.py: database
triggers bump the content revision on every write, so an edit is visible on the next request).

With that ETag the middleware answers `If-None-Match` / `If-Modified-Since` with 304 without
running the view (one primary-key query), and otherwise serves the page from a per-process store
keyed by the request's fingerprint and checked against the current ETag, so a repeated anonymous
page costs about what a constant response costs (bench/README.md).

Who gets what:
- anonymous readers: `PUBLIC_CACHE_CONTROL` + validators: a shared cache keeps the page for
  `s-maxage` seconds, then serves it stale for at most `stale-while-revalidate` more while it asks
  again (a 304 while nothing changed), so an edit reaches readers through any cache within
  EDIT_REACHES_READERS_SECONDS; browsers (max-age=0) revalidate every time. `stale-if-error` lets a
  cache serve the last page while the site or its database is down. `Vary: HX-Request` (and the
  other htmx headers a view chooses by), never `Cookie`;
- a response that sets a cookie (the admin's login, say): `private`, no validators, never stored,
  so a 304 can never swallow a Set-Cookie and no cache ever repeats one;
- logged-in users (editors see drafts): `private, no-store`, never cached anywhere.

CSP nonces: a 304 or a page-cache hit carries a fresh Content-Security-Policy header (with no nonce,
as the nonce was never generated) while the body is the stored one, whose `nonce="..."` attributes
are stale. That is safe only because the site has no inline scripts at all: every script is an
external file allowed by `'self'`, which does not depend on the nonce. Keep it that way — an inline
script would silently stop running on revalidated pages.

While the database is down (`outage.py`), the revision cannot be read: a reader gets the page last
rendered for exactly this request, however old (stale is better than nothing), or else the 503
page; the outage is logged once, not per request.

Views opt out with `@no_content_cache` (e.g. the health check). Only views in `igfapp.views` take
part; the admin never does. A model whose writes must not invalidate pages (a log, say) sets
`content_revision_exempt = True`.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    parse_etags,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date

from .content_revision import ContentRevisionRow, current_content_revision, release_stamp
from .outage import outage, unavailable_response

__all__ = ["ContentCacheMiddleware", "current_content_revision", "no_content_cache", "page_store", "release_stamp"]

# Bigger pages are not worth a slot in a per-process memory cache.
PAGE_MAX_BYTES = 512 * 1024
# htmx request headers that choose what a view renders (page or fragment, which fragment).
# HX-Current-URL is left out on purpose: views must not vary on the page a request came from.
HTMX_HEADERS = ("HX-Request", "HX-History-Restore-Request", "HX-Target", "HX-Trigger", "HX-Trigger-Name", "HX-Boosted")
HTMX_META = tuple("HTTP_" + name.upper().replace("-", "_") for name in HTMX_HEADERS)
VARY = ("HX-Request",)
# How long a shared cache may keep a page (s-maxage), and serve it stale while it asks again: an
# edit reaches every reader within the sum. Short, because revalidating is cheap (a 304).
SHARED_MAX_AGE = 5
STALE_WHILE_REVALIDATE = 5
EDIT_REACHES_READERS_SECONDS = SHARED_MAX_AGE + STALE_WHILE_REVALIDATE
PUBLIC_CACHE_CONTROL = {
    "public": True,
    "max_age": 0,
    "s_maxage": SHARED_MAX_AGE,
    "stale_while_revalidate": STALE_WHILE_REVALIDATE,
    "stale_if_error": 60 * 60 * 24,
}
# Response attributes that middleware further out reads; kept with a cached page.
REPLAYED_ATTRIBUTES = ("_csp_config", "_csp_ro_config", "xframe_options_exempt")
# Request headers that make a request conditional.
CONDITIONAL = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")


def no_content_cache(view: Callable) -> Callable:
    """Mark a view whose answer does not follow from the content (e.g. /healthz)."""
    view.no_content_cache = True
    return view


# --- Validators ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: int | None  # seconds since the epoch; None while that second is not over

    def apply(self, response: HttpResponse) -> HttpResponse:
        """Validators and Vary always; our Cache-Control unless the view chose its own."""
        response.headers["ETag"] = self.etag
        if self.last_modified is not None:
            response.headers["Last-Modified"] = http_date(self.last_modified)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, **PUBLIC_CACHE_CONTROL)
        patch_vary_headers(response, VARY)
        _without_cookie_in_vary(response)
        return response


def _without_cookie_in_vary(response: HttpResponse) -> None:
    """The session middleware adds `Vary: Cookie` whenever a view looks at `request.user`; for a page
    that takes part it is not true (the HTML never depends on cookies), and it would keep every CDN
    from sharing the page. Requests that may be logged in (a session cookie) never reach a shared
    copy: they are answered privately here, and the shipped proxy bypasses its cache for them."""
    if response.has_header("Vary"):
        kept = [v.strip() for v in response["Vary"].split(",") if v.strip() and v.strip().lower() != "cookie"]
        if kept:
            response["Vary"] = ", ".join(kept)
        else:
            del response["Vary"]


@cache
def _hash_key(secret: str) -> bytes:
    return hashlib.sha256(secret.encode()).digest()


def _digest(parts: list[str]) -> str:
    data = "\0".join(parts).encode("utf-8", "surrogateescape")
    return hashlib.blake2b(data, key=_hash_key(settings.SECRET_KEY), digest_size=16).hexdigest()


def accepts_brotli(request: HttpRequest) -> bool:
    """Whether the client takes brotli (`br` in Accept-Encoding, not with q=0): a stored tier page
    may then be sent compressed (igfapp/reader_pages.py)."""
    for coding in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _, params = coding.partition(";")
        if name.strip().lower() == "br":
            return params.replace(" ", "").lower() not in {"q=0", "q=0.0", "q=0.00", "q=0.000"}
    return False


def request_fingerprint(request: HttpRequest) -> str:
    """Everything of the request a page's HTML may depend on, hashed; no database needed.

    Raw values (cheap); an unvalidated Host cannot matter, because nothing is ever stored or
    validated under a Host that failed CommonMiddleware's check.
    """
    if (fingerprint := getattr(request, "_content_fingerprint", None)) is None:
        meta = request.META
        fingerprint = request._content_fingerprint = _digest(
            [
                request.scheme,
                meta.get("HTTP_HOST", ""),
                request.path,
                meta.get("QUERY_STRING", ""),
                *(meta.get(name, "") for name in HTMX_META),
                "br" if accepts_brotli(request) else "",  # a page may be stored compressed
            ]
        )
    return fingerprint


def page_validators(request: HttpRequest, content: ContentRevisionRow) -> Validators:
    """The page's validators: the request's fingerprint, the content revision and the release."""
    release, released_at = release_stamp()
    digest = _digest([request_fingerprint(request), release, str(content.number), content.changed_at.isoformat()])
    changed = max(content.changed_at.timestamp(), released_at)
    # HTTP dates count whole seconds: a Last-Modified sent while its second is still running could
    # be followed by another edit in that same second, and If-Modified-Since would then answer 304
    # with the old page. So it is sent only once the second is over (the ETag is always exact).
    last_modified = int(changed) if time.time() >= int(changed) + 1 else None
    return Validators(etag=f'"{digest}"', last_modified=last_modified)


# --- The middleware ------------------------------------------------------------------------


def _takes_part(view: Callable) -> bool:
    module = getattr(view, "__module__", "") or ""
    return module.startswith("igfapp.views") and not getattr(view, "no_content_cache", False)


@dataclass(frozen=True)
class StoredPage:
    """A rendered 200 response, immutable, so that every thread can share it without copying."""

    etag: str  # the validators it was rendered under: stale once the content or release changes
    content: bytes
    headers: tuple[tuple[str, str], ...]
    attributes: tuple[tuple[str, object], ...]

    @classmethod
    def of(cls, response: HttpResponse, validators: Validators) -> StoredPage:
        return cls(
            etag=validators.etag,
            content=response.content,
            headers=tuple(response.items()),
            attributes=tuple(
                (name, getattr(response, name)) for name in REPLAYED_ATTRIBUTES if hasattr(response, name)
            ),
        )

    @property
    def size(self) -> int:
        return len(self.content) + 2048  # headers and bookkeeping, roughly

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content)
        for key, value in self.headers:
            response.headers[key] = value
        for name, value in self.attributes:
            setattr(response, name, value)
        response.from_page_cache = True
        return response


class PageStore:
    """Per-process least-recently-used store of rendered pages, bounded by total size.

    Not Django's cache framework: LocMemCache pickles every value, and copying a 100 KB page on
    each hit costs more than the rest of the request. Entries are never stale (the key holds the
    content revision and the release); old ones simply fall out.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._pages: OrderedDict[str, StoredPage] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> StoredPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def set(self, key: str, page: StoredPage) -> None:
        if not self.max_bytes:
            return
        with self._lock:
            if (old := self._pages.pop(key, None)) is not None:
                self._bytes -= old.size
            self._pages[key] = page
            self._bytes += page.size
            while self._bytes > self.max_bytes:
                _, evicted = self._pages.popitem(last=False)
                self._bytes -= evicted.size

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._pages)


page_store = PageStore(settings.PAGE_CACHE_MAX_BYTES)


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    return request.method == "GET" and len(response.content) <= PAGE_MAX_BYTES and not response.cookies


class ContentCacheMiddleware:
    """Answers conditional GETs with 304 and repeats of a page from memory; see the module doc.

    Two places, for speed:
    - before the inner middleware and URL resolution, for requests that cannot be logged in (no
      session cookie): a 304 for the current ETag, or the stored page. Both are safe there: an ETag
      or a stored page only exists for a page that took part, with exactly these inputs (URL, host,
      htmx headers, content revision, release) — including a Host that passed validation;
    - `process_view`, once the view is known: which views take part, If-Modified-Since, and users.
    """

    PRIVATE = "private"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        anonymous = settings.SESSION_COOKIE_NAME not in request.COOKIES  # no session, no login
        if request.method in ("GET", "HEAD") and anonymous and (early := self._answer_early(request)):
            return early
        response = self.get_response(request)
        state = getattr(request, "_content_cache", None)
        if state is None and not anonymous and not response.has_header("Cache-Control"):
            # Whatever answered it (a 404 before any view, the admin), an answer to a request that
            # may be logged in is never kept by any cache.
            add_never_cache_headers(response)
        if state is None or response.status_code == 304 or getattr(response, "from_page_cache", False):
            return response
        if state == self.PRIVATE:
            if not response.has_header("Cache-Control"):
                add_never_cache_headers(response)
            return response
        return self._finish(request, response, state)

    @staticmethod
    def _answer_early(request: HttpRequest) -> HttpResponse | None:
        stored = page_store.get(request_fingerprint(request))
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
        if stored is None and not if_none_match:
            return None  # most requests that are not pages end here, without a query
        if (revision := _revision_unless_down()) is None:
            return _while_down(request)
        validators = page_validators(request, revision)
        request.content_revision = revision.number  # the view may need it too (reader_pages.stored_tier)
        request._content_cache = validators  # until process_view finds out whether it takes part
        conditional = any(name in request.META for name in CONDITIONAL)
        if stored is not None and stored.etag == validators.etag:
            # It carries the headers it was answered with, validators included (same key, same ETag).
            response = stored.response()
            if validators.last_modified is not None and not response.has_header("Last-Modified"):
                response.headers["Last-Modified"] = http_date(validators.last_modified)  # stored too fresh
            if not conditional:
                return response
            answer = get_conditional_response(
                request, etag=validators.etag, last_modified=validators.last_modified, response=response
            )
            return _with_frame_options(answer)
        if if_none_match and validators.etag in parse_etags(if_none_match):
            return _with_frame_options(validators.apply(HttpResponseNotModified()))
        return None

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if request.method not in ("GET", "HEAD") or not _takes_part(view_func):
            request._content_cache = None
            return None
        try:
            logged_in = _logged_in(request)  # reads the session: the database, for a session cookie
        except (OperationalError, InterfaceError) as error:
            request._content_cache = None
            outage.failed(error)
            return unavailable_response(request)
        if logged_in:
            request._content_cache = self.PRIVATE
            return None
        validators = getattr(request, "_content_cache", None)
        if validators is None:
            if (revision := _revision_unless_down()) is None:
                request._content_cache = None
                return _while_down(request)
            validators = page_validators(request, revision)
            request.content_revision = revision.number
        request._content_cache = validators
        if any(name in request.META for name in CONDITIONAL):
            template = validators.apply(HttpResponse())
            answer = get_conditional_response(
                request, etag=validators.etag, last_modified=validators.last_modified, response=template
            )
            if answer is not template:  # 304 Not Modified (or 412 for a failed If-Match)
                return answer
        return None

    def _finish(self, request: HttpRequest, response: HttpResponse, validators: Validators) -> HttpResponse:
        if response.status_code != 200 or response.streaming or "no-store" in response.get("Cache-Control", ""):
            return response  # an error, a stream, or a view that must not be stored
        if response.cookies:
            # It changes the client's state: no validators, so no later 304 can skip the cookie.
            _without_validators(response)
        else:
            validators.apply(response)
        if _storable(request, response):
            page_store.set(request_fingerprint(request), StoredPage.of(response, validators))
        return response


def _revision_unless_down() -> ContentRevisionRow | None:
    """The content revision, or None while the database cannot be reached (told to `outage`)."""
    try:
        revision = current_content_revision()
    except (OperationalError, InterfaceError) as error:
        outage.failed(error)
        return None
    outage.answered()
    return revision


def _while_down(request: HttpRequest) -> HttpResponse:
    """The page last rendered for exactly this request, however old; else the 503 page."""
    stored = page_store.get(request_fingerprint(request))
    if stored is None:
        return unavailable_response(request)
    response = _with_frame_options(stored.response())
    response.served_while_database_down = True
    return response


def _with_frame_options(response: HttpResponse) -> HttpResponse:
    """Answered above XFrameOptionsMiddleware, so add what it would have (pages never opt out)."""
    response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
    return response


def _logged_in(request: HttpRequest) -> bool:
    """Only a request with a session cookie can be logged in; without one, skip the lazy user."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def _without_validators(response: HttpResponse) -> HttpResponse:
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, VARY)
    return response
