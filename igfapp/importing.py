"""import_content: read content/, validate everything, then upsert it in one transaction.

Three phases keep a broken file from ever touching the database:
1. `read_content` parses every file into plain records (each kind's `read`, kinds/), collecting
   every `ContentError`;
2. `validate_links` checks every cross-reference (topics, anchors, slugs, citation keys);
3. `apply` loads each kind in turn inside `transaction.atomic` (each kind's `apply`: upsert by
   natural key, delete what the files no longer contain, count created / updated / unchanged rows),
   then renders what changed (after_change.py).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from django.db import transaction

from . import plain_words, rendering
from .after_change import after_everything_changed
from .change_log import files_change_notes
from .content_files import ContentError, read_entry
from .editorial.content_sync import (
    SyncGuard,
    UnexportedAdminEdits,
    changed_meanwhile,
    delete_orphaned_drafts,
    lock_content_writes,
    mark_all_synced,
)
from .kinds import KINDS
from .kinds.records import SLUG_RE, ContentSet, Fields, ImportFailed, ImportReport, Record
from .kinds.rows import ChangedMeanwhile
from .models import REASON_MAX_LENGTH

CHANGE_KEY, MINOR_KEY = "change", "minor_change"


def read_content(root: Path) -> ContentSet:
    """Parse every file; raise ImportFailed listing every problem found."""
    errors: list[ContentError] = []
    records: dict[str, dict[str, Record]] = {kind.name: {} for kind in KINDS}
    notes: dict[tuple[str, str], tuple[str, bool]] = {}
    if not root.is_dir():
        raise ImportFailed([ContentError(root, 1, "content folder not found")])
    for kind in KINDS:
        folder = root / kind.name
        if not folder.is_dir():
            if kind.name == "articles":
                errors.append(ContentError(folder, 1, "folder 'articles' is missing"))
            continue
        for path in sorted(folder.glob("*.md")):
            if not SLUG_RE.match(path.stem):
                errors.append(ContentError(path, 1, "file name must be a lower-case-with-hyphens slug"))
                continue
            try:
                entry = read_entry(path)
            except ContentError as exc:
                errors.append(exc)
                continue
            notes[(kind.name, path.stem)] = read_change_note(entry, errors)
            records[kind.name][path.stem] = kind.read(entry, errors)
    for kind in KINDS:
        kind.check_unique(records[kind.name], errors)
    content = ContentSet(records, notes)
    if not errors:
        validate_links(content, errors)
    if errors:
        raise ImportFailed(errors)
    return content


def read_change_note(entry, errors: list) -> tuple[str, bool]:
    """A file's public change note (any kind of file): `change:` the editors' one-line reason for
    its latest change, shown on /changes/, and `minor_change: true` for a typo-style change (listed,
    not in the feeds). Taken out of the front matter before the kind reads the rest."""
    f = Fields(entry, errors)
    reason = " ".join(f.text(CHANGE_KEY, max_length=REASON_MAX_LENGTH).split())
    minor = f.boolean(MINOR_KEY)
    if minor and not reason:
        f.fail(f"'{MINOR_KEY}' needs a '{CHANGE_KEY}' reason", MINOR_KEY)
    entry.front.pop(CHANGE_KEY, None)
    entry.front.pop(MINOR_KEY, None)
    return reason, minor


# --- Validating links between files ---------------------------------------------------------


def validate_links(content: ContentSet, errors: list[ContentError]) -> None:
    anchors = {
        f"{slug}/{section.anchor}"
        for slug, record in content["articles"].items()
        for section in record.values["sections"]
    }
    targets = {
        "glossary": set(content["glossary"]),
        "references": set(content["references"]),
        "mechanisms": set(content["mechanisms"]),
        "factors": set(content["factors"]),
        "sections": anchors,
        "evidence": set(content["evidence"]),
        "reviewers": set(content["reviewers"]),
        "articles": set(content["articles"]),
    }
    link_kinds = {
        "related": "glossary",
        "glossary": "glossary",
        "references": "references",
        "see_also": "references",
        "corrected_by": "references",
        "mechanisms": "mechanisms",
        "factors": "factors",
        "sections": "sections",
        "passages": "sections",
        "section": "sections",
        "terms": "glossary",
        "evidence": "evidence",
        "reviewer": "reviewers",
        "tier": "articles",
        "notes": "evidence",
    }
    for kind in KINDS:
        for record in content[kind.name].values():
            for link_name, items in record.links.items():
                target_kind = link_kinds[link_name]
                counts = Counter(value for value, _ in items)
                for value, line in items:
                    if value not in targets[target_kind]:
                        noun = "section (article/anchor)" if target_kind == "sections" else target_kind
                        errors.append(
                            ContentError(record.entry.path, line, f"unknown {noun} '{value}' in '{link_name}'")
                        )
                    elif counts[value] > 1:
                        errors.append(
                            ContentError(record.entry.path, line, f"'{value}' is listed twice in '{link_name}'")
                        )
                        counts[value] = 1
            validate_citations(record, kind, targets["references"], errors)
            validate_sanitising(record, kind, errors)
    plain_words.validate(content, errors)


def validate_sanitising(record: Record, kind, errors: list) -> None:
    """Sanitising never drops an author's text silently: a text it would cut is refused."""
    for body, first_line in kind.bodies(record):
        if dropped := rendering.dropped_text(body):
            line = first_line + rendering.dropped_text_line(body, dropped) - 1
            errors.append(ContentError(record.entry.path, line, rendering.dropped_text_message(dropped)))


def validate_citations(record: Record, kind, reference_keys: set[str], errors: list) -> None:
    for body, first_line in kind.bodies(record):
        for key, line in rendering.citation_lines(body):
            if key not in reference_keys:
                errors.append(
                    ContentError(record.entry.path, first_line + line - 1, f"unknown citation key '[@{key}]'")
                )


def apply(content: ContentSet, *, discard_admin_edits: bool = False) -> ImportReport:
    """Load `content` in one transaction. Raises UnexportedAdminEdits (changing nothing) when it
    would overwrite or delete admin work not yet exported, unless `discard_admin_edits`."""
    try:
        return _load(content, discard_admin_edits=discard_admin_edits)
    except ChangedMeanwhile as changed:  # the transaction is rolled back: nothing was written
        raise changed_meanwhile(changed.kind, changed.name, changed.obj) from None


def _load(content: ContentSet, *, discard_admin_edits: bool) -> ImportReport:
    report = ImportReport()
    with transaction.atomic():
        # The guard is read inside the lock every admin write takes too, so no admin save can land
        # between reading it and writing (content_sync.lock_content_writes).
        lock_content_writes()
        guard = SyncGuard.before_import()
        loaded: dict[str, dict] = {}
        for kind in KINDS:  # in loading order: what a kind links to is loaded before it
            loaded[kind.name] = kind.apply(content, loaded, report)
        losses = guard.losses(report.changed_items, report.deleted_items)
        if losses and not discard_admin_edits:
            raise UnexportedAdminEdits(losses)  # rolls the whole import back
        report.discarded = losses
        delete_orphaned_drafts()
        # Rendering depends on glossary terms and references across files, so it runs last,
        # over everything, and writes only the HTML that actually changed.
        with files_change_notes(content.notes):  # what the change log records as each file's reason
            after_everything_changed()
        mark_all_synced()
    return report


def import_content(root: Path, *, discard_admin_edits: bool = False) -> ImportReport:
    """Validate everything under `root`, then apply it atomically.

    Raises ImportFailed (a file is wrong) or UnexportedAdminEdits (it would lose admin work); in
    both cases the database is unchanged.
    """
    return apply(read_content(root), discard_admin_edits=discard_admin_edits)
