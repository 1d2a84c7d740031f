"""Site search: article sections, glossary terms and lifestyle factors, ranked together.

Portable by design (SQLite and PostgreSQL alike): the database narrows each kind to a bounded
candidate set with `icontains` on every query word, then Python checks that every word starts a
word somewhere ("GH" finds "GH" and "GHRH", not "weight"), scores, and builds escaped snippets.
Three queries, however much content there is. Section text is searched in `Section.body_text`,
the plain text stored when the section is rendered, so no markup or citation keys ever match.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.db.models import Count, Q
from django.urls import NoReverseMatch
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Article, GlossaryTerm, LifestyleFactor, Section

MAX_QUERY_LENGTH = 100
MAX_WORDS = 8
MAX_CANDIDATES = 300  # per kind: bounds the Python work for a very common word
MAX_RESULTS = 30
SNIPPET_RADIUS = 80  # characters of context either side of the first match

# Among equal scores: glossary first (a definition answers "what is X?"), then factors, then text.
KIND_ORDER = {"term": 0, "factor": 1, "section": 2}
KIND_LABELS = {"term": "Glossary", "factor": "Lifestyle factor", "section": "Article section"}


def clean_query(raw: str | None) -> str:
    """Free text from a query string as a harmless filter: the one rule for site search, the glossary
    filter and the factor table. No control characters (PostgreSQL rejects NUL), single spaces,
    length capped."""
    printable = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in raw or "")
    return " ".join(printable.split())[:MAX_QUERY_LENGTH].strip()


def query_words(query: str) -> list[str]:
    """Distinct words, longest first (so highlighting prefers "igf-1r" over "igf-1")."""
    words = list(dict.fromkeys(query.casefold().split()))[:MAX_WORDS]
    return sorted(words, key=len, reverse=True)


SHORT_WORD = 3  # words this short must be whole words


def word_pattern(word: str) -> str:
    """A word must start where a word starts. A longer word may end anywhere ("horm" finds
    "hormone"); a short one must not run into more letters ("GH" finds "GH-IGF-1", not "ghrelin")."""
    escaped = re.escape(word)
    return escaped + r"(?![^\W\d_])" if len(word) <= SHORT_WORD else escaped


@dataclass(frozen=True)
class Matcher:
    """What a query looks for: each word where a word starts, and the whole phrase likewise."""

    phrase: str
    words: list[str]
    word_re: re.Pattern
    phrase_re: re.Pattern

    @classmethod
    def for_query(cls, query: str) -> Matcher:
        words = query_words(query)
        phrase = " ".join(query.casefold().split())
        any_word = "|".join(word_pattern(word) for word in words)
        # Any run of spaces in the text matches a space of the phrase.
        phrase_pattern = r"\s+".join(re.escape(part) for part in phrase.split())
        if len(phrase) <= SHORT_WORD:
            phrase_pattern += r"(?![^\W\d_])"
        return cls(
            phrase,
            words,
            re.compile(rf"(?<!\w)(?:{any_word})", re.IGNORECASE),
            re.compile(rf"(?<!\w){phrase_pattern}", re.IGNORECASE),
        )

    def words_found(self, text: str) -> set[str]:
        return {m.group(0).casefold() for m in self.word_re.finditer(text)} if text else set()

    def has_all_words(self, *texts: str) -> bool:
        found: set[str] = set()
        for text in texts:
            found |= self.words_found(text)
        # startswith: "igf-1" is in "IGF-1R" even when the longer query word "igf-1r" took the match.
        return all(any(hit.startswith(word) for hit in found) for word in self.words)


def highlight(text: str, matcher: Matcher) -> SafeString:
    """`text` escaped, with every query word wrapped in <mark>. Nothing of `text` or the query is
    ever output unescaped."""
    out, last = [], 0
    for match in matcher.word_re.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def snippet(text: str, matcher: Matcher, radius: int = SNIPPET_RADIUS) -> SafeString:
    """A window of `text` around the phrase (or else the first word), cut at spaces, highlighted."""
    if not text:
        return mark_safe("")
    first = matcher.phrase_re.search(text) or matcher.word_re.search(text)
    centre = first.start() if first else 0
    start, end = max(0, centre - radius), min(len(text), centre + len(matcher.phrase) + radius * 2)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < centre else start
    if end < len(text):
        space = text.rfind(" ", centre, end)
        end = space if space > centre else end
    body = highlight(text[start:end], matcher)
    return mark_safe(("… " if start > 0 else "") + body + (" …" if end < len(text) else ""))


TITLE_MATCH = 50  # every title score is at least this; every body score is below it


def score(matcher: Matcher, titles: list[str], body: str) -> int | None:
    """How well a result matches; None when some word is missing. A match in a title (a term, an
    alias, a heading, a factor's name) always outranks a match in the text."""
    if not matcher.has_all_words(*titles, body):
        return None
    if any(" ".join(title.casefold().split()) == matcher.phrase for title in titles):
        return 100
    if any(matcher.phrase_re.match(title) for title in titles):
        return 80
    if any(matcher.phrase_re.search(title) for title in titles):
        return 60
    if matcher.has_all_words(*titles):
        return TITLE_MATCH
    phrase_count = len(matcher.phrase_re.findall(body))
    if phrase_count:
        return 20 + min(phrase_count, 5) * 2
    return 10 + min(len(matcher.word_re.findall(body)), 5)


@dataclass
class Hit:
    kind: str
    title: str
    url: str | None
    text: str  # what the snippet is cut from
    score: int
    context: str = ""  # e.g. the tier a section belongs to
    draft: bool = False
    position: tuple = ()  # reading order, the last tie-breaker
    radius: int = SNIPPET_RADIUS
    # Highlighted by `search` for the hits it shows only: a common word matches many more items
    # than the MAX_RESULTS shown, and highlighting cost more than scoring.
    title_html: SafeString = field(default_factory=lambda: mark_safe(""))
    snippet: SafeString = field(default_factory=lambda: mark_safe(""))

    def highlight(self, matcher: Matcher) -> None:
        self.title_html = highlight(self.title, matcher)
        self.snippet = snippet(self.text, matcher, radius=self.radius)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    def sort_key(self) -> tuple:
        return (-self.score, KIND_ORDER[self.kind], *self.position)


@dataclass
class SearchResults:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    suggestions: list[GlossaryTerm] = field(default_factory=list)


def _all_words(fields: list[str], words: list[str]) -> Q:
    """Every word appears in at least one of `fields` (a superset of what Python then keeps)."""
    per_word = [reduce(or_, (Q(**{f"{name}__icontains": word}) for name in fields)) for word in words]
    return reduce(and_, per_word)


def _section_hits(matcher: Matcher, *, user) -> list[Hit]:
    sections = (
        Section.objects.filter(article__in=Article.objects.visible_to(user))
        .filter(_all_words(["heading", "body_text"], matcher.words))
        .select_related("article")
        .only(
            "anchor",
            "heading",
            "order",
            "body_text",
            "article__slug",
            "article__title",
            "article__order",
            "article__status",
        )
        .order_by("article__order", "order")[:MAX_CANDIDATES]
    )
    hits = []
    for section in sections:
        points = score(matcher, [section.heading], section.body_text)
        if points is None:
            continue
        hits.append(
            Hit(
                kind="section",
                title=section.heading,
                url=section.get_absolute_url(),
                text=section.body_text,
                score=points,
                context=section.article.title,
                draft=section.article.status == "draft",
                position=(section.article.order, section.order),
            )
        )
    return hits


def _term_hits(matcher: Matcher, *, user) -> list[Hit]:
    fields = ["term", "aliases", "plain_definition", "technical_definition"]
    terms = (
        GlossaryTerm.objects.visible_to(user)
        .filter(_all_words(fields, matcher.words))
        .only("slug", "term", "aliases", "plain_definition", "technical_definition", "status")
        .order_by("term")[:MAX_CANDIDATES]
    )
    hits = []
    for term in terms:
        definitions = f"{term.plain_definition} {term.technical_definition}".strip()
        points = score(matcher, [term.term, *term.aliases], definitions)
        if points is None:
            continue
        # The plain definition reads best; the technical one only when it alone holds the words.
        named = points >= TITLE_MATCH
        if named or matcher.words_found(term.plain_definition) or not term.technical_definition:
            shown = term.plain_definition
        else:
            shown = term.technical_definition
        also = [alias for alias in term.aliases if matcher.has_all_words(alias)][:3]
        hits.append(
            Hit(
                kind="term",
                title=term.term,
                url=term.get_absolute_url(),
                text=shown,
                radius=120,
                score=points,
                context=f"also called {', '.join(also)}" if also else "",
                draft=term.status == "draft",
                position=(term.term.casefold(),),
            )
        )
    return hits


def _factor_url(factor: LifestyleFactor) -> str | None:
    try:
        return factor.get_absolute_url()
    except NoReverseMatch:  # the factor table's page is not routed (yet)
        return None


def _factor_hits(matcher: Matcher, *, user) -> list[Hit]:
    fields = ["name", "summary", "table_mechanism", "observed_effect"]
    factors = (
        LifestyleFactor.objects.visible_to(user)
        .filter(_all_words(fields, matcher.words))
        .only("slug", "name", "order", "summary", "table_mechanism", "observed_effect", "status")
        .order_by("order")[:MAX_CANDIDATES]
    )
    hits = []
    for factor in factors:
        body = " ".join(filter(None, [factor.summary, factor.table_mechanism, factor.observed_effect]))
        points = score(matcher, [factor.name], body)
        if points is None:
            continue
        hits.append(
            Hit(
                kind="factor",
                title=factor.name,
                url=_factor_url(factor),
                text=body,
                score=points,
                draft=factor.status == "draft",
                position=(factor.order,),
            )
        )
    return hits


def suggest_terms(query: str, *, limit: int = 6) -> list[GlossaryTerm]:
    """Published terms whose name or alias looks like the query (typos), for a search that found nothing."""
    terms = list(GlossaryTerm.objects.published().only("slug", "term", "aliases"))
    by_name: dict[str, GlossaryTerm] = {}
    for term in terms:
        for name in [term.term, *term.aliases]:
            by_name.setdefault(name.casefold(), term)
    close = difflib.get_close_matches(query.casefold(), list(by_name), n=limit * 2, cutoff=0.6)
    suggestions = list(dict.fromkeys(by_name[name] for name in close))
    return suggestions[:limit]


def popular_terms(*, limit: int = 8) -> list[GlossaryTerm]:
    """The published terms linked in the most sections: a starting point for an empty search."""
    return list(
        GlossaryTerm.objects.published()
        .annotate(uses=Count("sections"))
        .filter(uses__gt=0)
        .order_by("-uses", "term")
        .only("slug", "term")[:limit]
    )


def search(query: str, *, user) -> SearchResults:
    results = SearchResults(query=query)
    if not query_words(query):
        return results
    matcher = Matcher.for_query(query)
    hits = [
        *_term_hits(matcher, user=user),
        *_factor_hits(matcher, user=user),
        *_section_hits(matcher, user=user),
    ]
    hits.sort(key=Hit.sort_key)
    results.total = len(hits)
    results.hits = hits[:MAX_RESULTS]
    for hit in results.hits:
        hit.highlight(matcher)
    if not hits:
        results.suggestions = suggest_terms(query)
    return results
