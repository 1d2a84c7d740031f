"""Site search: every kind of content, ranked together by the database's full-text index.

The index (search_index/) is kept by after_change.py whenever content changes; a search only reads
it: the best MAX_RESULTS hits, ranked in the database (exact title first, then phrase, then every
word, heading over body), with the database's own marked snippets, which are escaped here like
every other text before the marks become <mark>. A fixed number of queries, whatever the size of
the content. `clean_query` is also the glossary filter's and the factor table's rule for free text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import GlossaryTerm, is_editor
from .search_index import MARK_END, MARK_START, Found, Query, Suggestion, find, suggest
from .search_index.words import words_of

MAX_QUERY_LENGTH = 100
MAX_WORDS = 8
MAX_RESULTS = 30
MAX_SUGGESTIONS = 6

KIND_LABELS = {
    "term": "Glossary",
    "factor": "Lifestyle factor",
    "section": "Article section",
    "summary": "In plain words",
    "question": "Question",
    "note": "Evidence note",
    "reference": "Reference",
}


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


def marked(text: str) -> SafeString:
    """Text the database marked its hits in: escaped, then the marks (private-use characters
    the index never holds) made <mark>. Nothing of the text is ever output unescaped."""
    html = escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)


def snippet_html(found: Found) -> SafeString:
    """The database's snippet, with "…" where it cuts the text (not for a full stop it left off)."""
    text = found.snippet_marked.strip()
    if not text:
        return mark_safe("")
    plain = text.replace(MARK_START, "").replace(MARK_END, "")
    at = found.body.find(plain)
    rest = found.body[at + len(plain) :].rstrip() if at >= 0 else "…"
    if len(rest) <= 3 and not any(ch.isalnum() for ch in rest):
        text, rest = text + rest, ""
    before = "… " if at != 0 else ""
    after = " …" if rest else ""
    return mark_safe(before + marked(text) + after)


def _aliases_found(query: Query, aliases: list[str]) -> list[str]:
    """The aliases a query named (for "also called …")."""

    def named(alias: str) -> bool:
        found = {piece for word in words_of(alias) for piece in [word, *word.split("-")]}
        return all(
            any(hit == word or (query.prefix(word) and hit.startswith(word)) for hit in found) for word in query.words
        )

    return [alias for alias in aliases if named(alias)][:3]


@dataclass
class Hit:
    kind: str
    title: str
    url: str
    title_html: SafeString
    snippet: SafeString
    context: str = ""  # e.g. the tier a section belongs to
    draft: bool = False

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @classmethod
    def of(cls, found: Found, query: Query) -> Hit:
        context = found.context
        if found.kind == "term" and (also := _aliases_found(query, found.aliases)):
            context = f"also called {', '.join(also)}"
        return cls(
            kind=found.kind,
            title=found.title,
            url=found.url,
            title_html=marked(found.title_marked or found.title),
            snippet=snippet_html(found),
            context=context,
            draft=not found.published,
        )


@dataclass
class SearchResults:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    suggestions: list[Suggestion] = field(default_factory=list)


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
    """The best MAX_RESULTS hits for `query` (drafts too for editors), how many there are in all,
    and, when there are none, glossary terms the query may have meant."""
    results = SearchResults(query=query)
    wanted = Query.parse(query)
    if not wanted:
        return results
    results.total, found = find(wanted, staff=is_editor(user), limit=MAX_RESULTS)
    results.hits = [Hit.of(item, wanted) for item in found]
    if not results.total:
        results.suggestions = suggest(wanted, limit=MAX_SUGGESTIONS)
    return results
