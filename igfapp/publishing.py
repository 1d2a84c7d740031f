"""Rendering stored HTML from markdown, for everything or for what an edit affects.

Called by the importer after a load and by the admin after a save. Sections are rendered an article
at a time because citation numbers run across the whole page.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from .models import Article, EvidenceNote, GlossaryTerm, LifestyleFactor, Mechanism, Reference, Section
from .rendering import CitationState, cited_keys, GlossaryMatcher, RenderContext, count_words, render_markdown


def glossary_matcher() -> GlossaryMatcher:
    """One matcher over every published term and alias (drafts are never linked)."""
    names: dict[str, str] = {}
    for slug, term, aliases in GlossaryTerm.objects.published().values_list("slug", "term", "aliases"):
        names[term] = slug
        for alias in aliases:
            names[alias] = slug
    return GlossaryMatcher(names, lambda slug: reverse("glossary-term", kwargs={"slug": slug}))


def _reference_pks(keys) -> list[int]:
    return list(Reference.objects.filter(key__in=set(keys)).values_list("pk", flat=True))


def render_article(article: Article, matcher: GlossaryMatcher) -> None:
    """Render every section of one article with page-wide citation numbering."""
    citations = CitationState()
    for section in article.sections.order_by("order"):
        html = render_markdown(section.body_md, RenderContext(glossary=matcher, citations=citations))
        words = count_words(section.body_md)
        if (section.body_html, section.word_count) != (html, words):
            Section.objects.filter(pk=section.pk).update(body_html=html, word_count=words)
        section.cited_references.set(_reference_pks(cited_keys(section.body_md)))
    index = citations.index()
    if article.citation_index != index:
        Article.objects.filter(pk=article.pk).update(citation_index=index)


# (model, markdown field, html field) for bodies rendered on their own page.
STANDALONE_BODIES = [
    (GlossaryTerm, "explanation_md", "explanation_html"),
    (Mechanism, "explanation_md", "explanation_html"),
    (LifestyleFactor, "detail_md", "detail_html"),
    (EvidenceNote, "explanation_md", "explanation_html"),
    (Reference, "note_md", "note_html"),
]


def render_standalone(obj, md_field: str, html_field: str, matcher: GlossaryMatcher) -> None:
    context = RenderContext(glossary=matcher, citations=CitationState())
    if isinstance(obj, GlossaryTerm):
        # A term's own page does not link the term to itself.
        context.glossary = _without(matcher, obj.slug)
    html = render_markdown(getattr(obj, md_field), context)
    if getattr(obj, html_field) != html:
        type(obj).objects.filter(pk=obj.pk).update(**{html_field: html})
        setattr(obj, html_field, html)


def _without(matcher: GlossaryMatcher, slug: str) -> GlossaryMatcher:
    names = {name: s for name, s in matcher.slug_for.items() if s != slug}
    return GlossaryMatcher(names, matcher.url_for)


@transaction.atomic
def render_everything() -> None:
    matcher = glossary_matcher()
    for article in Article.objects.all():
        render_article(article, matcher)
    for model, md_field, html_field in STANDALONE_BODIES:
        for obj in model.objects.all():
            render_standalone(obj, md_field, html_field, matcher)
