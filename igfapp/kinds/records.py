"""What reading content/ produces and both content commands report, shared by every kind.

`Fields` reads a file's front matter, recording an error (with its file and line) instead of
raising; a `Record` is one parsed file; a `ContentSet` all of them, by kind; `KindCounts` what an
import or an export did, per kind (rows for an import, files for an export); `Kind` what one kind
of file is (kinds/__init__.py lists them).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ..content_files import ANCHOR_RE, ContentError, EntryFile

SLUG_RE = ANCHOR_RE  # file names follow the same rule as anchors


class ImportFailed(Exception):
    def __init__(self, errors: list[ContentError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class Fields:
    """Typed access to front-matter values that records errors instead of raising."""

    def __init__(self, entry: EntryFile, errors: list[ContentError]):
        self.entry, self.errors = entry, errors

    def fail(self, message: str, *key_path) -> None:
        self.errors.append(self.entry.error(message, *key_path))

    def text(self, key: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = self.entry.front.get(key)
        if value is None or value == "":
            if required:
                self.fail(f"missing required field '{key}'", key)
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.fail(f"'{key}' must be text", key)
            return ""
        value = str(value)
        if max_length and len(value) > max_length:
            self.fail(f"'{key}' is longer than {max_length} characters", key)
        return value

    def integer(self, key: str, *, required: bool = False) -> int | None:
        value = self.entry.front.get(key)
        if value is None or value == "":
            if required:
                self.fail(f"missing required field '{key}'", key)
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.fail(f"'{key}' must be a whole number", key)
            return None
        return value

    def boolean(self, key: str) -> bool:
        value = self.entry.front.get(key, False)
        if not isinstance(value, bool):
            self.fail(f"'{key}' must be true or false", key)
            return False
        return value

    def date(self, key: str) -> datetime.date | None:
        value = self.entry.front.get(key)
        if value in (None, ""):
            return None
        if isinstance(value, datetime.date):
            return value
        self.fail(f"'{key}' must be a date like 2026-11-24", key)
        return None

    def choice(self, key: str, choices, *, default: str | None = None) -> str:
        value = self.entry.front.get(key, default)
        if value is None:
            self.fail(f"missing required field '{key}'", key)
            return ""
        if value not in choices.values:
            allowed = ", ".join(choices.values)
            self.fail(f"unknown {key} '{value}' (expected one of: {allowed})", key)
            return ""
        return value

    def strings(self, key: str) -> list[str]:
        value = self.entry.front.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            self.fail(f"'{key}' must be a list of text items", key)
            return []
        return [str(v) for v in value]

    def slugs(self, key: str) -> list[tuple[str, int]]:
        """A list of slugs with the line of each, for later link validation."""
        found = []
        for i, value in enumerate(self.strings(key)):
            found.append((value, self.entry.line_of(key, i)))
        return found

    def check_known_keys(self, allowed: set[str]) -> None:
        for key in self.entry.front:
            if key not in allowed:
                self.fail(f"unknown field '{key}' (allowed: {', '.join(sorted(allowed))})", key)


@dataclass
class Record:
    """One parsed entry: model field values plus links to resolve once everything is read."""

    entry: EntryFile
    values: dict
    links: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.entry.slug


@dataclass
class ContentSet:
    """Everything read from content/, by kind and then by slug/key."""

    records: dict[str, dict[str, Record]]
    # Each file's public change note (`change:`, `minor_change:`): {(kind, name): (reason, minor)}.
    notes: dict[tuple[str, str], tuple[str, bool]] = field(default_factory=dict)

    def __getitem__(self, kind: str) -> dict[str, Record]:
        return self.records[kind]


def listed_mappings(
    entry: EntryFile, key: str, fields: tuple[str, str], noun: str, kind: str, errors: list
) -> list[tuple[dict, int]]:
    """A front-matter block list of mappings (`fields[0]` required, naming the item): each
    well-formed item with its line; what is wrong is reported with the line."""
    raw = entry.front.get(key, []) or []
    if not isinstance(raw, list):
        errors.append(entry.error(f"'{key}' must be a list of {{{', '.join(fields)}}}", key))
        return []
    found = []
    for i, item in enumerate(raw):
        line = entry.line_of(key, i)
        if not isinstance(item, dict) or not isinstance(item.get(fields[0]), str):
            errors.append(ContentError(entry.path, line, f"each {noun} needs '{fields[0]}: <{kind}>'"))
            continue
        if unknown := set(item) - set(fields):
            errors.append(ContentError(entry.path, line, f"unknown {noun} field(s): {', '.join(sorted(unknown))}"))
        found.append((item, line))
    return found


def default_bodies(record: Record) -> list[tuple[str, int]]:
    """A file's markdown texts with the line each starts on: most kinds have one, the body."""
    return [(record.entry.body, record.entry.body_line)]


def no_unique_values(records: dict[str, Record], errors: list) -> None:
    """Most kinds have no value that must be unique across files (besides the file name)."""


@dataclass(frozen=True)
class Kind:
    """One kind of content file: its folder, the model a file holds, and what reads, loads and
    writes it. Each kind's module builds its own (`KIND`); kinds/__init__.py lists them."""

    name: str  # the folder under content/, and the word reports use
    model: type  # the model one file holds
    name_field: str  # the field a file is named after (its slug or key)
    read: Callable  # (EntryFile, errors) -> Record
    apply: Callable  # (ContentSet, loaded, ImportReport) -> {file name: row}, in the import's transaction
    entries: Callable  # (entries.Names) -> {file name: (values, links)}, the database in read's shape
    write: Callable  # (values, links) -> the file's text
    bodies: Callable = default_bodies  # (Record) -> [(markdown, first line)]: checked for citations, sanitising
    check_unique: Callable = no_unique_values  # (records of this kind, errors)
    parts: tuple = ()  # the models of what a file holds besides its item (an article's sections)


OUTCOMES = ("created", "updated", "unchanged", "deleted")


@dataclass
class KindCounts:
    counts: dict[str, Counter] = field(default_factory=dict)

    def count(self, kind: str, outcome: str) -> None:
        self.counts.setdefault(kind, Counter())[outcome] += 1

    def include(self, kind: str) -> None:
        """List `kind` in the report even when nothing of it was counted."""
        self.counts.setdefault(kind, Counter())

    def lines(self) -> list[str]:
        """One line per kind: "articles: 0 created, 1 updated, 2 unchanged, 0 deleted"."""
        return [
            f"{kind}: " + ", ".join(f"{counts[outcome]} {outcome}" for outcome in OUTCOMES)
            for kind, counts in self.counts.items()
        ]


@dataclass
class ImportReport(KindCounts):
    # Items (kind, slug or key) whose file changed them (or their parts and links), or that had no
    # file and were deleted: what the sync guard checks for unexported admin edits.
    changed_items: set[tuple[str, str]] = field(default_factory=set)
    deleted_items: set[tuple[str, str]] = field(default_factory=set)
    discarded: list = field(default_factory=list)  # admin work overwritten on request

    def touch(self, kind: str, name: str, changed: bool = True) -> None:
        if changed:
            self.changed_items.add((kind, name))

    @property
    def changed(self) -> bool:
        return any(c["created"] or c["updated"] or c["deleted"] for c in self.counts.values())
