"""A factor row's details: what an expanded row lists (mechanisms, passages, sources, evidence), read in
a fixed number of queries, and the HTML readers get stored once per change (render_stored_details,
called by after_change.py) through the same template the live table renders for editors.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Article, EvidenceNote, FactorMechanism, GlossaryTerm, LifestyleFactor, Reference, Section


def visible_passages(user) -> QuerySet[Section]:
    """Passages as a row lists them: visible tiers only, in tier and text order."""
    return (
        Section.objects.filter(article__in=Article.objects.visible_to(user))
        .select_related("article")
        .only("anchor", "heading", "order", "article__slug", "article__title", "article__order")
        .order_by("article__order", "order")
    )


def mechanism_details(user, *, prefix: str) -> list[Prefetch]:
    """A mechanism's glossary terms and references, as a row shows them."""
    return [
        Prefetch(f"{prefix}glossary_terms", queryset=GlossaryTerm.objects.visible_to(user).only("slug", "term")),
        Prefetch(f"{prefix}references", queryset=Reference.objects.select_related("corrected_by")),
    ]


def detail_lookups(user) -> list:
    links = FactorMechanism.objects.select_related("mechanism").order_by("order", "pk")
    return [
        Prefetch("mechanism_links", queryset=links),
        *mechanism_details(user, prefix="mechanism_links__mechanism__"),
        Prefetch("passages", queryset=visible_passages(user)),
        Prefetch("references", queryset=Reference.objects.select_related("corrected_by")),
        Prefetch("evidence_notes", queryset=EvidenceNote.objects.order_by("slug")),
    ]


def with_details(factors: QuerySet[LifestyleFactor], *, user) -> QuerySet[LifestyleFactor]:
    """Prefetch everything an expanded row shows: six queries in all, whatever the counts."""
    return factors.prefetch_related(*detail_lookups(user))


@dataclass(frozen=True)
class TierPassages:
    article: Article
    sections: list[Section]


def passages_by_tier(sections: list[Section]) -> list[TierPassages]:
    """Passages (in tier, then text order) grouped by tier, shallowest first."""
    groups: dict[int, TierPassages] = {}
    for section in sections:
        groups.setdefault(section.article_id, TierPassages(section.article, [])).sections.append(section)
    return list(groups.values())


def all_references(own: list[Reference], links: list[FactorMechanism]) -> list[Reference]:
    """A factor's own references, then its mechanisms' (each once)."""
    seen: dict[int, Reference] = {ref.pk: ref for ref in own}
    for link in links:
        for ref in link.mechanism.references.all():
            seen.setdefault(ref.pk, ref)
    return list(seen.values())


@dataclass
class FactorLinks:
    """What a row's details list, from the published rows or from an editor's draft."""

    mechanism_links: list[FactorMechanism]
    references: list[Reference]
    passages: list[Section]

    @classmethod
    def published(cls, factor: LifestyleFactor) -> FactorLinks:
        """From the prefetched relations (no queries)."""
        return cls(list(factor.mechanism_links.all()), list(factor.references.all()), list(factor.passages.all()))


def prepare_details(factor: LifestyleFactor, links: FactorLinks, urls: RowUrls) -> None:
    """Set what _detail.html reads on `factor`: its mechanism links, passages by tier, sources, links."""
    factor.links = links.mechanism_links
    factor.tiers = passages_by_tier(links.passages)
    factor.sources = all_references(links.references, links.mechanism_links)
    urls.set_on(factor)


DETAIL_TEMPLATE = "factors/_detail.html"
# Where the table stands decides its rows' heading level (FactorTable.heading_level): under
# /factors/'s h1 they are h2, inside the article section (an h2) that embeds the table h3. The
# details are stored once per place, so readers' rows need no rewriting and keep a correct outline.
STORED_DETAILS = {"details_html": 2, "embedded_details_html": 3}


def render_stored_details(factor_ids: list[int] | None = None) -> int:
    """Render and store the expanded-row details readers see, of the given factors (None: all).

    Rendered as a reader sees them (published tiers' passages, published glossary terms), through
    the template the live table uses. Called after an import and after every admin edit that can
    change what a row shows (after_change.after_edit); writes only rows whose HTML changed and
    returns how many. Seven queries (and a write per changed row), however many factors.
    """
    reader = AnonymousUser()
    factors = LifestyleFactor.objects.all() if factor_ids is None else LifestyleFactor.objects.filter(pk__in=factor_ids)
    factors = list(with_details(factors, user=reader))
    urls = RowUrls.build()
    written = 0
    for factor in factors:
        prepare_details(factor, FactorLinks.published(factor), urls)
        html = {
            field_name: render_to_string(DETAIL_TEMPLATE, {"factor": factor, "heading_level": level, "urls": urls})
            for field_name, level in STORED_DETAILS.items()
        }
        if any(getattr(factor, name) != value for name, value in html.items()):
            LifestyleFactor.objects.filter(pk=factor.pk).update(**html)
            written += 1
    return written


@dataclass(frozen=True)
class RowUrls:
    """The links every expanded row shows, from URL prefixes reversed once per table, not per link.

    Set as `.href` on the row's glossary terms, passages and sources (what `get_absolute_url`
    would give), so rendering a row calls no `reverse()`.
    """

    home: str
    sources: str
    references: str
    term_prefix: str  # a term's page is this + slug + "/"
    articles: dict

    @classmethod
    def build(cls) -> RowUrls:
        marker = "slug-marker"
        return cls(
            home=reverse("home"),
            sources=reverse("sources"),
            references=reverse("references"),
            term_prefix=reverse("glossary-term", kwargs={"slug": marker}).removesuffix(f"{marker}/"),
            articles={},
        )

    def article(self, article: Article) -> str:
        if article.slug not in self.articles:
            self.articles[article.slug] = article.get_absolute_url()
        return self.articles[article.slug]

    def set_on(self, factor: LifestyleFactor) -> None:
        for link in factor.links:
            for term in link.mechanism.glossary_terms.all():
                term.href = f"{self.term_prefix}{term.slug}/"
        for tier in factor.tiers:
            for section in tier.sections:
                section.href = f"{self.article(section.article)}#{section.anchor}"
        for ref in factor.sources:
            ref.href = f"{self.references}#ref-{ref.key}"


def clear_stored_details(factor_ids: list[int] | None = None) -> None:
    """Forget the stored details of the given factors (None: all), so readers' tables render those
    rows live until `render_stored_details` stores them again (after_change.py): never stale."""
    factors = LifestyleFactor.objects.all() if factor_ids is None else LifestyleFactor.objects.filter(pk__in=factor_ids)
    factors.exclude(details_html="", embedded_details_html="").update(details_html="", embedded_details_html="")
