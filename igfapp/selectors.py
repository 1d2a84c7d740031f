"""Reads that views need, each a fixed number of queries however much content there is.

Articles (with the depth switch), the glossary and the references. A page that an editor can
preview as a draft is read by the same function for readers and for the preview: the view passes
the draft to show (editorial/public.py decides which), or None.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Max, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from . import citation_export as export
from .editorial.drafts import draft_sections, show_pending_values
from .models import (
    Article,
    EvidenceNote,
    GlossaryTerm,
    LifestyleFactor,
    PendingChange,
    PublicChange,
    Reference,
    Review,
    Section,
    Topic,
    is_editor,
)
from .page_questions import Answer, attach_questions
from .rendering import embed_marker
from .review_records import attach_note_checks, latest_tier_review

WORDS_PER_MINUTE = 200


def reading_minutes(word_count: int | None) -> int:
    return max(1, round((word_count or 0) / WORDS_PER_MINUTE))


def articles_with_reading_time(*, user) -> list[Article]:
    """Visible tiers in order, each with `.minutes` (one query)."""
    articles = list(
        Article.objects.visible_to(user).annotate(words=Sum("sections__word_count")).order_by("order")
    )  # Django drops Meta.ordering from GROUP BY queries
    for article in articles:
        article.minutes = reading_minutes(article.words)
    return articles


@dataclass(frozen=True)
class SectionRef:
    anchor: str
    topic: str
    heading: str


@dataclass
class TierLinks:
    """Where another tier picks up each of this article's sections."""

    article: Article
    target_for: dict[str, str] = field(default_factory=dict)  # our anchor → their anchor ("" = top)

    def __post_init__(self) -> None:
        self.url = self.article.get_absolute_url()  # once per tier, not once per section

    def link(self, anchor: str) -> tuple[Article, str, str]:
        """(tier, href, target anchor or "" for the top) for a reader at `anchor`."""
        target = self.target_for.get(anchor, "")
        url = self.url
        return self.article, (f"{url}#{target}" if target else url), target


def matching_anchor(topic: str, candidates: list[SectionRef]) -> str:
    """The section of another tier that continues `topic`.

    Same topic → that section; otherwise the nearest earlier topic that tier has; else its top ("").
    """
    for candidate in candidates:
        if candidate.topic == topic:
            return candidate.anchor
    rank = Topic.rank(topic)
    earlier = [c for c in candidates if Topic.rank(c.topic) < rank]
    if not earlier:
        return ""
    best_rank = max(Topic.rank(c.topic) for c in earlier)
    return next(c.anchor for c in earlier if Topic.rank(c.topic) == best_rank)


@dataclass
class ArticlePage:
    article: Article
    sections: list[Section]
    tiers: list[Article]  # all visible tiers, in order, with reading time
    other_tiers: list[TierLinks]
    previous: Article | None
    next: Article | None
    references: list[Reference] = field(default_factory=list)  # the page's reference list, in number order
    questions: list = field(default_factory=list)  # every question on the page, in page order
    answered: object = None  # the question the request answered (learning.Answer), or None
    review: Review | None = None  # the tier's latest review record (review_records.py), or None

    @property
    def embeds_factor_table(self) -> bool:
        return any(len(section.body_parts) > 1 for section in self.sections)


FACTOR_TABLE_MARKER = embed_marker("factor-table")


def split_at_factor_table(section: Section) -> None:
    """`section.body_parts`: its stored HTML, cut where the factor table goes (a plain split)."""
    section.body_parts = section.body_html.split(FACTOR_TABLE_MARKER, 1)


def cited_references(article: Article) -> list[Reference]:
    """The references an article cites, in citation-number order, each with `.cited_number` and
    `.places` (the ids of the citations in the text) from the index stored when it was rendered.
    Two queries, however many references."""
    index = article.citation_index or []
    found = Reference.objects.filter(key__in=[entry["key"] for entry in index])
    by_key = {ref.key: ref for ref in found.select_related("corrected_by").prefetch_related("see_also")}
    references = []
    for entry in index:
        ref = by_key.get(entry["key"])
        if ref is not None:  # deleted since the article was rendered
            ref.cited_number, ref.places = entry["number"], entry["places"]
            references.append(ref)
    return references


def article_page(
    *,
    slug: str,
    user,
    draft: PendingChange | None = None,
    answer: Answer | None = None,
    preview: bool = False,
) -> ArticlePage:
    """The article page as `user` may see it; with `draft`, as that unpublished draft has it.

    One path for both: an editor's preview (`draft` given) shows the draft's values, sections,
    citation numbers and reference list, set on the instances in memory, never saved. `preview`
    (an editor's `?preview=draft`, ignored for readers) also shows its questions' drafts.
    """
    tiers = articles_with_reading_time(user=user)
    article = next((a for a in tiers if a.slug == slug), None)
    if article is None:
        raise Http404("No such tier.")
    sections = _shown_draft_sections(article, draft) if draft is not None else _published_sections(article)
    other_tiers = _other_tiers(article, tiers, sections)
    # The axis diagram goes where the tier introduces the axis, once: its element ids are the page's.
    diagram_section = next((section for section in sections if section.topic == Topic.REGULATION), None)
    # When each section last changed for readers (not minor), for "changed since your last visit" (one query).
    changed = dict(
        PublicChange.objects.filter(tier=article.slug, minor=False)
        .exclude(place="")
        .values("place")
        .annotate(latest=Max("when"))
        .values_list("place", "latest")
    )
    for section in sections:
        section.changed_at = changed.get(section.anchor)
        section.depth_links = [links.link(section.anchor) for links in other_tiers]
        section.shows_diagram = section is diagram_section
        split_at_factor_table(section)
    # Its questions (three queries), with the one `answer` answers marked; Http404 for an answer that is not one.
    editor = is_editor(user)
    questions, answered = attach_questions(sections, answer, editor=editor, preview=editor and preview)
    position = tiers.index(article)
    # The review records: the tier's latest, and each evidence note's last check (two queries).
    attach_note_checks(note for section in sections for note in section.evidence_notes.all())
    article.latest_review = latest_tier_review(article)
    return ArticlePage(
        article=article,
        sections=sections,
        tiers=tiers,
        other_tiers=other_tiers,
        previous=tiers[position - 1] if position > 0 else None,
        next=tiers[position + 1] if position + 1 < len(tiers) else None,
        references=cited_references(article),
        questions=questions,
        answered=answered,
        review=article.latest_review,
    )


# What a page never prints: the markdown the HTML was rendered from, and the search index's plain text
# (about half the bytes of a section row). Deferred, not .only(), so a field added later is still read.
SECTION_SOURCES = ("body_md", "body_text", "caution_md")


def _published_sections(article: Article) -> list[Section]:
    return list(
        article.sections.order_by("order")
        .defer(*SECTION_SOURCES)
        .prefetch_related(
            Prefetch("evidence_notes", queryset=EvidenceNote.objects.defer("explanation_md")),
            # Printed as each section's footnotes (templates/includes/print_glossary.html).
            Prefetch(
                "glossary_terms",
                queryset=GlossaryTerm.objects.published()
                .only("slug", "term", "plain_definition", "technical_definition")
                .order_by("term"),
            ),
        )
    )


def _shown_draft_sections(article: Article, draft: PendingChange) -> list[Section]:
    """Show `draft` on `article` (the tier in the page's list, so the tier links show it too)."""
    show_pending_values(article, draft)
    sections = draft_sections(article, draft)
    article.minutes = reading_minutes(sum(section.word_count for section in sections))
    return sections


def _other_tiers(article: Article, tiers: list[Article], sections: list[Section]) -> list[TierLinks]:
    """Where each other tier picks up each of the page's sections (one query)."""
    others = [tier for tier in tiers if tier.pk != article.pk]
    outline: dict[int, list[SectionRef]] = {tier.pk: [] for tier in others}
    rows = Section.objects.filter(article__in=others).order_by("article__order", "order")
    for article_id, anchor, topic, heading in rows.values_list("article_id", "anchor", "topic", "heading"):
        outline[article_id].append(SectionRef(anchor, topic, heading))
    return [
        TierLinks(tier, {s.anchor: matching_anchor(s.topic, outline[tier.pk]) for s in sections}) for tier in others
    ]


# --- The glossary -------------------------------------------------------------------------------


def glossary_terms(*, user) -> list[GlossaryTerm]:
    """Every term `user` may see, with what the A–Z index shows and filters on (one query).

    `.matched_alias` starts empty (the index's filter sets it): an attribute the template reads must
    exist, or Django's lookup calls dir() on the model instance, for every term in the list.
    """
    terms = list(GlossaryTerm.objects.visible_to(user).only("slug", "term", "aliases", "plain_definition", "status"))
    for term in terms:
        term.matched_alias = ""
    return terms


@dataclass
class Appearance:
    """The sections of one tier where a term is linked."""

    article: Article
    sections: list[Section]


@dataclass
class TermPage:
    term: GlossaryTerm
    related: list[GlossaryTerm]
    references: list[Reference]
    appearances: list[Appearance]


def term_page(*, slug: str, user, draft: PendingChange | None = None) -> TermPage:
    """A glossary term's page as `user` may see it (drafts are 404 for readers); with `draft`, as
    that unpublished draft has it (set on the instance in memory, never saved)."""
    term = get_object_or_404(GlossaryTerm.objects.visible_to(user), slug=slug)
    if draft is not None:
        show_pending_values(term, draft)
    return TermPage(
        term=term,
        related=related_terms(term, user=user),
        references=list(term.references.order_by("origin", "number", "key")),
        appearances=appearances(term, user=user),
    )


def appearances(term: GlossaryTerm, *, user) -> list[Appearance]:
    """Where the term is linked, tier by tier in reading order (one query)."""
    sections = (
        Section.objects.filter(glossary_terms=term, article__in=Article.objects.visible_to(user))
        .select_related("article")
        .only("anchor", "heading", "order", "article__slug", "article__title", "article__order", "article__status")
        .order_by("article__order", "order")
    )
    by_article: dict[int, Appearance] = {}
    for section in sections:
        by_article.setdefault(section.article_id, Appearance(section.article, [])).sections.append(section)
    return list(by_article.values())


def related_terms(term: GlossaryTerm, *, user) -> list[GlossaryTerm]:
    """Terms this one lists as related and terms that list it, A–Z (one query)."""
    return list(
        GlossaryTerm.objects.visible_to(user)
        .filter(Q(pk__in=term.related.values("pk")) | Q(related=term))
        .exclude(pk=term.pk)
        .distinct()
        .only("slug", "term", "plain_definition")
        .order_by("term")
    )


# --- References -----------------------------------------------------------------------------------


def visible_sections(user) -> QuerySet[Section]:
    """Sections of tiers this user may read, with their article: only what a link to one and its label
    need. (The whole rows carried each section's text and its article's citation index, both of which
    grow with the content: read once per citation, that made a "cited in" line cost more the more
    content there was.)"""
    return (
        Section.objects.filter(article__in=Article.objects.visible_to(user))
        .select_related("article")
        .only("anchor", "heading", "order", "article__slug", "article__title", "article__order")
    )


def _linked_factors(user) -> QuerySet[LifestyleFactor]:
    return LifestyleFactor.objects.visible_to(user).only("slug", "name", "order")


def in_list_order(references) -> tuple[list[Reference], list[Reference]]:
    """Document references by printed number, then the editors' by first author, year and key."""
    document = sorted(
        (r for r in references if r.origin == Reference.Origin.DOCUMENT), key=lambda r: (r.number or 0, r.key)
    )
    editors = sorted((r for r in references if r.origin != Reference.Origin.DOCUMENT), key=_author_sort_key)
    return document, editors


def _author_sort_key(ref: Reference) -> tuple:
    first = export.surname(ref.authors[0]) if ref.authors else ref.title
    return (first.casefold(), ref.year or 0, ref.key)


def reference_list(*, user) -> tuple[list[Reference], list[Reference]]:
    """The references page: the document's, then the editors', numbered in list order (`.list_number`),
    each with where it is used, as far as `user` may see (a fixed number of queries)."""
    queryset = Reference.objects.select_related("corrected_by").prefetch_related(
        "see_also",
        "corrects",
        "suggested_for",
        Prefetch("citing_sections", queryset=visible_sections(user).order_by("article__order", "order")),
        Prefetch("factors", queryset=_linked_factors(user)),
        Prefetch("glossary_terms", queryset=GlossaryTerm.objects.visible_to(user).only("slug", "term")),
        Prefetch("evidence_notes", queryset=EvidenceNote.objects.only("slug", "claim")),
    )
    document, editors = in_list_order(queryset)
    for number, ref in enumerate(document + editors, start=1):
        ref.list_number = number
    return document, editors


STANDING_ORDER = [choice for choice, _ in EvidenceNote.Standing.choices]


@dataclass
class SourcesPage:
    standing_groups: list[dict]  # {standing, label, notes}, in STANDING_ORDER
    note_count: int
    document_references: QuerySet[Reference]


def sources_page(*, user) -> SourcesPage:
    """The "Sources & evidence" page: evidence notes by standing, and the document's references."""
    notes = EvidenceNote.objects.prefetch_related(
        Prefetch("sections", queryset=visible_sections(user).order_by("article__order", "order")),
        Prefetch("factors", queryset=_linked_factors(user)),
        "references",
    )
    groups = {standing: [] for standing in STANDING_ORDER}
    notes = list(notes)
    attach_note_checks(notes)
    for note in notes:
        groups.setdefault(note.standing, []).append(note)
    standing_groups = [
        {"standing": standing, "label": EvidenceNote.Standing(standing).label, "notes": groups[standing]}
        for standing in STANDING_ORDER
    ]
    document = (
        Reference.objects.filter(origin=Reference.Origin.DOCUMENT)
        .select_related("corrected_by")
        .prefetch_related("see_also")
        .order_by("number", "key")
    )
    return SourcesPage(standing_groups, sum(len(g) for g in groups.values()), document)
