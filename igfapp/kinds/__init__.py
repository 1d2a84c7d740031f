"""The kinds of content file, in one list: the importer, the exporter, the content-sync guard and
the editorial history derive theirs from `KINDS`.

Each kind's module says how its files are read (`read`), which markdown texts they hold (`bodies`),
which values must be unique across its files (`check_unique`), how they load into the database in
the import's one transaction (`apply`), and how the database is written back (`entries`, `write`),
and ends with its `KIND`. The list is in loading order: a kind comes after the kinds it links to.
Adding a kind of file is its module and its line here.

Floor 1  records, entries
Floor 2  rows
Floor 3  references, glossary, articles, mechanisms, factors, evidence, questions, reviewers, pages
Floor 4  reviews
"""

from __future__ import annotations

from . import articles, evidence, factors, glossary, mechanisms, pages, questions, references, reviewers, reviews
from .records import Kind

KINDS: tuple[Kind, ...] = (
    references.KIND,
    glossary.KIND,
    articles.KIND,
    mechanisms.KIND,
    factors.KIND,
    evidence.KIND,
    questions.KIND,
    reviewers.KIND,
    reviews.KIND,
    pages.KIND,
)
NAMES = tuple(kind.name for kind in KINDS)
# The models editors maintain, parents before children: what an item's history records
# (editorial/history.py) and what the tests copy the real content through (tests/conftest.py).
CONTENT_MODELS = tuple(model for kind in KINDS for model in (kind.model, *kind.parts))
