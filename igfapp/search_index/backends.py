"""The two databases' full-text searches, behind one interface (`find`, `suggest`).

Both rank in the database, in tiers, then by the database's own relevance score weighted heading
over body, then (PostgreSQL) kind and reading order, (SQLite) the entries' order, which a rebuild
writes kind by kind, in reading order:
  0  the query is the title, or an alias, exactly;
  1  the title (or an alias) starts with the query;
  2  the title (or an alias) holds the words as a phrase;
  3  the title holds every word;
  4  the text holds the phrase;
  5  every word is somewhere.
Only the page shown is fetched (the best `limit`), with its snippets marked by the database
(FTS5's highlight/snippet, PostgreSQL's ts_headline) with private-use characters that
igfapp/search.py turns into <mark> after escaping everything else. Two queries a search: the
page, and the count; suggestions add at most two, only when nothing was found.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from html import unescape

from django.db import connection

from .words import MARK_END, MARK_START, Query

FTS = "igfapp_search_fts"  # SQLite: heading, names, body, body_parts (external content: the entries)
TERM_FTS = "igfapp_search_terms"  # SQLite: glossary terms' names (the entries' `exact`)
TERM_WORDS = "igfapp_search_term_words"  # SQLite: fts5vocab over TERM_FTS
CLOSE_ENOUGH = 0.7  # difflib ratio for "did you mean" among the vocabulary's candidates
SNIPPET_WORDS = 30


@dataclass
class Found:
    kind: str
    title: str
    url: str
    context: str
    published: bool
    aliases: list = field(default_factory=list)
    body: str = ""
    title_marked: str = ""
    snippet_marked: str = ""
    tier: int = 5


@dataclass
class Suggestion:
    term: str
    url: str

    def get_absolute_url(self) -> str:
        return self.url


def _found(rows) -> list[Found]:
    out = []
    for kind, title, url, context, published, aliases, body, title_marked, snippet_marked, tier in rows:
        if isinstance(aliases, str):  # SQLite returns JSON as text
            aliases = json.loads(aliases or "[]")
        out.append(
            Found(
                kind,
                title,
                url,
                context,
                bool(published),
                aliases,
                body,
                title_marked or "",
                snippet_marked or "",
                tier,
            )
        )
    return out


# --- SQLite: FTS5 ------------------------------------------------------------------------------

_SQLITE_BEST = f"""
WITH best AS (
  SELECT rowid AS id,
    CASE WHEN rowid IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s) THEN (
           SELECT CASE WHEN instr(e.exact, %s) > 0 THEN 0 WHEN instr(e.exact, %s) > 0 THEN 1 ELSE 2 END
           FROM igfapp_searchentry e WHERE e.id = {FTS}.rowid)
         WHEN rowid IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s) THEN 3
         {{text_phrase}}
         ELSE 5 END AS tier,
    bm25({FTS}, 10.0, 8.0, 1.0, 0.5, 0.0) AS score
  FROM {FTS}
  WHERE {FTS} MATCH %s
  ORDER BY tier, score, rowid
  LIMIT %s
)
SELECT e.kind, e.title, e.url, e.context, e.published, e.aliases, e.body,
  highlight({FTS}, 0, %s, %s), snippet({FTS}, 2, %s, %s, '', {SNIPPET_WORDS}), best.tier
FROM best
JOIN {FTS} ON {FTS}.rowid = best.id
JOIN igfapp_searchentry e ON e.id = best.id
WHERE {FTS} MATCH %s
ORDER BY best.tier, best.score, best.id
"""

# One word: every match holds the phrase (tier 4), so FTS5 need not match it twice.
_SQLITE_PHRASE_TIER = f"WHEN rowid IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s) THEN 4"
_SQLITE_BEST_PHRASE = _SQLITE_BEST.format(text_phrase=_SQLITE_PHRASE_TIER)
_SQLITE_BEST_WORD = _SQLITE_BEST.format(text_phrase="").replace("ELSE 5 END", "ELSE 4 END")

_SQLITE_COUNT = f"SELECT count(*) FROM {FTS} WHERE {FTS} MATCH %s"
TEXT_COLUMNS = "heading names body body_parts"  # not `state`: "draft" there is no word of the text


def _sqlite_find(query: Query, *, staff: bool, limit: int) -> tuple[int, list[Found]]:
    """Only FTS5 is read for every match (the tiers but the first three, bm25, the draft filter);
    the entries' rows for the title matches and for the page shown."""
    everything = query.fts_all(TEXT_COLUMNS)
    if not staff:
        everything = f'({everything}) NOT ({{state}} : "draft")'
    marks = [MARK_START, MARK_END]
    with connection.cursor() as cursor:
        cursor.execute(_SQLITE_COUNT, [everything])
        total = cursor.fetchone()[0]
        if not total:
            return 0, []
        one_word = len(query.words) == 1
        cursor.execute(
            _SQLITE_BEST_WORD if one_word else _SQLITE_BEST_PHRASE,
            [
                query.fts_phrase("heading names"),
                query.exact_title(),
                query.starts_title(),
                query.fts_all("heading names"),
                *([] if one_word else [query.fts_phrase(TEXT_COLUMNS)]),
                everything,
                limit,
                *marks,
                *marks,
                everything,
            ],
        )
        return total, _found(cursor.fetchall())


def _sqlite_suggest(query: Query, *, limit: int) -> list[Suggestion]:
    """Vocabulary words of the glossary's names close to the query's words (FTS5's fts5vocab:
    only the words sharing a word's first letter are read and compared), then the terms holding
    them: two queries at most."""
    words = query.words[:3]
    ranges = " UNION ALL ".join(f"SELECT term FROM {TERM_WORDS} WHERE term >= %s AND term < %s" for _ in words)
    with connection.cursor() as cursor:
        cursor.execute(ranges, [bound for word in words for bound in (word[0], chr(ord(word[0]) + 1))])
        vocabulary = [row[0] for row in cursor.fetchall()]
        close: list[str] = []
        for word in words:
            candidates = [term for term in vocabulary if term[0] == word[0] and abs(len(term) - len(word)) <= 3]
            close += difflib.get_close_matches(word, candidates, n=limit, cutoff=CLOSE_ENOUGH)
        if not close:
            return []
        match = " OR ".join(f'"{word}"' for word in dict.fromkeys(close))
        cursor.execute(
            f"""SELECT e.title, e.url FROM {TERM_FTS} JOIN igfapp_searchentry e ON e.id = {TERM_FTS}.rowid
            WHERE {TERM_FTS} MATCH %s AND e.published ORDER BY bm25({TERM_FTS}), e.title LIMIT %s""",
            [match, limit],
        )
        return [Suggestion(title, url) for title, url in cursor.fetchall()]


# --- PostgreSQL: tsvector, GIN, pg_trgm --------------------------------------------------------

_PG_HEADLINE = f'StartSel="{MARK_START}", StopSel="{MARK_END}", '


def _escaped(column: str) -> str:
    """ts_headline reads "<b>" as a tag and drops it: it is given the text escaped, as entities,
    which it keeps as they are (and _postgres_find reads back)."""
    return f"replace(replace(replace({column}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')"


_PG_BEST = f"""
WITH best AS (
  SELECT e.id AS id,
    CASE WHEN strpos(e.exact, %s) > 0 THEN 0
         WHEN strpos(e.exact, %s) > 0 THEN 1
         WHEN e.vector @@ %s::tsquery THEN 2
         WHEN e.vector @@ %s::tsquery THEN 3
         WHEN e.vector @@ %s::tsquery THEN 4
         ELSE 5 END AS tier,
    ts_rank(e.vector, %s::tsquery) AS score
  FROM igfapp_searchentry e
  WHERE e.vector @@ %s::tsquery AND (e.published OR %s)
  ORDER BY tier, score DESC, e.kind_order, e.order_a, e.order_b, e.title
  LIMIT %s
)
SELECT e.kind, e.title, e.url, e.context, e.published, e.aliases, e.body,
  ts_headline('simple', {_escaped("e.heading")}, to_tsquery('simple', %s), %s),
  ts_headline('simple', {_escaped("e.body")}, to_tsquery('simple', %s), %s),
  best.tier
FROM best JOIN igfapp_searchentry e ON e.id = best.id
ORDER BY best.tier, best.score DESC, e.kind_order, e.order_a, e.order_b, e.title
"""

_PG_COUNT = "SELECT count(*) FROM igfapp_searchentry e WHERE e.vector @@ %s::tsquery AND (e.published OR %s)"


def _postgres_find(query: Query, *, staff: bool, limit: int) -> tuple[int, list[Found]]:
    everything = query.ts_all()
    headline = query.ts_any()
    with connection.cursor() as cursor:
        cursor.execute(_PG_COUNT, [everything, staff])
        total = cursor.fetchone()[0]
        if not total:
            return 0, []
        cursor.execute(
            _PG_BEST,
            [
                query.exact_title(),
                query.starts_title(),
                query.ts_phrase("A"),
                query.ts_all("A"),
                query.ts_phrase(),
                everything,
                everything,
                staff,
                limit,
                headline,
                _PG_HEADLINE + "HighlightAll=true",
                headline,
                _PG_HEADLINE + f"MaxWords={SNIPPET_WORDS}, MinWords=12, ShortWord=0, MaxFragments=1",
            ],
        )
        found = _found(cursor.fetchall())
    for item in found:
        item.title_marked, item.snippet_marked = unescape(item.title_marked), unescape(item.snippet_marked)
    return total, found


def _postgres_suggest(query: Query, *, limit: int) -> list[Suggestion]:
    """Glossary names similar to the query by trigrams (pg_trgm's word similarity, GIN index)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT title, url FROM igfapp_searchentry
            WHERE kind = 'term' AND published AND %s <%% exact
            ORDER BY word_similarity(%s, exact) DESC, title LIMIT %s""",
            [query.phrase, query.phrase, limit],
        )
        return [Suggestion(title, url) for title, url in cursor.fetchall()]


# --- The interface -----------------------------------------------------------------------------


def find(query: Query, *, staff: bool, limit: int) -> tuple[int, list[Found]]:
    """How many entries hold every word of `query` (drafts only for `staff`), and the best `limit`."""
    if not query:
        return 0, []
    if connection.vendor == "postgresql":
        return _postgres_find(query, staff=staff, limit=limit)
    return _sqlite_find(query, staff=staff, limit=limit)


def suggest(query: Query, *, limit: int) -> list[Suggestion]:
    """Published glossary terms whose names look like the query (a misspelling's "did you mean")."""
    if not query:
        return []
    if connection.vendor == "postgresql":
        return _postgres_suggest(query, limit=limit)
    return _sqlite_suggest(query, limit=limit)
