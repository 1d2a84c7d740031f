"""Words, as the index and the queries see them: one rule for both databases.

A word is a run of letters and digits, and a hyphen joins runs into one word: "GH", "IGF-1",
"IGFBP-3" and "GH-IGF-1" are each one word (SQLite: FTS5's unicode61 tokenizer with '-' as a token
character; PostgreSQL: the lexemes written here, since its parser splits "IGF-1" into "igf" and
"-1"). The parts of a hyphenated word are indexed too, beside it, so "GH" finds "GH-IGF-1 axis".
Case and accents do not count.

Queries are built from these words only, each quoted: nothing a reader types is ever read as FTS5
or tsquery syntax, so quotes, operators, NUL or 10 KB of text are only words or nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

WORD_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
MAX_QUERY_WORDS = 8
MAX_QUERY_LENGTH = 1000  # characters of a query read (the site's form and view allow 100)
MAX_WORD_LENGTH = 60  # longer "words" are not words anyone searches for
SHORT_WORD = 3  # words this short match whole words only ("GH" is not "ghrelin"); longer: prefixes
MAX_POSITION = 16383  # PostgreSQL's largest tsvector position
# Private-use characters: what the database marks hits with, before escaping (igfapp/search.py);
# removed from every indexed text, so no content can forge a mark.
MARK_START, MARK_END = "\ue000", "\ue001"


def fold(text: str) -> str:
    """Casefolded, accents removed (as FTS5's remove_diacritics does)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def clean_text(text: str) -> str:
    """Indexed text: no NUL (PostgreSQL refuses it) and no mark characters."""
    return text.replace("\x00", " ").replace(MARK_START, "").replace(MARK_END, "")


def words_of(text: str) -> list[str]:
    return [word for word in WORD_RE.findall(fold(text)) if len(word) <= MAX_WORD_LENGTH]


MAX_PARTS = 5  # a hyphenated word with more parts: only its single parts are indexed


def runs_of(word: str) -> list[str]:
    """The shorter words inside a hyphenated word: every run of its parts ("GH-IGF-1": "GH",
    "IGF", "1", "GH-IGF", "IGF-1"), so "IGF-1" finds "GH-IGF-1" as "GH" does."""
    parts = word.split("-")
    if len(parts) == 1:
        return []
    if len(parts) > MAX_PARTS:
        return parts
    n = len(parts)
    return ["-".join(parts[i:j]) for i in range(n) for j in range(i + 1, n + 1) if j - i < n]


def parts_of(text: str) -> str:
    """The shorter words inside every hyphenated word of `text`, as text (FTS5's 'parts' columns)."""
    return " ".join(run for word in WORD_RE.findall(clean_text(text)) for run in runs_of(word))


def normal_name(text: str) -> str:
    """A title or alias as an exact match compares it: folded, single spaces."""
    return " ".join(fold(clean_text(text)).split())


def exact_names(names: list[str]) -> str:
    return "\n" + "\n".join(filter(None, (normal_name(name) for name in names))) + "\n"


def tsvector_literal(weighted_texts: list[tuple[str, str]]) -> str:
    """A PostgreSQL tsvector, as text: each word with its positions and weight ('A' title, 'B'
    body); a hyphenated word's parts share its position, so phrases read through it."""
    positions: dict[str, list[str]] = {}
    position = 0
    for text, weight in weighted_texts:
        for word in words_of(clean_text(text)):
            position = min(position + 1, MAX_POSITION)
            for lexeme in [word, *runs_of(word)]:
                places = positions.setdefault(lexeme, [])
                if len(places) < 255:  # PostgreSQL keeps at most 256 positions a word
                    places.append(f"{position}{weight}")
        position = min(position + 1, MAX_POSITION)  # no phrase runs from one field into the next
    return " ".join(f"'{lexeme}':{','.join(places)}" for lexeme, places in positions.items())


@dataclass(frozen=True)
class Query:
    """What a reader's text asks for: its words (at most MAX_QUERY_WORDS, in order) and the whole
    phrase as an exact title would read."""

    words: tuple[str, ...]
    phrase: str

    @classmethod
    def parse(cls, text: str) -> Query:
        """Any text at all: control characters, surrogates and the like are dropped (the view's
        clean_query drops them too), and only the first MAX_QUERY_LENGTH characters count."""
        printable = "".join(ch for ch in (text or "")[:MAX_QUERY_LENGTH] if unicodedata.category(ch)[0] != "C")
        words = tuple(dict.fromkeys(words_of(printable)))[:MAX_QUERY_WORDS]
        return cls(words, normal_name(printable))

    def __bool__(self) -> bool:
        return bool(self.words)

    def prefix(self, word: str) -> bool:
        return len(word) > SHORT_WORD

    def exact_title(self) -> str:
        """What an entry's `exact` holds when a title or alias is the query."""
        return f"\n{self.phrase}\n"

    def starts_title(self) -> str:
        """What an entry's `exact` holds when a title or alias starts with the query (a short
        query: as a whole word)."""
        return f"\n{self.phrase}" + ("" if self.prefix(self.phrase) else " ")

    # --- SQLite FTS5 -----------------------------------------------------------------------------

    def _fts_word(self, word: str) -> str:
        return f'"{word}"' + ("*" if self.prefix(word) else "")

    def fts_all(self, columns: str = "") -> str:
        """Every word, anywhere (or in `columns`, e.g. "heading names")."""
        expression = " AND ".join(self._fts_word(word) for word in self.words)
        return f"{{{columns}}} : ({expression})" if columns else expression

    def fts_phrase(self, columns: str = "") -> str:
        """The words next to each other, in order."""
        expression = " + ".join(self._fts_word(word) for word in self.words)
        return f"{{{columns}}} : ({expression})" if columns else expression

    def fts_any(self) -> str:
        return " OR ".join(self._fts_word(word) for word in self.words)

    # --- PostgreSQL tsquery ----------------------------------------------------------------------

    def _ts_word(self, word: str, weight: str) -> str:
        suffix = (":*" if self.prefix(word) else ":") + weight
        return f"'{word}'{suffix.rstrip(':')}"

    def ts_all(self, weight: str = "") -> str:
        return " & ".join(self._ts_word(word, weight) for word in self.words)

    def ts_phrase(self, weight: str = "") -> str:
        return " <-> ".join(self._ts_word(word, weight) for word in self.words)

    def ts_any(self) -> str:
        """For ts_headline, which re-reads the text with PostgreSQL's own parser: any of the words,
        for `to_tsquery` to split as that parser does."""
        return " | ".join(f"'{word}'" + (":*" if self.prefix(word) else "") for word in self.words)
