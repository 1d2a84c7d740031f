"""The search index's rows: one per searchable item, kept by after_change.py (igfapp/search_index/).

Each row holds what search shows (title, snippet text, link, tier) and what it matches; the
database's own full-text index is built from these rows, never per request: on SQLite an FTS5
table kept by triggers, on PostgreSQL a `tsvector` column generated from `lexemes` with a GIN
index (migration 0017).
"""

from django.db import models


class SearchEntry(models.Model):
    # Small columns first: SQLite reads a row's columns in order, and searches read these for every
    # match (whether it is published, its reading order) but the long texts only for the page shown.
    kind = models.CharField(max_length=12)
    object_id = models.BigIntegerField()
    published = models.BooleanField(default=True)
    # "draft" for an entry readers must not find, else empty: also a column of SQLite's FTS5 table,
    # so its searches leave drafts out without reading a row of this table.
    state = models.CharField(max_length=5, blank=True)
    kind_order = models.PositiveSmallIntegerField(default=0)
    order_a = models.IntegerField(default=0)  # reading order: the last tie-breakers
    order_b = models.IntegerField(default=0)
    title = models.TextField()  # as shown
    # Matched with a title's weight: the title, except where the title is a sentence (a question,
    # an evidence note's claim), which is matched as text.
    heading = models.TextField(blank=True)
    # The title and aliases, casefolded, one a line, between newlines: an exact match ranks first.
    exact = models.TextField(blank=True)
    url = models.CharField(max_length=400, blank=True)
    context = models.CharField(max_length=300, blank=True)  # e.g. the tier a section is in
    aliases = models.JSONField(default=list, blank=True)
    # Title-weighted words not shown as the title: a term's aliases, and the shorter words inside
    # the title's hyphenated words ("GH-IGF-1" is found by "GH" and by "IGF-1").
    names = models.TextField(blank=True)
    body = models.TextField(blank=True)  # the text snippets are cut from
    body_parts = models.TextField(blank=True)  # the shorter words inside the body's hyphenated words
    # PostgreSQL's tsvector, written as text (the same words SQLite's FTS5 table holds).
    lexemes = models.TextField(blank=True)

    # The index follows content writes in the same transaction: it never changes pages on its own.
    content_revision_exempt = True

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_entry")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"
