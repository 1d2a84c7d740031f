"""import_content: read content/, validate everything, then upsert it in one transaction.

Three phases keep a broken file from ever touching the database:
1. `read_content` parses every file into plain records, collecting every `ContentError`;
2. `validate_links` checks every cross-reference (topics, anchors, slugs, citation keys);
3. `apply` upserts by natural key inside `transaction.atomic`, deletes what the files no longer
   contain, re-renders all HTML, and counts created / updated / unchanged rows.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from . import plain_words, question_files, rendering
from .content_files import ANCHOR_RE, ContentError, EntryFile, read_entry, split_sections
from .editorial.content_sync import (
    Item,
    SyncGuard,
    UnexportedAdminEdits,
    UnexportedEdit,
    changed_meanwhile,
    delete_orphaned_drafts,
    lock_content_writes,
    mark_all_synced,
)
from .models import (
    Article,
    EvidenceNote,
    FactorMechanism,
    GlossaryTerm,
    LifestyleFactor,
    Mechanism,
    Reference,
    Section,
    Status,
    Topic,
)
from .publishing import render_everything
from .reports import KindCounts

KINDS = ("articles", "glossary", "references", "mechanisms", "factors", "evidence", "questions")
SLUG_RE = ANCHOR_RE  # file names follow the same rule as anchors


class ImportFailed(Exception):
    def __init__(self, errors: list[ContentError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


# --- Reading: one function per kind of file -------------------------------------------------


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


def read_article(entry: EntryFile, errors: list) -> Record:
    f = Fields(entry, errors)
    f.check_known_keys(
        {
            "title",
            "summary",
            "order",
            "status",
            "last_reviewed",
            "reviewed_by",
            "next_review_due",
            "review_note",
            "cautions",
            "plain_words",
        }
    )
    values = {
        "title": f.text("title", required=True, max_length=120),
        "summary": f.text("summary", required=True),
        "order": f.integer("order", required=True),
        "status": f.choice("status", Status, default=Status.PUBLISHED),
        "last_reviewed": f.date("last_reviewed"),
        "reviewed_by": f.text("reviewed_by", max_length=120),
        "next_review_due": f.date("next_review_due"),
        "review_note": f.text("review_note"),
    }
    sections = _read_sections(entry, errors)
    _read_cautions(entry, {section.anchor: section for section in sections}, errors)
    plain_words.read_plain_words(entry, {section.anchor: section for section in sections}, errors)
    values["sections"] = sections
    return Record(entry, values)


def _read_sections(entry: EntryFile, errors: list) -> list:
    """The article's `## ` sections, each with a known topic and an anchor of its own."""
    sections = []
    try:
        sections = split_sections(entry)
    except ContentError as exc:
        errors.append(exc)
    if not sections and not any(e.path == str(entry.path) for e in errors):
        errors.append(ContentError(entry.path, entry.body_line, "an article needs at least one section"))
    seen: dict[str, int] = {}
    for section in sections:
        if section.topic not in Topic.values:
            errors.append(
                ContentError(
                    entry.path,
                    section.line,
                    f"unknown topic '{section.topic}' (expected one of: {', '.join(Topic.values)})",
                )
            )
        if section.anchor in seen:
            errors.append(
                ContentError(
                    entry.path,
                    section.line,
                    f"duplicate section anchor '#{section.anchor}' (first used on line {seen[section.anchor]})",
                )
            )
        seen.setdefault(section.anchor, section.line)
    return sections


def _read_cautions(entry: EntryFile, by_anchor: dict, errors: list) -> None:
    """The front matter's `cautions` (a list of {section: <anchor>, text: <markdown>}) onto its sections.

    Cautions are the editors' words, so they live beside the document's text, not inside it.
    """
    for item, line in _listed_mappings(entry, "cautions", ("section", "text"), "caution", "anchor", errors):
        text = item.get("text")
        if not isinstance(text, str) or not text.strip():
            errors.append(ContentError(entry.path, line, "each caution needs 'text' (markdown)"))
            continue
        section = by_anchor.get(item["section"])
        if section is None:
            errors.append(ContentError(entry.path, line, f"caution for unknown section '#{item['section']}'"))
        elif section.caution:
            errors.append(ContentError(entry.path, line, f"section '#{item['section']}' has a caution already"))
        else:
            section.caution, section.caution_line = text.strip(), line


def _listed_mappings(
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


def read_glossary_term(entry: EntryFile, errors: list) -> Record:
    f = Fields(entry, errors)
    f.check_known_keys({"term", "aliases", "plain", "technical", "related", "references", "status"})
    values = {
        "term": f.text("term", required=True, max_length=120),
        "aliases": f.strings("aliases"),
        "plain_definition": f.text("plain", required=True),
        "technical_definition": f.text("technical"),
        "explanation_md": entry.body,
        "status": f.choice("status", Status, default=Status.PUBLISHED),
    }
    return Record(entry, values, {"related": f.slugs("related"), "references": f.slugs("references")})


# A reference file's keys: the model fields of the same names (its body is `note_md`), then links.
REFERENCE_FIELDS = (
    "origin",
    "kind",
    "number",
    "printed",
    "authors",
    "et_al",
    "year",
    "published_on",
    "title",
    "journal",
    "volume",
    "issue",
    "pages",
    "document_number",
    "doi",
    "pmid",
    "url",
    "status",
    "status_note",
)
REFERENCE_LINKS = ("corrected_by", "see_also")


def read_reference(entry: EntryFile, errors: list) -> Record:
    f = Fields(entry, errors)
    f.check_known_keys({*REFERENCE_FIELDS, *REFERENCE_LINKS})
    values = {
        "origin": f.choice("origin", Reference.Origin),
        "kind": f.choice("kind", Reference.Kind, default=Reference.Kind.ARTICLE),
        "number": f.integer("number"),
        "printed": f.text("printed"),
        "authors": f.strings("authors"),
        "et_al": f.boolean("et_al"),
        "year": f.integer("year"),
        "published_on": f.date("published_on"),
        "title": f.text("title"),
        "journal": f.text("journal", max_length=200),
        "volume": f.text("volume", max_length=20),
        "issue": f.text("issue", max_length=20),
        "pages": f.text("pages", max_length=40),
        "document_number": f.text("document_number", max_length=120),
        "doi": f.text("doi", max_length=120),
        "pmid": f.text("pmid", max_length=20),
        "url": f.text("url", max_length=200),
        "status": f.choice("status", Reference.Accuracy, default=Reference.Accuracy.UNVERIFIED),
        "status_note": f.text("status_note"),
        "note_md": entry.body,
    }
    if values["origin"] == Reference.Origin.DOCUMENT and not values["printed"]:
        f.fail("a document reference needs 'printed': the reference as the document prints it", "origin")
    published_on, year = values["published_on"], values["year"]
    if published_on and year and published_on.year != year:
        f.fail(f"'published_on' ({published_on}) is not in 'year' ({year})", "published_on")
    if values["pmid"] and not values["pmid"].isdigit():
        f.fail("'pmid' must be digits only", "pmid")
    if values["doi"] and not values["doi"].startswith("10."):
        f.fail("'doi' must start with '10.' (no https://doi.org/ prefix)", "doi")
    corrected = f.text("corrected_by")
    links = {
        "corrected_by": [(corrected, entry.line_of("corrected_by"))] if corrected else [],
        "see_also": f.slugs("see_also"),
    }
    if values["status"] == Reference.Accuracy.MISMATCH and not corrected:
        f.fail("a 'mismatch' reference needs 'corrected_by'", "status")
    return Record(entry, values, links)


def read_mechanism(entry: EntryFile, errors: list) -> Record:
    f = Fields(entry, errors)
    f.check_known_keys({"name", "location", "glossary", "references"})
    values = {
        "name": f.text("name", required=True, max_length=200),
        "location": f.choice("location", Mechanism.Location),
        "explanation_md": entry.body,
    }
    if not entry.body.strip():
        f.fail("a mechanism needs an explanation in the body")
    return Record(entry, values, {"glossary": f.slugs("glossary"), "references": f.slugs("references")})


def read_factor(entry: EntryFile, errors: list) -> Record:
    f = Fields(entry, errors)
    f.check_known_keys(
        {
            "name",
            "order",
            "effect",
            "in_document_table",
            "table_mechanism",
            "observed_effect",
            "summary",
            "mechanisms",
            "passages",
            "references",
            "status",
        }
    )
    values = {
        "name": f.text("name", required=True, max_length=120),
        "order": f.integer("order", required=True),
        "effect": f.choice("effect", LifestyleFactor.Effect),
        "in_document_table": f.boolean("in_document_table"),
        "table_mechanism": f.text("table_mechanism", required=True),
        "observed_effect": f.text("observed_effect", required=True),
        "summary": f.text("summary"),
        "detail_md": entry.body,
        "status": f.choice("status", Status, default=Status.PUBLISHED),
    }
    mechanisms = _read_mechanism_links(entry, errors)
    values["mechanism_links"] = mechanisms
    links = {
        "mechanisms": [(slug, line) for slug, line, _ in mechanisms],
        "passages": f.slugs("passages"),
        "references": f.slugs("references"),
    }
    return Record(entry, values, links)


def _read_mechanism_links(entry: EntryFile, errors: list) -> list[tuple[str, int, str]]:
    """The factor's `mechanisms` list: (mechanism slug, line, note) for each well-formed item."""
    items = _listed_mappings(entry, "mechanisms", ("mechanism", "note"), "mechanism", "slug", errors)
    return [(item["mechanism"], line, str(item.get("note") or "")) for item, line in items]


def read_evidence_note(entry: EntryFile, errors: list) -> Record:
    f = Fields(entry, errors)
    f.check_known_keys({"claim", "standing", "sections", "factors", "references"})
    values = {
        "claim": f.text("claim", required=True),
        "standing": f.choice("standing", EvidenceNote.Standing),
        "explanation_md": entry.body,
    }
    if not entry.body.strip():
        f.fail("an evidence note needs its explanation in the body")
    links = {"sections": f.slugs("sections"), "factors": f.slugs("factors"), "references": f.slugs("references")}
    return Record(entry, values, links)


READERS = {
    "articles": read_article,
    "glossary": read_glossary_term,
    "references": read_reference,
    "mechanisms": read_mechanism,
    "factors": read_factor,
    "evidence": read_evidence_note,
    "questions": question_files.read_question,
}


@dataclass
class ContentSet:
    """Everything read from content/, by kind and then by slug/key."""

    records: dict[str, dict[str, Record]]

    def __getitem__(self, kind: str) -> dict[str, Record]:
        return self.records[kind]


def read_content(root: Path) -> ContentSet:
    """Parse every file; raise ImportFailed listing every problem found."""
    errors: list[ContentError] = []
    records: dict[str, dict[str, Record]] = {kind: {} for kind in KINDS}
    if not root.is_dir():
        raise ImportFailed([ContentError(root, 1, "content folder not found")])
    for kind in KINDS:
        folder = root / kind
        if not folder.is_dir():
            if kind == "articles":
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
            records[kind][path.stem] = READERS[kind](entry, errors)
    _check_unique_values(records, errors)
    content = ContentSet(records)
    if not errors:
        validate_links(content, errors)
    if errors:
        raise ImportFailed(errors)
    return content


def _check_unique_values(records: dict[str, dict[str, Record]], errors: list) -> None:
    """Values that must be unique across files: article order/titles, glossary names/aliases."""
    first_line: dict[tuple, Record] = {}
    for record in records["articles"].values():
        for field_name in ("order", "title"):
            value = record.values[field_name]
            seen = first_line.setdefault(("article", field_name, value), record)
            if seen is not record:
                errors.append(
                    record.entry.error(
                        f"duplicate article {field_name} '{value}' (also in {seen.entry.path.name})", field_name
                    )
                )
    for record in records["glossary"].values():
        names = [(record.values["term"], ("term",))] + [
            (alias, ("aliases", i)) for i, alias in enumerate(record.values["aliases"])
        ]
        for name, key_path in names:
            normalised = rendering.normalise_name(name)
            seen = first_line.setdefault(("glossary-name", normalised), record)
            if seen is not record:
                errors.append(
                    record.entry.error(f"glossary name '{name}' is also used by {seen.entry.path.name}", *key_path)
                )


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
    }
    for kind in KINDS:
        for record in content[kind].values():
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
            _validate_citations(record, kind, targets["references"], errors)
            _validate_sanitising(record, kind, errors)
    plain_words.validate(content, errors)


def _markdown_bodies(record: Record, kind: str) -> list[tuple[str, int]]:
    """Each markdown text of an entry with the file line it starts on."""
    if kind == "questions":
        return question_files.markdown_texts(record)
    if kind != "articles":
        return [(record.entry.body, record.entry.body_line)]
    bodies = [(section.body, section.body_line) for section in record.values["sections"]]
    # A caution is one quoted YAML line, so what is wrong in it is reported at that line.
    bodies += plain_words.markdown_texts(record.values["sections"])
    return bodies + [(s.caution, s.caution_line) for s in record.values["sections"] if s.caution]


def _validate_sanitising(record: Record, kind: str, errors: list) -> None:
    """Sanitising never drops an author's text silently: a text it would cut is refused."""
    for body, first_line in _markdown_bodies(record, kind):
        if dropped := rendering.dropped_text(body):
            line = first_line + rendering.dropped_text_line(body, dropped) - 1
            errors.append(ContentError(record.entry.path, line, rendering.dropped_text_message(dropped)))


def _validate_citations(record: Record, kind: str, reference_keys: set[str], errors: list) -> None:
    for body, first_line in _markdown_bodies(record, kind):
        for key, line in rendering.citation_lines(body):
            if key not in reference_keys:
                errors.append(
                    ContentError(record.entry.path, first_line + line - 1, f"unknown citation key '[@{key}]'")
                )


# --- Applying: one transaction ----------------------------------------------------------------


@dataclass
class ImportReport(KindCounts):
    # Items (kind, slug or key) whose file changed them (or their parts and links), or that had no
    # file and were deleted: what the sync guard checks for unexported admin edits.
    changed_items: set[Item] = field(default_factory=set)
    deleted_items: set[Item] = field(default_factory=set)
    discarded: list[UnexportedEdit] = field(default_factory=list)  # admin work overwritten on request

    def touch(self, kind: str, name: str, changed: bool = True) -> None:
        if changed:
            self.changed_items.add((kind, name))

    @property
    def changed(self) -> bool:
        return any(c["created"] or c["updated"] or c["deleted"] for c in self.counts.values())


def _upsert(model, lookup: dict, values: dict, report: ImportReport, kind: str):
    """Create or update one row, saving only when a value really changed (keeps imports idempotent)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        report.count(kind, "created")
        return obj, True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        _claim_version(obj, kind, _natural_name(lookup))
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
        report.count(kind, "updated")
    else:
        report.count(kind, "unchanged")
    return obj, bool(changed)


def _natural_name(lookup: dict) -> str:
    return "/".join(str(getattr(value, "slug", value)) for value in lookup.values())


def _claim_version(obj, kind: str, name: str) -> None:
    """Move `obj`'s version on only if it is still the one read (UPDATE ... WHERE version = read):
    a row someone changed since refuses the whole import instead of being overwritten."""
    read = obj.version
    if not type(obj).objects.filter(pk=obj.pk, version=read).update(version=read + 1):
        raise changed_meanwhile(kind, name, obj)  # rolls the whole import back
    obj.version = read + 1


def _delete_as_read(rows, kind: str, name_of) -> None:
    """Delete `rows`, each only if its version is still the one read (as _claim_version)."""
    model = rows.model
    for obj in list(rows):
        _, deleted = model.objects.filter(pk=obj.pk, version=obj.version).delete()
        if not deleted.get(model._meta.label):
            raise changed_meanwhile(kind, name_of(obj), obj)


def linked_ids_in_order(manager) -> list[int]:
    """The ids a many-to-many manager links to, in the order the links were added.

    The order of a list in a file (e.g. a term's `related`) lives only in the link rows' ids, so
    that export_content can write the list back exactly as it was read.
    """
    rows = manager.through._default_manager.filter(**{manager.source_field_name: manager.instance.pk})
    return list(rows.order_by("pk").values_list(f"{manager.target_field_name}_id", flat=True))


def _set_m2m(manager, objects: list) -> bool:
    """Link exactly `objects`, in order; True if the links changed."""
    if linked_ids_in_order(manager) == [o.pk for o in objects]:
        return False
    manager.clear()
    for obj in objects:  # one at a time: add(*objs) would insert the rows in set order
        manager.add(obj)
    return True


def _delete_missing(model, field_name: str, keep: set, report: ImportReport, kind: str) -> None:
    stale = model.objects.exclude(**{f"{field_name}__in": keep})
    for name in stale.values_list(field_name, flat=True):
        report.count(kind, "deleted")
        report.deleted_items.add((kind, name))
    _delete_as_read(stale, kind, lambda obj: getattr(obj, field_name))


def apply(content: ContentSet, *, discard_admin_edits: bool = False) -> ImportReport:
    """Load `content` in one transaction. Raises UnexportedAdminEdits (changing nothing) when it
    would overwrite or delete admin work not yet exported, unless `discard_admin_edits`."""
    report = ImportReport()
    with transaction.atomic():
        # The guard is read inside the lock every admin write takes too, so no admin save can land
        # between reading it and writing (content_sync.lock_content_writes).
        lock_content_writes()
        guard = SyncGuard.before_import()
        references = _apply_references(content, report)
        glossary = _apply_glossary(content, references, report)
        sections = _apply_articles(content, report)
        mechanisms = _apply_mechanisms(content, glossary, references, report)
        factors = _apply_factors(content, mechanisms, sections, references, report)
        _apply_evidence(content, sections, factors, references, report)
        question_files.apply_questions(content, sections, glossary, report)
        losses = guard.losses(report.changed_items, report.deleted_items)
        if losses and not discard_admin_edits:
            raise UnexportedAdminEdits(losses)  # rolls the whole import back
        report.discarded = losses
        delete_orphaned_drafts()
        # Rendering depends on glossary terms and references across files, so it runs last,
        # over everything, and writes only the HTML that actually changed.
        render_everything()
        mark_all_synced()
    return report


def _apply_references(content: ContentSet, report: ImportReport) -> dict[str, Reference]:
    refs = {}
    for key, record in content["references"].items():
        refs[key], changed = _upsert(Reference, {"key": key}, record.values, report, "references")
        report.touch("references", key, changed)
    for key, record in content["references"].items():
        corrected = record.links["corrected_by"]
        target = refs[corrected[0][0]] if corrected else None
        if refs[key].corrected_by_id != (target.pk if target else None):
            refs[key].corrected_by = target
            refs[key].save(update_fields=["corrected_by"])
            report.touch("references", key)
        see_also = [refs[k] for k, _ in record.links["see_also"]]
        report.touch("references", key, _set_m2m(refs[key].see_also, see_also))
    _delete_missing(Reference, "key", set(refs), report, "references")
    return refs


def _apply_glossary(content: ContentSet, refs: dict, report: ImportReport) -> dict[str, GlossaryTerm]:
    terms = {}
    for slug, record in content["glossary"].items():
        terms[slug], changed = _upsert(GlossaryTerm, {"slug": slug}, record.values, report, "glossary")
        report.touch("glossary", slug, changed)
    for slug, record in content["glossary"].items():
        related = _set_m2m(terms[slug].related, [terms[s] for s, _ in record.links["related"]])
        cited = _set_m2m(terms[slug].references, [refs[k] for k, _ in record.links["references"]])
        report.touch("glossary", slug, related or cited)
    _delete_missing(GlossaryTerm, "slug", set(terms), report, "glossary")
    return terms


def _apply_articles(content: ContentSet, report: ImportReport) -> dict[str, Section]:
    sections: dict[str, Section] = {}
    for slug, record in content["articles"].items():
        values = {k: v for k, v in record.values.items() if k != "sections"}
        article, changed = _upsert(Article, {"slug": slug}, values, report, "articles")
        report.touch("articles", slug, changed)
        anchors = set()
        for order, source in enumerate(record.values["sections"], start=1):
            section_values = {
                "order": order,
                "heading": source.heading,
                "topic": source.topic,
                "body_md": source.body,
                "caution_md": source.caution,
                **plain_words.section_values(source),
            }
            section, changed = _upsert(
                Section, {"article": article, "anchor": source.anchor}, section_values, report, "sections"
            )
            report.touch("articles", slug, changed)
            sections[f"{slug}/{source.anchor}"] = section
            anchors.add(source.anchor)
        stale = article.sections.exclude(anchor__in=anchors)
        for _ in range(stale.count()):
            report.count("sections", "deleted")
            report.touch("articles", slug)
        _delete_as_read(stale, "sections", lambda section, slug=slug: f"{slug}/{section.anchor}")
    _delete_missing(Article, "slug", set(content["articles"]), report, "articles")
    return sections


def _apply_mechanisms(content, glossary, refs, report) -> dict[str, Mechanism]:
    mechanisms = {}
    for slug, record in content["mechanisms"].items():
        mechanisms[slug], changed = _upsert(Mechanism, {"slug": slug}, record.values, report, "mechanisms")
        terms = _set_m2m(mechanisms[slug].glossary_terms, [glossary[s] for s, _ in record.links["glossary"]])
        cited = _set_m2m(mechanisms[slug].references, [refs[k] for k, _ in record.links["references"]])
        report.touch("mechanisms", slug, changed or terms or cited)
    _delete_missing(Mechanism, "slug", set(mechanisms), report, "mechanisms")
    return mechanisms


def _apply_factors(content, mechanisms, sections, refs, report) -> dict[str, LifestyleFactor]:
    factors = {}
    for slug, record in content["factors"].items():
        values = {k: v for k, v in record.values.items() if k != "mechanism_links"}
        factor, changed = _upsert(LifestyleFactor, {"slug": slug}, values, report, "factors")
        report.touch("factors", slug, changed)
        factors[slug] = factor
        wanted = [(mechanisms[m], order, note) for order, (m, _, note) in enumerate(record.values["mechanism_links"])]
        current = [(link.mechanism_id, link.order, link.note) for link in factor.mechanism_links.all()]
        if current != [(m.pk, order, note) for m, order, note in wanted]:
            factor.mechanism_links.all().delete()
            FactorMechanism.objects.bulk_create(
                FactorMechanism(factor=factor, mechanism=m, order=order, note=note) for m, order, note in wanted
            )
            report.touch("factors", slug)
        passages = _set_m2m(factor.passages, [sections[s] for s, _ in record.links["passages"]])
        cited = _set_m2m(factor.references, [refs[k] for k, _ in record.links["references"]])
        report.touch("factors", slug, passages or cited)
    _delete_missing(LifestyleFactor, "slug", set(factors), report, "factors")
    return factors


def _apply_evidence(content, sections, factors, refs, report) -> None:
    for slug, record in content["evidence"].items():
        note, changed = _upsert(EvidenceNote, {"slug": slug}, record.values, report, "evidence")
        passages = _set_m2m(note.sections, [sections[s] for s, _ in record.links["sections"]])
        about = _set_m2m(note.factors, [factors[s] for s, _ in record.links["factors"]])
        cited = _set_m2m(note.references, [refs[k] for k, _ in record.links["references"]])
        report.touch("evidence", slug, changed or passages or about or cited)
    _delete_missing(EvidenceNote, "slug", set(content["evidence"]), report, "evidence")


def import_content(root: Path, *, discard_admin_edits: bool = False) -> ImportReport:
    """Validate everything under `root`, then apply it atomically.

    Raises ImportFailed (a file is wrong) or UnexportedAdminEdits (it would lose admin work); in
    both cases the database is unchanged.
    """
    return apply(read_content(root), discard_admin_edits=discard_admin_edits)
