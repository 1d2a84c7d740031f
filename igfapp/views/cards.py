"""Pop-up card fragments: a glossary term's short definition and a citation's reference.

static/js/popups.js fetches these when a reader hovers, focuses or taps a term or a citation. A
card is the same for every reader (drafts are never cards, and nothing here reads the session or
the user), so it is public and stored by browsers and caches, but revalidated on every use with its
ETag: a repeat visit costs a 304, and an edit shows in the next card opened (never a stale one).
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition, require_safe

from ..caching import current_content_revision, no_content_cache, release_stamp
from ..models import GlossaryTerm, Reference

LEVELS = ("plain", "technical")


def card_level(request) -> str:
    """Which definition the reader's tier wants; anything unexpected means plain."""
    level = request.GET.get("level", "")
    return level if level in LEVELS else "plain"


def _etag(*parts: str) -> str:
    """A card's validator: what it shows, the content revision and the release.

    The content revision (igfapp/content_revision.py) is bumped by database triggers on every write, even a
    `QuerySet.update()`, and the release stamp changes with the templates, so a card is never
    answered with a 304 after either changed.
    """
    release, _ = release_stamp()
    return "-".join([*parts, f"r{current_content_revision().number}", release[:16]])


def _term_etag(request, slug: str) -> str:
    return _etag("term", slug, card_level(request))


def _reference_etag(request, key: str) -> str:
    return _etag("ref", key)


def _card_response(template: str, context: dict) -> HttpResponse:
    # Rendered without the request: no context processors, so no session or user is read and the
    # response does not vary by cookie.
    response = HttpResponse(render_to_string(template, context))
    # no-cache: keep it, but ask first. A max-age would let an edited definition show stale.
    patch_cache_control(response, public=True, no_cache=True)
    response["X-Robots-Tag"] = "noindex"  # a fragment, not a page
    return response


# The site-wide page cache looks at the user (which reads the session and makes a response vary by
# cookie); cards never need to, so they opt out and carry their own validators.
@no_content_cache
@require_safe
@condition(etag_func=_term_etag)
def term_card(request, slug):
    term = GlossaryTerm.objects.published().filter(slug=slug).first()
    if term is None:
        raise Http404("No such term.")
    technical = card_level(request) == "technical" and term.technical_definition
    definition = term.technical_definition if technical else term.plain_definition
    return _card_response("cards/term.html", {"term": term, "definition": definition, "technical": bool(technical)})


@no_content_cache
@require_safe
@condition(etag_func=_reference_etag)
def reference_card(request, key):
    ref = Reference.objects.select_related("corrected_by").filter(key=key).first()
    if ref is None:
        raise Http404("No such reference.")
    return _card_response("cards/reference.html", {"ref": ref})
