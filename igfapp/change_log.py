"""The public change log: what readers see of every item, compared after each change, and recorded.

After every change (after_change.py: an admin save, publish, revert, deletion, an import), every
item readers can see is read as plain text, field by field (only reader-visible fields: never a
slug, an order, a fingerprint or anything staff-only), and compared with what was recorded last
(`PublishedText`). Each item whose text differs gets a `PublicChange`: the editors' public reason,
whether it is minor, and the word-level diff (editorial/diffs.py, escaped there) stored as HTML, so
/changes/ and the feeds never compute one. Drafts are not reader-visible, so they never appear; a
draft published is an item added (or changed).

The reason comes from whoever made the change: the admin sets it for the duration of its write
(`change_note`), an import passes each file's `change:` key (`file_notes`); anything else records a
plain default. The first run on a database with no record yet only records the baseline: the log
starts there, never with the whole site as "added".
"""

from __future__ import annotations

import contextlib
import contextvars
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .editorial.diffs import text_diff_html
from .models import (
    REASON_MAX_LENGTH,
    Article,
    EvidenceNote,
    GlossaryTerm,
    LifestyleFactor,
    Mechanism,
    PublicChange,
    PublishedText,
    Question,
    Reference,
    Section,
    Status,
)

DEFAULT_REASON = "Changed by the editors (no reason was given)."
IMPORT_REASON = "Updated from the content files (no reason was given in the file)."


@dataclass(frozen=True)
class ChangeNote:
    reason: str
    minor: bool = False


_current_note: contextvars.ContextVar[ChangeNote | None] = contextvars.ContextVar("change_note", default=None)
_file_notes: contextvars.ContextVar[dict | None] = contextvars.ContextVar("files_change_notes", default=None)


@contextlib.contextmanager
def change_note(reason: str, minor: bool = False):
    """The public reason (and minor flag) of the changes recorded inside the block."""
    token = _current_note.set(ChangeNote(reason.strip()[:REASON_MAX_LENGTH], minor))
    try:
        yield
    finally:
        _current_note.reset(token)


@contextlib.contextmanager
def files_change_notes(notes: dict[tuple[str, str], tuple[str, bool]]):
    """An import's `change:` notes, {(kind, file name): (reason, minor)}, for the changes recorded inside."""
    token = _file_notes.set(notes)
    try:
        yield
    finally:
        _file_notes.reset(token)


@dataclass
class Shown:
    """One item as readers see it: where, and its reader-visible fields as text."""

    item_type: str
    key: str
    label: str
    url: str
    fields: dict[str, str]
    tier: str = ""
    place: str = ""
    file: tuple[str, str] = ("", "")  # the content file it lives in: (kind, name)


def _lines(values) -> str:
    return "\n".join(str(v) for v in values)


def shown_items() -> dict[tuple[str, str], Shown]:
    """Every item readers can see now, by (item type, key). A fixed number of queries."""
    items: list[Shown] = []
    for a in Article.objects.published():
        items.append(
            Shown(
                "tier",
                a.slug,
                a.title,
                a.get_absolute_url(),
                {"Title": a.title, "Summary": a.summary},
                tier=a.slug,
                file=("articles", a.slug),
            )
        )
    sections = Section.objects.filter(article__status=Status.PUBLISHED).select_related("article")
    for s in sections.order_by("article__order", "order"):
        items.append(
            Shown(
                "section",
                f"{s.article.slug}/{s.anchor}",
                f"{s.article.title}: {s.heading}",
                s.get_absolute_url(),
                {
                    "Heading": s.heading,
                    "Editors' caution": s.caution_md,
                    "In plain words": s.plain_words_md,
                    "Text": s.body_md,
                },
                tier=s.article.slug,
                place=s.anchor,
                file=("articles", s.article.slug),
            )
        )
    questions = (
        Question.objects.published()
        .filter(section__article__status=Status.PUBLISHED)
        .select_related("section__article")
        .prefetch_related("choices")
    )
    for q in questions:
        choices = [f"{c.text_md}{' (right answer)' if c.correct else ''}: {c.explanation_md}" for c in q.choices.all()]
        items.append(
            Shown(
                "question",
                q.slug,
                f"Question: {q.text_md}",
                q.get_absolute_url(),
                {"Question": q.text_md, "Choices": _lines(choices)},
                tier=q.section.article.slug,
                place=q.section.anchor,
                file=("questions", q.slug),
            )
        )
    for t in GlossaryTerm.objects.published():
        items.append(
            Shown(
                "glossary",
                t.slug,
                f"Glossary: {t.term}",
                t.get_absolute_url(),
                {
                    "Term": t.term,
                    "Also called": _lines(t.aliases),
                    "Plain definition": t.plain_definition,
                    "Technical definition": t.technical_definition,
                    "Explanation": t.explanation_md,
                },
                file=("glossary", t.slug),
            )
        )
    for f in LifestyleFactor.objects.published().prefetch_related("mechanism_links__mechanism"):
        links = [f"{link.mechanism.name}: {link.note}" for link in f.mechanism_links.all()]
        items.append(
            Shown(
                "factor",
                f.slug,
                f"Factor: {f.name}",
                f.get_absolute_url(),
                {
                    "Name": f.name,
                    "The document's direction": f.get_effect_display(),
                    "Primary mechanism": f.table_mechanism,
                    "Observed effect": f.observed_effect,
                    "Summary": f.summary,
                    "Detail": f.detail_md,
                    "Mechanisms": _lines(links),
                },
                file=("factors", f.slug),
            )
        )
    for m in Mechanism.objects.all():
        items.append(
            Shown(
                "mechanism",
                m.slug,
                f"Mechanism: {m.name}",
                f"/factors/#mechanism-{m.slug}",
                {"Name": m.name, "Where": m.get_location_display(), "Explanation": m.explanation_md},
                file=("mechanisms", m.slug),
            )
        )
    for n in EvidenceNote.objects.all():
        items.append(
            Shown(
                "evidence",
                n.slug,
                f"Evidence note: {n.claim}",
                f"/sources/#note-{n.slug}",
                {"Claim": n.claim, "Standing": n.get_standing_display(), "Explanation": n.explanation_md},
                file=("evidence", n.slug),
            )
        )
    for r in Reference.objects.all():
        authors = _lines(r.authors) + ("\net al." if r.et_al else "")
        items.append(
            Shown(
                "reference",
                r.key,
                f"Reference: {r.title or r.key}",
                r.get_absolute_url(),
                {
                    "As printed": r.printed,
                    "Authors": authors,
                    "Year": str(r.year or ""),
                    "Title": r.title,
                    "Published in": r.journal,
                    "Volume": r.volume,
                    "Issue": r.issue,
                    "Pages": r.pages,
                    "Document number": r.document_number,
                    "DOI": r.doi,
                    "PMID": r.pmid,
                    "URL": r.url,
                    "Check": r.get_status_display(),
                    "What the check found": r.status_note,
                    "Note": r.note_md,
                },
                file=("references", r.key),
            )
        )
    return {(item.item_type, item.key): item for item in items}


def diff_html(before: dict[str, str], after: dict[str, str]) -> str:
    """The word-level diff of two items' reader-visible fields, field by field (escaped)."""
    parts = []
    for name in dict.fromkeys([*before, *after]):
        old, new = before.get(name, ""), after.get(name, "")
        if old != new:
            parts.append(
                format_html(
                    '<div class="change-field"><p class="change-field__name">{}</p>{}</div>',
                    name,
                    text_diff_html(old, new),
                )
            )
    return mark_safe("".join(parts))


FILE_ITEM_TYPES = {
    "articles": "tier",
    "questions": "question",
    "glossary": "glossary",
    "factors": "factor",
    "mechanisms": "mechanism",
    "evidence": "evidence",
    "references": "reference",
}


def record_public_changes(
    *, file_notes: dict[tuple[str, str], tuple[str, bool]] | None = None, default_reason: str = DEFAULT_REASON
) -> list[PublicChange]:
    """Compare what readers see now with the record; record each difference (and the new baseline).

    `file_notes`: an import's `change:` keys, {(kind, name): (reason, minor)}; each file's is kept
    on its item (PublishedText.note) so that export writes it back. A file whose `change:` is the
    one it already had gives no new reason: its changes get `IMPORT_REASON`. Returns the changes.
    """
    now = shown_items()
    kept = {(row.item_type, row.item_key): row for row in PublishedText.objects.all()}
    file_notes = file_notes if file_notes is not None else (_file_notes.get() or {})
    if not kept:  # no record yet: it starts here
        PublishedText.objects.bulk_create(
            PublishedText(item_type=t, item_key=k, fields=item.fields, **_note_fields(file_notes.get(item.file)))
            for (t, k), item in now.items()
        )
        return []
    previous_notes = {key: (row.note, row.note_minor) for key, row in kept.items()}
    current = _current_note.get()
    when = timezone.now()
    changes, new_rows = [], []
    for key in dict.fromkeys([*now, *kept]):
        item, row = now.get(key), kept.get(key)
        from_file = file_notes.get(item.file) if item is not None else None
        owns_file = (
            item is not None
            and item.file[0] in FILE_ITEM_TYPES
            and key == (FILE_ITEM_TYPES[item.file[0]], item.file[1])
        )
        if item is not None and row is not None and row.fields == item.fields:
            if owns_file and from_file is not None and (row.note, row.note_minor) != from_file:
                row.note, row.note_minor = from_file
                row.save(update_fields=["note", "note_minor"])
            continue
        # A file whose note is the one it already had gives no new reason.
        owner = (FILE_ITEM_TYPES.get(item.file[0], ""), item.file[1]) if item is not None else None
        fresh = from_file is not None and previous_notes.get(owner, ("", False))[0] != from_file[0]
        from_file_reason = from_file if fresh else None
        reason, minor = _reason(current, from_file_reason, default_reason)
        before = row.fields if row is not None else {}
        after = item.fields if item is not None else {}
        kind = (
            PublicChange.Kind.ADDED
            if not before
            else PublicChange.Kind.REMOVED
            if not after
            else PublicChange.Kind.CHANGED
        )
        source = item or _removed_item(key)
        changes.append(
            PublicChange(
                when=when,
                item_type=key[0],
                item_key=key[1],
                label=source.label[:300],
                url=source.url[:500],
                tier=source.tier,
                place=source.place,
                kind=kind,
                reason=reason,
                minor=minor,
                diff_html=diff_html(before, after),
            )
        )
        note = from_file if from_file is not None else (current.reason, current.minor) if current else None
        if row is None:
            new_rows.append(
                PublishedText(
                    item_type=key[0], item_key=key[1], fields=after, **_note_fields(note if owns_file else None)
                )
            )
        elif item is None:
            row.delete()
        else:
            row.fields = after
            if owns_file and note is not None:
                row.note, row.note_minor = note
            row.save()
    PublishedText.objects.bulk_create(new_rows)
    return PublicChange.objects.bulk_create(changes)


def _note_fields(note: tuple[str, bool] | None) -> dict:
    return {"note": note[0][:REASON_MAX_LENGTH], "note_minor": note[1]} if note else {}


def _reason(current: ChangeNote | None, from_file, default_reason: str) -> tuple[str, bool]:
    if current is not None and current.reason:
        return current.reason, current.minor
    if from_file is not None and from_file[0]:
        return from_file[0][:REASON_MAX_LENGTH], from_file[1]
    return default_reason, False


def _removed_item(key: tuple[str, str]) -> Shown:
    """Where a removed item was: the label and URL of its last recorded change, else its key."""
    last = PublicChange.objects.filter(item_type=key[0], item_key=key[1]).order_by("-when", "-pk").first()
    if last is not None:
        return Shown(key[0], key[1], last.label, last.url, {}, tier=last.tier, place=last.place)
    return Shown(key[0], key[1], f"{key[0].capitalize()}: {key[1]}", "", {})


def notes_for_files() -> dict[tuple[str, str], tuple[str, bool]]:
    """The `change:` note each content file carries (export): its item's kept note."""
    kinds = {item_type: kind for kind, item_type in FILE_ITEM_TYPES.items()}
    rows = PublishedText.objects.exclude(note="").values_list("item_type", "item_key", "note", "note_minor")
    return {(kinds[t], key): (note, minor) for t, key, note, minor in rows if t in kinds}
