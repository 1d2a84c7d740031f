"""export_content: write the database back into content/ in exactly the format import_content reads.

The canonical layout (what an import followed by an export reproduces byte for byte):
- keys in the fixed order of content/README.md, one kind of file at a time (each kind's `write`, kinds/);
- lists as block lists, an empty list as `[]`; link lists in the order they were read (the link
  rows keep it; see `kinds.rows.linked_ids_in_order`);
- prose values (definitions, summaries, notes, factor and mechanism names, every bibliographic
  field) always double-quoted; titles, terms, aliases, slugs and keywords plain where YAML allows;
- optional keys left out when empty (each writer says which);
- the markdown body right after the front matter, except for articles, whose `## Heading
  {#anchor topic=key}` sections follow one blank line and are separated by one blank line.

Three phases, like the importer, so that a problem never leaves content/ half-written:
1. `build_entries` reads every row (each kind's `entries`: a fixed number of queries however much
   content) and `build_files` renders each to file text;
2. `check_files` reads that text back with the importer itself in a scratch folder: every importer
   error is reported, and a row that would read back differently (e.g. a section body line starting
   with `## `, which would start a new section) is refused;
3. `plan` compares with the folder, and `export_content` writes only the files whose text changed
   and removes the `.md` files of rows that no longer exist (never a README.md, never anything
   outside the kind folders).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import plain_words
from .change_log import notes_for_files
from .content_files import FRONT_MATTER_FENCE, FrontMatter
from .editorial.content_sync import SyncPoint, mark_exported
from .importing import CHANGE_KEY, MINOR_KEY, read_content
from .kinds import KINDS, NAMES
from .kinds.articles import section_text
from .kinds.entries import Entries, Links, Names, canonical_body
from .kinds.records import ImportFailed, KindCounts


class ExportFailed(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


# --- Phase 1: the database as file texts ------------------------------------------------------


def build_entries() -> Entries:
    """Every row as {kind: {slug: (values, links)}}, in the shape the importer's readers produce.

    A fixed number of queries, however much content there is.
    """
    names = Names()
    return {kind.name: kind.entries(names) for kind in KINDS}


def build_files(entries: Entries, notes: dict[tuple[str, str], tuple[str, bool]] | None = None) -> dict[str, str]:
    """Every entry rendered as its content file: {"glossary/ghrh.md": text, …}, with its public
    change note (`notes`, change_log.notes_for_files) last in its front matter."""
    notes = notes or {}
    return {
        f"{kind.name}/{slug}.md": with_change_note(kind.write(values, links), notes.get((kind.name, slug)))
        for kind in KINDS
        for slug, (values, links) in entries[kind.name].items()
    }


def with_change_note(text: str, note: tuple[str, bool] | None) -> str:
    """A file's text with `change:` (and `minor_change: true`) as the last keys of its front matter."""
    if note is None or not note[0]:
        return text
    lines = FrontMatter().value(CHANGE_KEY, note[0], quote=True)
    if note[1]:
        lines.value(MINOR_KEY, True)
    end = text.index(f"\n{FRONT_MATTER_FENCE}\n")
    return text[:end] + "\n" + "\n".join(lines.lines) + text[end:]


# --- Phase 2: would the importer read these files back exactly? ------------------------------

BODY_FIELDS = {"explanation_md", "note_md", "detail_md"}


def comparable(values: dict, links: Links) -> dict:
    """Values and links as the files can carry them, for comparing database rows with files read back."""
    result = {}
    for name, value in values.items():
        if name in BODY_FIELDS:
            value = canonical_body(value)
        elif name == "sections":
            value = [(s.heading, s.anchor, s.topic, section_text(s), *plain_words.comparable(s)) for s in value]
        elif name == "mechanism_links":
            value = [(item[0], item[-1]) for item in value]
        result[name] = value
    return result | {f"links:{name}": list(items) for name, items in links.items()}


def check_files(entries: Entries, files: dict[str, str]) -> None:
    """Read `files` back with the importer; raise ExportFailed naming every problem.

    Two kinds of problem: what the importer itself would reject (a slug that is not a valid file
    name, a citation key that no longer resolves), and a value that would read back differently.
    """
    with tempfile.TemporaryDirectory(prefix="export-check-") as scratch:
        root = Path(scratch)
        for kind in NAMES:
            (root / kind).mkdir()
        for name, text in files.items():
            (root / name).write_bytes(text.encode("utf-8"))
        try:
            content = read_content(root)
        except ImportFailed as failure:
            raise ExportFailed([str(error).replace(f"{root}{os.sep}", "") for error in failure.errors]) from None
    errors = []
    for kind in NAMES:
        for slug, (values, links) in entries[kind].items():
            record = content[kind][slug]
            read_back = comparable(record.values, {n: [v for v, _ in items] for n, items in record.links.items()})
            differing = [name for name, value in comparable(values, links).items() if read_back.get(name) != value]
            if differing:
                errors.append(f"{kind}/{slug}.md: {_why_lossy(values, differing)}")
    if errors:
        raise ExportFailed(errors)


def _why_lossy(values: dict, differing: list[str]) -> str:
    starts_section = any(
        line.startswith("## ") for section in values.get("sections", []) for line in section.body.splitlines()
    )
    if "sections" in differing and starts_section:
        return (
            "a section body has a line starting with '## ', which the importer would read as a new "
            "section heading (use '### ' for a heading inside a section)"
        )
    fields = ", ".join(name.removeprefix("links:") for name in differing)
    return f"would not read back with the same value of: {fields}"


# --- Phase 3: writing ---------------------------------------------------------------------------


@dataclass
class ExportReport(KindCounts):
    changed_files: list[str] = field(default_factory=list)  # written or deleted, relative to the root

    @property
    def changed(self) -> bool:
        return bool(self.changed_files)


def _is_readme(path: Path) -> bool:
    return path.name.lower() == "readme.md"


def plan(root: Path, files: dict[str, str]) -> tuple[ExportReport, dict[str, str], list[Path]]:
    """What writing `files` into `root` would change: (report, files to write, files to delete)."""
    report, to_write, to_delete = ExportReport(), {}, []
    for kind in NAMES:
        wanted = {name: text for name, text in files.items() if name.startswith(f"{kind}/")}
        for name, text in wanted.items():
            path = root / name
            current = path.read_bytes() if path.is_file() else None
            if current == text.encode("utf-8"):
                report.count(kind, "unchanged")
                continue
            report.count(kind, "updated" if current is not None else "created")
            to_write[name] = text
            report.changed_files.append(name)
        folder = root / kind
        stale = [p for p in sorted(folder.glob("*.md")) if not _is_readme(p) and f"{kind}/{p.name}" not in wanted]
        for path in stale if folder.is_dir() else []:
            report.count(kind, "deleted")
            to_delete.append(path)
            report.changed_files.append(f"{kind}/{path.name}")
        report.include(kind)
    return report, to_write, to_delete


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}.export-tmp")
    scratch.write_bytes(text.encode("utf-8"))  # bytes: no newline translation on any platform
    os.replace(scratch, path)


def export_content(root: Path, *, dry_run: bool = False) -> ExportReport:
    """Write the database into `root` (validated first). `dry_run` reports without writing."""
    sync_point = SyncPoint.now()  # read first: an edit saved during the export stays unsynced
    entries = build_entries()
    files = build_files(entries, notes_for_files())
    check_files(entries, files)
    report, to_write, to_delete = plan(Path(root), files)
    if not dry_run:
        for name, text in to_write.items():
            _write_atomically(Path(root) / name, text)
        for path in to_delete:
            path.unlink()
        mark_exported(sync_point)
    return report
