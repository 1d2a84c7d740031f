"""Reads that views need, each a fixed number of queries however much content there is."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Sum
from django.http import Http404

from .models import Article, GlossaryTerm, Reference, Section, Topic
from .rendering import embed_marker

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

    def link(self, anchor: str) -> tuple[Article, str, str]:
        """(tier, href, target anchor or "" for the top) for a reader at `anchor`."""
        target = self.target_for.get(anchor, "")
        url = self.article.get_absolute_url()
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


def article_page(*, slug: str, user) -> ArticlePage:
    tiers = articles_with_reading_time(user=user)
    article = next((a for a in tiers if a.slug == slug), None)
    if article is None:
        raise Http404("No such tier.")
    outline: dict[int, list[SectionRef]] = {a.pk: [] for a in tiers}
    for article_id, anchor, topic, heading in (
        Section.objects.filter(article__in=tiers)
        .order_by("article__order", "order")
        .values_list("article_id", "anchor", "topic", "heading")
    ):
        outline[article_id].append(SectionRef(anchor, topic, heading))
    sections = list(
        article.sections.order_by("order").prefetch_related(
            "evidence_notes",
            # Printed as each section's footnotes (templates/includes/print_glossary.html).
            Prefetch(
                "glossary_terms",
                queryset=GlossaryTerm.objects.published()
                .only("slug", "term", "plain_definition", "technical_definition")
                .order_by("term"),
            ),
        )
    )
    other_tiers = []
    for tier in tiers:
        if tier.pk == article.pk:
            continue
        targets = {s.anchor: matching_anchor(s.topic, outline[tier.pk]) for s in sections}
        other_tiers.append(TierLinks(tier, targets))
    for section in sections:
        section.depth_links = [links.link(section.anchor) for links in other_tiers]
        split_at_factor_table(section)
    position = tiers.index(article)
    return ArticlePage(
        article=article,
        sections=sections,
        tiers=tiers,
        other_tiers=other_tiers,
        previous=tiers[position - 1] if position > 0 else None,
        next=tiers[position + 1] if position + 1 < len(tiers) else None,
        references=cited_references(article),
    )
