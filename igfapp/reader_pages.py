"""The tiers as readers get them: rendered once per change and stored whole.

A tier is the site's most-read page and its most expensive one to render (sections, evidence
notes, questions, the reference list, the page's metadata and, on Intermediate, the factor
table). Every reader who is not logged in and asks for a tier without a query string gets the
same bytes, so those bytes are rendered after each committed content change and stored with the
content revision and the release they were rendered at (`ReaderPage`). The view sends them while
both are still current; otherwise (a change not re-rendered yet, a deploy, a query string, an
editor) it renders live, from the same template and the same context (`tier_context`), so a
stored page is never stale and never differs from a live one.

The page's absolute URLs (its canonical link, citation metadata and "Cite this page") name the
site's public origin (`IGF_SITE_ORIGIN`). Then a tier's bytes are the same for every reader, and
they are also stored brotli-compressed at quality 11, too slow to do per request (about 0.11-0.22 s
a tier, bench/README.md) but done once per change, in the worker: a first visit downloads 11-13 %
less HTML than nginx's on-the-fly brotli (quality 5) sends. Without that setting the URLs follow the host the reader asked:
the stored HTML holds a placeholder origin that the view replaces, and is sent uncompressed (a
proxy in front compresses it).
"""

from __future__ import annotations

import brotli
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.loader import render_to_string
from django.urls import resolve
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from .caching import accepts_brotli
from .content_revision import current_content_revision, release_stamp
from .factor_table import factor_table
from .models import Article, ReaderPage
from .selectors import ArticlePage, article_page

TIER_TEMPLATE = "articles/article.html"
TIER_FRAGMENT = f"{TIER_TEMPLATE}#article-content"  # what the depth switch swaps in over htmx

# Only characters that HTML and JSON escaping leave alone, so it survives wherever a URL is printed.
PLACEHOLDER_HOST = "reader-page-origin.invalid"
PLACEHOLDER_ORIGIN = f"http://{PLACEHOLDER_HOST}"
# Brotli's best (11) takes about three times as long for 2 % less (Academic: 25.7 against 26.3 KB).
BROTLI_QUALITY = 11


def tier_context(*, slug: str, user, query: QueryDict, editing=None, answer=None, preview=False) -> dict:
    """Everything the tier template needs: the page as `user` may see it, and the embedded table."""
    draft = editing.shown_draft if editing is not None else None
    page = article_page(slug=slug, user=user, draft=draft, answer=answer, preview=preview)
    return {"page": page, "article": page.article, "table": _embedded_table(page, query, user), "editing": editing}


def _embedded_table(page: ArticlePage, query: QueryDict, user):
    if not page.embeds_factor_table:  # the Intermediate tier shows the factor table; its links stay here
        return None
    return factor_table(query=query, user=user, base_url=page.article.get_absolute_url(), embedded=True)


def release_key() -> str:
    """What else the bytes depend on: the templates, code and static files, DEBUG (django-htmx adds
    its debugging script then) and the public origin."""
    return f"{release_stamp()[0]}{'+debug' if settings.DEBUG else ''}@{settings.SITE_ORIGIN}"


# --- Serving ---------------------------------------------------------------------------------


def serves_stored(request: HttpRequest) -> bool:
    """Whether this request gets the readers' page: not logged in, a GET with no query string."""
    return request.method in ("GET", "HEAD") and not request.GET and not request.user.is_authenticated


def stored_tier(request: HttpRequest, slug: str, *, fragment: bool) -> HttpResponse | None:
    """The stored page (or its htmx fragment) for `slug` if it is still current, else None (one query,
    besides the content revision the page cache has already read). Compressed if stored so and the
    reader's browser takes brotli."""
    revision = getattr(request, "content_revision", None)
    if revision is None:
        revision = current_content_revision().number
    row = (
        ReaderPage.objects.filter(article__slug=slug, content_revision=revision, release=release_key())
        .values_list("fragment_html" if fragment else "page_html", "page_br")
        .first()
    )
    if row is None:
        return None
    html, compressed = row
    if compressed and not fragment and accepts_brotli(request):
        response = HttpResponse(bytes(compressed), headers={"Content-Encoding": "br"})
    else:
        response = HttpResponse(html.replace(PLACEHOLDER_ORIGIN, f"{request.scheme}://{request.get_host()}"))
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


# --- Rendering, after each change --------------------------------------------------------------


class _ReaderRequest(HttpRequest):
    """A reader's first visit to `path`, with nothing but the path (no cookies, no query) and the
    placeholder for a host."""

    def __init__(self, path: str):
        super().__init__()
        self.method = "GET"
        self.path = self.path_info = path
        self.resolver_match = resolve(path)  # the site header marks the current page from it
        self.user = AnonymousUser()

    def get_host(self) -> str:
        return PLACEHOLDER_HOST

    def _get_scheme(self) -> str:
        return "http"


def render_reader_pages() -> None:
    """Render and store every published tier as readers get it (about 20-40 ms a tier, and the
    compression of a page whose bytes changed).

    The content revision is read first: if another change commits while these render, the stored
    pages carry the older number and are simply not used until the next render.
    """
    revision = current_content_revision().number
    release = release_key()
    published = list(Article.objects.published().only("slug", "pk"))
    stored = {row.pk: row for row in ReaderPage.objects.filter(article__in=published)}
    for article in published:
        request = _ReaderRequest(article.get_absolute_url())
        context = tier_context(slug=article.slug, user=request.user, query=QueryDict())
        page_html = render_to_string(TIER_TEMPLATE, context, request)
        previous = stored.get(article.pk)
        values = {
            "page_html": page_html,
            "fragment_html": render_to_string(TIER_FRAGMENT, context, request),
            "page_br": _compressed(page_html, previous),
            "content_revision": revision,
            "release": release,
            "rendered_at": timezone.now(),  # update() leaves auto_now alone
        }
        # Two renders at once (two editors' saves): the one that read the newer revision wins,
        # whichever finishes last.
        if not ReaderPage.objects.filter(article=article, content_revision__lte=revision).update(**values):
            ReaderPage.objects.get_or_create(article=article, defaults=values)
    ReaderPage.objects.exclude(article__in=published).delete()


def _compressed(page_html: str, previous: ReaderPage | None) -> bytes:
    """The page brotli-compressed, if its bytes do not depend on the host; the stored compression
    again if the page has not changed (most edits change one tier, or none of its bytes)."""
    if PLACEHOLDER_ORIGIN in page_html:
        return b""
    if previous is not None and previous.page_br and previous.page_html == page_html:
        return bytes(previous.page_br)
    return brotli.compress(page_html.encode(), quality=BROTLI_QUALITY)
