"""The full-text index site search reads: one small interface, whichever database.

`find` and `suggest` (backends.py) answer a reader's query from the database's own full-text
index, SQLite's FTS5 or PostgreSQL's tsvector with GIN and pg_trgm, ranked in the database;
`rebuild_index`, `index_item` and `drop_orphans` (entries.py) keep the index's rows up to date, called
by after_change.py only, never per request. words.py holds the one rule for what a word is.

Floor 1  words
Floor 2  entries, backends
"""

from .backends import Found, Suggestion, find, suggest
from .entries import drop_orphans, index_item, rebuild_index
from .words import MARK_END, MARK_START, Query

__all__ = [
    "MARK_END",
    "MARK_START",
    "Found",
    "Query",
    "Suggestion",
    "drop_orphans",
    "find",
    "index_item",
    "rebuild_index",
    "suggest",
]
