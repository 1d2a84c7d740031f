"""A model's HTML fields from its markdown: every `*_html` field the site stores, and how it is made.

Rendering happens once, when content changes (after_change.py decides what to render after an
import, a save, a revert or a deletion); requests only ever read the stored HTML. Sections are
rendered an article at a time because citation numbers run across the whole page: `render_page` is
the one place that numbering happens, for stored pages and for the editors' previews alike. A
question's texts are inline (no <p>), a choice's text without glossary links (`render_question`).
Imports nothing of igfapp above the models, the pure renderer and the plain-words format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import slugify

from .citation_export import author_year_label
from .models import (
    Article,
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
from .plain_words import render_plain_words
from .rendering import (
    AuthorYearCitations,
    CitationState,
    GlossaryMatcher,
    RenderContext,
    cited_keys,
    count_words,
    linked_term_slugs,
    plain_text,
    render_markdown,
)


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


def _glossary_term_pks(slugs) -> list[int]:
    return list(GlossaryTerm.objects.filter(slug__in=set(slugs)).values_list("pk", flat=True))


def render_caution(markdown_text: str) -> str:
    """An editors' caution at the top of a section.

    Its citations are author–year links: the page's numbers belong to the document's text. It gets
    no glossary links, so that nothing in it pops up over the warning it gives.
    """
    if not markdown_text.strip():
        return ""
    return render_markdown(markdown_text, RenderContext(author_year=author_year_citations()))


def editors_text_renderer(matcher: GlossaryMatcher):
    """How the editors' learning texts (plain words, questions) are rendered: glossary terms linked
    like the page's text, citations as author–year links (the page's numbers are the document's)."""
    author_year = author_year_citations()

    def render(text: str, *, link_terms: bool = True) -> str:
        glossary = matcher if link_terms else None
        return render_markdown(text, RenderContext(glossary=glossary, author_year=author_year))

    return render


def question_texts_html(question: Question, choices, matcher: GlossaryMatcher) -> tuple[str, list[tuple[str, str]]]:
    """A question's HTML and each choice's (text, explanation) HTML, as they are stored
    (render_question), for a draft's preview of an unsaved question."""
    render = editors_text_renderer(matcher)
    return question_html(question, render), [choice_html(choice, render) for choice in choices]


def evidence_note_places() -> dict[str, tuple[str, set[int]]]:
    """slug -> (claim, ids of the sections it sits beside), for the plain words' evidence links."""
    places = {slug: (claim, set()) for slug, claim in EvidenceNote.objects.values_list("slug", "claim")}
    for slug, section_id in EvidenceNote.sections.through.objects.values_list("evidencenote__slug", "section_id"):
        places[slug][1].add(section_id)
    return places


def render_page(bodies: Iterable[str], matcher: GlossaryMatcher) -> tuple[list[str], CitationState]:
    """The bodies one article page shows, in page order, rendered with page-wide citation numbers.

    The stored page, a draft's preview and the live preview of one section (rendered after the
    sections before it) all number citations here, so a preview's numbers are the page's.
    """
    citations = CitationState()
    html = [render_markdown(body, RenderContext(glossary=matcher, citations=citations)) for body in bodies]
    return html, citations


def render_article(article: Article, matcher: GlossaryMatcher) -> None:
    """Render every section of one article with page-wide citation numbering."""
    sections = list(article.sections.order_by("order"))
    rendered, citations = render_page([section.body_md for section in sections], matcher)
    render_editors = editors_text_renderer(matcher) if any(s.plain_words_md for s in sections) else None
    notes = evidence_note_places() if render_editors else {}
    for section, html in zip(sections, rendered, strict=True):
        words = count_words(section.body_md)
        text = plain_text(html)
        caution = render_caution(section.caution_md)
        plain = render_plain_words(section, render_editors, notes) if render_editors else ""
        stored = (
            section.body_html,
            section.word_count,
            section.body_text,
            section.caution_html,
            section.plain_words_html,
        )
        if stored != (html, words, text, caution, plain):
            Section.objects.filter(pk=section.pk).update(
                body_html=html, word_count=words, body_text=text, caution_html=caution, plain_words_html=plain
            )
        section.cited_references.set(_reference_pks(cited_keys(section.body_md)))
        section.glossary_terms.set(_glossary_term_pks(linked_term_slugs(html)))
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
    (SitePage, "body_md", "body_html"),
]


def markdown_fields(model) -> dict[str, str]:
    """The markdown fields of `model` rendered by the page pipeline (a section's body) or on their own,
    each -> its HTML field: the fields editors write with the live preview. (A section's caution is
    rendered apart, by `render_caution`.)"""
    bodies = [(Section, "body_md", "body_html"), *STANDALONE_BODIES, *LEARNING_TEXTS]
    return {md_field: html_field for body_model, md_field, html_field in bodies if body_model is model}


# Texts rendered without glossary links: a choice is a radio button's label (render_question).
UNLINKED_TEXTS = {(Choice, "text_md")}

# The questions' inline texts (rendered by render_question, like the plain words).
LEARNING_TEXTS = [
    (Question, "text_md", "text_html"),
    (Choice, "text_md", "text_html"),
    (Choice, "explanation_md", "explanation_html"),
]


def author_year_citations() -> AuthorYearCitations:
    """Author–year labels for every reference, linking to its entry on the references page."""
    labels = {
        key: author_year_label(authors, year, title, et_al=et_al)
        for key, authors, year, title, et_al in Reference.objects.values_list(
            "key", "authors", "year", "title", "et_al"
        )
    }
    return AuthorYearCitations(labels, lambda key: f"{reverse('references')}#ref-{key}")


def standalone_context(obj, matcher: GlossaryMatcher) -> RenderContext:
    """How a body rendered on its own is rendered (shared with the admin's live preview)."""
    context = RenderContext(glossary=matcher, citations=CitationState())
    if isinstance(obj, EvidenceNote | Mechanism | LifestyleFactor | Question | Choice):
        # Notes are shown beside an article's sections, where citation numbers are the article's;
        # mechanisms and factor details fill the factor table's rows (a mechanism once per factor),
        # where numbered citations would collide.
        context.author_year = author_year_citations()
    if isinstance(obj, SitePage):
        # A page about the site (the editorial standards): no glossary pop-ups in it.
        context.glossary = None
    if isinstance(obj, GlossaryTerm):
        # A term's own page does not link the term to itself.
        context.glossary = _without(matcher, obj.slug)
    return context


def render_standalone(obj, md_field: str, html_field: str, matcher: GlossaryMatcher) -> None:
    html = render_markdown(getattr(obj, md_field), standalone_context(obj, matcher))
    if isinstance(obj, SitePage):
        html = page_headings(html)
    if getattr(obj, html_field) != html:
        type(obj).objects.filter(pk=obj.pk).update(**{html_field: html})
        setattr(obj, html_field, html)


def page_headings(html: str) -> str:
    """A site page's headings one level up, each with an id to link to: its `###` are the page's own
    sections (h2) under its title (h1), `####` their subsections. Content markdown allows no h2 (a
    tier's `##` starts a section), and sanitised HTML carries no attribute on a heading, so the tags
    are exact; the id is the heading's text as a slug (letters, digits and hyphens only), unique on the page."""

    seen: set[str] = set()

    def raised(match: re.Match) -> str:
        level, inner = int(match.group(1)) - 1, match.group(2)
        anchor = slugify(strip_tags(inner)) or "part"
        while anchor in seen:  # two headings with one text: the second gets a suffix
            anchor += "-2"
        seen.add(anchor)
        return f'<h{level} id="{anchor}">{inner}</h{level}>'

    return HEADING_RE.sub(raised, html)


HEADING_RE = re.compile(r"<h([34])>(.*?)</h\1>", re.DOTALL)


def _without(matcher: GlossaryMatcher, slug: str) -> GlossaryMatcher:
    return matcher.never_linking(slug)


def render_all_fields() -> None:
    """Render every HTML field of every item (writing only the ones that changed)."""
    matcher = glossary_matcher()
    for article in Article.objects.all():
        render_article(article, matcher)
    for model, md_field, html_field in STANDALONE_BODIES:
        for obj in model.objects.all():
            render_standalone(obj, md_field, html_field, matcher)
    render_questions(editors_text_renderer(matcher))


def render_fields_of(obj) -> None:
    """Render the HTML fields an edit of `obj` changes: its own, or its article's (citation numbers
    run across a page). Glossary terms and references change other items' HTML: after_change.py
    renders everything for those."""
    matcher = glossary_matcher()
    if isinstance(obj, Question):
        render_questions(editors_text_renderer(matcher), [obj])
    if isinstance(obj, Article):
        render_article(obj, matcher)
    elif isinstance(obj, Section):
        render_article(obj.article, matcher)
    for model, md_field, html_field in STANDALONE_BODIES:
        if isinstance(obj, model):
            render_standalone(obj, md_field, html_field, matcher)


# --- Questions: inline texts ----------------------------------------------------------------------


def inline_html(fragment: str) -> str:
    """A one-paragraph rendering without its <p>: the text goes inside a legend, a label or a sentence."""
    if fragment.startswith("<p>") and fragment.endswith("</p>") and fragment.count("<p>") == 1:
        return fragment[3:-4]
    return fragment


def question_html(question: Question, render) -> str:
    """The question's text as stored (and as a draft's preview keeps it)."""
    return inline_html(render(question.text_md))


def choice_html(choice: Choice, render) -> tuple[str, str]:
    """A choice's text and explanation as stored (and as a draft's preview keeps them).

    A choice is a radio button's label (UNLINKED_TEXTS): a link in it would take a
    click on the word away from choosing it, and add a tab stop per term. Explanations link them."""
    return inline_html(render(choice.text_md, link_terms=False)), inline_html(render(choice.explanation_md))


def render_question(question: Question, render) -> None:
    """Store the HTML of a question and its choices (`render`: markdown -> HTML); writes only what changed."""
    html = question_html(question, render)
    if question.text_html != html:
        Question.objects.filter(pk=question.pk).update(text_html=html)
    for choice in question.choices.all():
        text, explanation = choice_html(choice, render)
        if (choice.text_html, choice.explanation_html) != (text, explanation):
            Choice.objects.filter(pk=choice.pk).update(text_html=text, explanation_html=explanation)


def render_questions(render, questions=None) -> None:
    for question in questions if questions is not None else Question.objects.prefetch_related("choices"):
        render_question(question, render)
