"""Draft previews: an edited, unsaved item rendered as its stored HTML would be.

What "Save draft" keeps in `PendingChange.preview` (and `?preview=draft` shows): the item's column
values and the HTML of its markdown fields; for an article, its sections as edited, numbered as
on the page; for a lifestyle factor, its links as edited (mechanisms with notes, citations,
passages), which live in inlines and a many-to-many field that a draft does not save; for a
question, its choices and glossary terms as edited, rendered as their stored HTML is.
"""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder

from ..html_fields import (
    editors_text_renderer,
    evidence_note_places,
    glossary_matcher,
    markdown_fields,
    question_texts_html,
    render_caution,
    render_page,
    standalone_context,
)
from ..models import Article, Choice, FactorMechanism, LifestyleFactor, Question, Section
from ..plain_words import render_plain_words
from ..rendering import count_words, render_markdown


def draft_preview(obj, form, formsets) -> dict:
    """The preview a draft of `obj` keeps, from the submitted admin form and its inlines."""
    if isinstance(obj, Article):
        return article_preview(obj, inline_instances(formsets, Section))
    if isinstance(obj, LifestyleFactor):
        return factor_preview(obj, form, formsets)
    if isinstance(obj, Question):
        return question_preview(obj, form, formsets)
    return standalone_preview(obj)


def serialisable_fields(instance) -> dict:
    """The instance's own column values as JSON types (dates as ISO strings)."""
    values = {f.attname: f.value_from_object(instance) for f in instance._meta.concrete_fields}
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def standalone_preview(instance) -> dict:
    """Values and HTML of an edited (unsaved) item, rendered as its stored HTML would be."""
    matcher = glossary_matcher()
    html = {
        html_field: render_markdown(getattr(instance, md_field), standalone_context(instance, matcher))
        for md_field, html_field in markdown_fields(type(instance)).items()
    }
    return {"fields": serialisable_fields(instance), "html": html}


def article_preview(article: Article, sections: list[Section]) -> dict:
    """An edited article with its edited sections, numbered and linked as on the published page."""
    sections = sorted(sections, key=lambda s: s.order)
    matcher = glossary_matcher()
    rendered, citations = render_page([section.body_md for section in sections], matcher)
    render_editors, notes = editors_text_renderer(matcher), evidence_note_places()
    rows = [
        {
            "pk": section.pk,
            "order": section.order,
            "heading": section.heading,
            "anchor": section.anchor,
            "topic": section.topic,
            "body_md": section.body_md,
            "body_html": html,
            "word_count": count_words(section.body_md),
            "caution_md": section.caution_md,
            "caution_html": render_caution(section.caution_md),
            "plain_words_md": section.plain_words_md,
            "plain_words_evidence": section.plain_words_evidence,
            "plain_words_html": render_plain_words(section, render_editors, notes),
        }
        for section, html in zip(sections, rendered, strict=True)
    ]
    fields = serialisable_fields(article)
    fields["citation_index"] = citations.index()
    return {"fields": fields, "sections": rows}


def factor_preview(factor: LifestyleFactor, form, formsets) -> dict:
    """An edited factor as its draft: its own values and detail HTML, and its links as edited."""
    preview = standalone_preview(factor)
    preview["passages"] = sorted(section.pk for section in form.cleaned_data.get("passages", []))
    links = sorted(inline_instances(formsets, FactorMechanism), key=lambda link: link.order)
    preview["mechanism_links"] = [
        {"pk": link.pk, "mechanism": link.mechanism_id, "order": link.order, "note": link.note} for link in links
    ]
    citations = inline_instances(formsets, LifestyleFactor.references.through)
    preview["references"] = sorted(citation.reference_id for citation in citations)
    return preview


def question_preview(question: Question, form, formsets) -> dict:
    """An edited question as its draft: its values and HTML, its choices and terms as edited."""
    choices = sorted(inline_instances(formsets, Choice), key=lambda choice: choice.order)
    question_html, choices_html = question_texts_html(question, choices, glossary_matcher())
    rows = []
    for choice, (text, explanation) in zip(choices, choices_html, strict=True):
        rows.append(
            {
                "pk": choice.pk,
                "order": choice.order,
                "text_md": choice.text_md,
                "correct": choice.correct,
                "explanation_md": choice.explanation_md,
                "text_html": text,
                "explanation_html": explanation,
            }
        )
    return {
        "fields": serialisable_fields(question),
        "html": {"text_html": question_html},
        "choices": rows,
        "terms": sorted(term.pk for term in form.cleaned_data.get("terms", [])),
    }


def inline_instances(formsets, model) -> list:
    """The rows of `model`'s inline that a save would keep (see kept_inline_forms)."""
    return [form.instance for formset in formsets if formset.model is model for form in kept_inline_forms(formset)]


def kept_inline_forms(formset) -> list:
    """The inline forms a save would keep: not deleted, and not an untouched blank extra row."""
    return [
        form
        for form in formset.forms
        if form not in formset.deleted_forms and (form.instance.pk is not None or form.has_changed())
    ]
