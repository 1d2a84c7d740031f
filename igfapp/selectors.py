"""Reads that views need, each a fixed number of queries however much content there is."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Sum
from django.http import Http404

from .models import Article, Section, Topic

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


def article_page(*, slug: str, user) -> ArticlePage:
    tiers = articles_with_reading_time(user=user)
    article = next((a for a in tiers if a.slug == slug), None)
    if article is None:
        raise Http404("No such tier.")
    outline: dict[int, list[SectionRef]] = {a.pk: [] for a in tiers}
    for article_id, anchor, topic, heading in Section.objects.filter(article__in=tiers).order_by(
        "article__order", "order"
    ).values_list("article_id", "anchor", "topic", "heading"):
        outline[article_id].append(SectionRef(anchor, topic, heading))
    sections = list(article.sections.order_by("order"))
    other_tiers = []
    for tier in tiers:
        if tier.pk == article.pk:
            continue
        targets = {s.anchor: matching_anchor(s.topic, outline[tier.pk]) for s in sections}
        other_tiers.append(TierLinks(tier, targets))
    for section in sections:
        section.depth_links = [links.link(section.anchor) for links in other_tiers]
    position = tiers.index(article)
    return ArticlePage(
        article=article,
        sections=sections,
        tiers=tiers,
        other_tiers=other_tiers,
        previous=tiers[position - 1] if position > 0 else None,
        next=tiers[position + 1] if position + 1 < len(tiers) else None,
    )
