"""Pop-up card fragments: a glossary term's short definition and a citation's reference.

static/js/popups.js fetches these when a reader hovers, focuses or taps a term or a citation. A
card is the same for every reader (drafts are never cards, and nothing here reads the session or
the user), so it is cached and validated like a page (igfapp/caching.py).
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from ..models import GlossaryTerm, Reference

LEVELS = ("plain", "technical")


def card_level(request) -> str:
    """Which definition the reader's tier wants; anything unexpected means plain."""
    level = request.GET.get("level", "")
    return level if level in LEVELS else "plain"


def _card_response(template: str, context: dict) -> HttpResponse:
    # Rendered without the request: no context processors, no session, no user.
    response = HttpResponse(render_to_string(template, context))
    response["X-Robots-Tag"] = "noindex"  # a fragment, not a page
    return response


# Cards take part in the page cache like pages (igfapp/caching.py): stored once rendered, ETag,
# `public` with a short s-maxage, so a shared cache serves them and an edit shows within seconds.
@require_safe
def term_card(request, slug):
    term = GlossaryTerm.objects.published().filter(slug=slug).first()
    if term is None:
        raise Http404("No such term.")
    technical = card_level(request) == "technical" and term.technical_definition
    definition = term.technical_definition if technical else term.plain_definition
    return _card_response("cards/term.html", {"term": term, "definition": definition, "technical": bool(technical)})


@require_safe
def reference_card(request, key):
    ref = Reference.objects.select_related("corrected_by").filter(key=key).first()
    if ref is None:
        raise Http404("No such reference.")
    return _card_response("cards/reference.html", {"ref": ref})
