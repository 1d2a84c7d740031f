"""The markdown editor's live preview: one field's unsaved text, rendered as the stored HTML is (html_fields.py).

A section is rendered after the stored sections before it on its page (`render_page`), so its
citation numbers are the page's; a body shown on its own is rendered in its own context
(`standalone_context`: author–year citations, a term not linked to itself). Rendering here is per
request on purpose: it previews text that is not saved yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..html_fields import UNLINKED_TEXTS, glossary_matcher, markdown_fields, render_page, standalone_context
from ..models import (
    Choice,
    EvidenceNote,
    GlossaryTerm,
    LifestyleFactor,
    Mechanism,
    Question,
    Reference,
    Section,
    SitePage,
)
from ..rendering import CitationState, cited_keys, render_markdown

PREVIEWED_MODELS = {
    model._meta.model_name: model
    for model in (GlossaryTerm, Mechanism, LifestyleFactor, EvidenceNote, Reference, Question, Choice, SitePage)
}
MAX_PREVIEW_CHARS = 200_000


@dataclass
class LivePreview:
    html: str
    cited: list[dict]  # {key, number, reference} for every key the text cites, in order


def live_preview(model_name: str, field_name: str, text: str, object_id: int | None) -> LivePreview | None:
    """`text` of `model_name`'s markdown field `field_name` as readers would see it; None for a
    field that is not a previewed markdown field."""
    if model_name == "section":
        html, citations = _in_page(text, object_id)
    elif model_name in PREVIEWED_MODELS and field_name in markdown_fields(PREVIEWED_MODELS[model_name]):
        html, citations = _on_its_own(PREVIEWED_MODELS[model_name], field_name, text, object_id)
    else:
        return None
    return LivePreview(html, _cited(text, citations))


def _in_page(text: str, object_id: int | None) -> tuple[str, CitationState]:
    """A section's text rendered after the stored sections before it on the page."""
    section = Section.objects.filter(pk=object_id).only("article_id", "order").first() if object_id else None
    earlier = []
    if section is not None:
        before = Section.objects.filter(article_id=section.article_id, order__lt=section.order).order_by("order")
        earlier = list(before.values_list("body_md", flat=True))
    rendered, citations = render_page([*earlier, text], glossary_matcher())
    return rendered[-1], citations


def _on_its_own(model, field_name: str, text: str, object_id: int | None) -> tuple[str, CitationState]:
    obj = model._default_manager.filter(pk=object_id).first() if object_id else None
    context = standalone_context(obj if obj is not None else model(), glossary_matcher())
    if (model, field_name) in UNLINKED_TEXTS:
        context.glossary = None
    return render_markdown(text, context), context.citations


def _cited(text: str, citations: CitationState) -> list[dict]:
    """The references this text cites, with their number, so editors can check them at a glance."""
    keys = list(dict.fromkeys(cited_keys(text)))
    found = {ref.key: ref for ref in Reference.objects.filter(key__in=keys)}
    return [{"key": key, "number": citations.numbers.get(key), "reference": found.get(key)} for key in keys]
