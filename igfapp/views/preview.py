"""The admin's live preview: markdown rendered by the very pipeline that publishing uses.

Staff only, POST with the CSRF token (the text can be long, and a preview must never be a way to
run the renderer for strangers). Rendering here is per request on purpose: it is a preview of
text that is not saved yet. What readers get is still rendered once, at save time.
"""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ..caching import no_content_cache
from ..editorial import is_editor, markdown_fields
from ..models import EvidenceNote, GlossaryTerm, LifestyleFactor, Mechanism, Reference, Section
from ..publishing import glossary_matcher, standalone_context
from ..rendering import CitationState, RenderContext, cited_keys, render_markdown

PREVIEWED_MODELS = {
    model._meta.model_name: model for model in (GlossaryTerm, Mechanism, LifestyleFactor, EvidenceNote, Reference)
}
MAX_PREVIEW_CHARS = 200_000


@no_content_cache
@never_cache
@require_POST
def markdown_preview(request) -> HttpResponse:
    if not is_editor(request.user):
        return HttpResponseForbidden("Previews are for editors: log in to the admin first.")
    source = request.POST.get("source", "")
    text = request.POST.get(source, "") if source else ""
    if len(text) > MAX_PREVIEW_CHARS:
        return HttpResponseBadRequest("This text is too long to preview.")
    model_name = request.POST.get("model", "")
    object_id = request.POST.get("object_id", "")
    if model_name == "section":
        context = _section_context(object_id)
    elif model_name in PREVIEWED_MODELS and source.rsplit("-", 1)[-1] in markdown_fields(PREVIEWED_MODELS[model_name]):
        context = _standalone_context(PREVIEWED_MODELS[model_name], object_id)
    else:
        return HttpResponseBadRequest("Unknown field to preview.")
    html = render_markdown(text, context)
    return render(request, "admin/igfapp/preview_fragment.html", {"html": html, "cited": _cited(text, context)})


def _section_context(object_id: str) -> RenderContext:
    """Citations numbered as on the page: the keys cited by earlier sections come first."""
    citations = CitationState()
    section = Section.objects.filter(pk=object_id).only("article_id", "order").first() if object_id.isdigit() else None
    if section is not None:
        earlier = Section.objects.filter(article_id=section.article_id, order__lt=section.order).order_by("order")
        for body in earlier.values_list("body_md", flat=True):
            for key in cited_keys(body):
                citations.numbers.setdefault(key, len(citations.numbers) + 1)
    return RenderContext(glossary=glossary_matcher(), citations=citations)


def _standalone_context(model, object_id: str) -> RenderContext:
    obj = model._default_manager.filter(pk=object_id).first() if object_id.isdigit() else None
    return standalone_context(obj if obj is not None else model(), glossary_matcher())


def _cited(text: str, context: RenderContext) -> list[dict]:
    """The references this text cites, with their number, so editors can check them at a glance."""
    keys = list(dict.fromkeys(cited_keys(text)))
    found = {ref.key: ref for ref in Reference.objects.filter(key__in=keys)}
    return [{"key": key, "number": context.citations.numbers.get(key), "reference": found.get(key)} for key in keys]
