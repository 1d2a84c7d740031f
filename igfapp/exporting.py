"""export_content: write the database back into content/ in exactly the format import_content reads.

The canonical layout (what an import followed by an export reproduces byte for byte):
- keys in the fixed order of content/README.md, one kind of file at a time (the `write_*` functions);
- lists as block lists, an empty list as `[]`; link lists in the order they were read (the link
  rows keep it; see `importing.linked_ids_in_order`);
- prose values (definitions, summaries, notes, factor and mechanism names, every bibliographic
  field) always double-quoted; titles, terms, aliases, slugs and keywords plain where YAML allows;
- optional keys left out when empty (each writer says which);
- the markdown body right after the front matter, except for articles, whose `## Heading
  {#anchor topic=key}` sections follow one blank line and are separated by one blank line.

Three phases, like the importer, so that a problem never leaves content/ half-written:
1. `build_entries` reads every row (a fixed number of queries however much content) and
   `build_files` renders each to file text;
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
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import plain_words, question_files
from .content_files import FrontMatter, SectionSource
from .editorial.content_sync import SyncPoint, mark_exported
from .importing import KINDS, REFERENCE_FIELDS, ImportFailed, read_content
from .models import (
    Article,
    EvidenceNote,
    FactorMechanism,
    GlossaryTerm,
    LifestyleFactor,
    Mechanism,
    Reference,
    Section,
)
from .reports import KindCounts


class ExportFailed(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


# --- Writing one file per kind: values and links in the importer's Record shape ---------------

Links = dict[str, list[str]]


def canonical_body(markdown: str) -> str:
    """The body as the importer will read it back: newlines normalised, no blank lines around it.

    Browsers submit textareas with CRLF line ends; files use LF.
    """
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(lines).rstrip("\n")


def section_text(section: SectionSource) -> str:
    heading = f"## {section.heading} {{#{section.anchor} topic={section.topic}}}"
    body = section.body.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    return f"{heading}\n{body}" if body else heading


def write_article(values: dict, links: Links) -> str:
    front = (
        FrontMatter()
        .value("title", values["title"])
        .value("summary", values["summary"], quote=True)
        .value("order", values["order"])
        .value("status", values["status"])
        .optional("last_reviewed", values["last_reviewed"])
        .optional("reviewed_by", values["reviewed_by"])
        .optional("next_review_due", values["next_review_due"])
        .optional("review_note", values["review_note"], quote=True)
    )
    cautions = [{"section": s.anchor, "text": s.caution} for s in values["sections"] if s.caution]
    if cautions:
        front.mappings("cautions", cautions, quoted=frozenset({"text"}))
    plain_words.write_plain_words(front, values["sections"])
    body = "\n\n".join(section_text(section) for section in values["sections"])
    return front.document(body, blank_line=True)


def write_glossary_term(values: dict, links: Links) -> str:
    front = (
        FrontMatter()
        .value("term", values["term"])
        .items("aliases", values["aliases"])
        .value("plain", values["plain_definition"], quote=True)
        .optional("technical", values["technical_definition"], quote=True)
        .items("related", links["related"])
        .optional_items("references", links["references"])
        .value("status", values["status"])
    )
    return front.document(canonical_body(values["explanation_md"]))


def write_reference(values: dict, links: Links) -> str:
    is_document = values["origin"] == Reference.Origin.DOCUMENT
    front = (
        FrontMatter()
        .value("origin", values["origin"])
        .value("kind", values["kind"])
        .optional("number", values["number"])
        .optional("printed", values["printed"], quote=True)
        .items("authors", values["authors"], quote=True)
        .optional("et_al", values["et_al"] or None)  # written only when true
        .optional("year", values["year"])
        .optional("published_on", values["published_on"])
    )
    for key in ("title", "journal", "volume", "issue", "pages"):
        front.value(key, values[key], quote=True)
    front.optional("document_number", values["document_number"], quote=True)
    for key in ("doi", "pmid", "url"):
        front.value(key, values[key], quote=True)
    front.value("status", values["status"]).value("status_note", values["status_note"], quote=True)
    front.optional("corrected_by", links["corrected_by"][0] if links["corrected_by"] else "")
    # Document references always show whether the editors found a closer real paper.
    if is_document:
        front.items("see_also", links["see_also"])
    else:
        front.optional_items("see_also", links["see_also"])
    return front.document(canonical_body(values["note_md"]))


def write_mechanism(values: dict, links: Links) -> str:
    front = (
        FrontMatter()
        .value("name", values["name"], quote=True)
        .value("location", values["location"])
        .items("glossary", links["glossary"])
        .items("references", links["references"])
    )
    return front.document(canonical_body(values["explanation_md"]))


def write_factor(values: dict, links: Links) -> str:
    # The importer reads each mechanism as (slug, line, note); the database gives (slug, note).
    rows = [{"mechanism": item[0], "note": item[-1]} for item in values["mechanism_links"]]
    front = (
        FrontMatter()
        .value("name", values["name"], quote=True)
        .value("order", values["order"])
        .value("effect", values["effect"])
        .value("in_document_table", values["in_document_table"])
        .value("table_mechanism", values["table_mechanism"], quote=True)
        .value("observed_effect", values["observed_effect"], quote=True)
        .value("summary", values["summary"], quote=True)
        .mappings("mechanisms", rows, quoted=frozenset({"note"}))
        .items("passages", links["passages"])
        .items("references", links["references"])
        .value("status", values["status"])
    )
    return front.document(canonical_body(values["detail_md"]))


def write_evidence_note(values: dict, links: Links) -> str:
    front = (
        FrontMatter()
        .value("claim", values["claim"], quote=True)
        .value("standing", values["standing"])
        .items("sections", links["sections"])
        .items("factors", links["factors"])
        .items("references", links["references"])
    )
    return front.document(canonical_body(values["explanation_md"]))


WRITERS = {
    "articles": write_article,
    "glossary": write_glossary_term,
    "references": write_reference,
    "mechanisms": write_mechanism,
    "factors": write_factor,
    "evidence": write_evidence_note,
    "questions": question_files.write_question,
}


# --- Phase 1: the database as file texts ------------------------------------------------------


def _ordered_links(model, field_name: str) -> dict[int, list[int]]:
    """{source id: [target ids in the order they were linked]} for one many-to-many field (one query)."""
    m2m = model._meta.get_field(field_name)
    source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
    links: dict[int, list[int]] = defaultdict(list)
    rows = m2m.remote_field.through.objects.order_by("pk").values_list(f"{source}_id", f"{target}_id")
    for source_id, target_id in rows:
        links[source_id].append(target_id)
    return links


def _values(obj, names: list[str]) -> dict:
    return {name: getattr(obj, name) for name in names}


Entries = dict[str, dict[str, tuple[dict, Links]]]


class Names:
    """What each row is called in the files (slug, key, article/anchor), looked up once per export."""

    def __init__(self):
        self.glossary = dict(GlossaryTerm.objects.values_list("pk", "slug"))
        self.references = dict(Reference.objects.values_list("pk", "key"))
        self.mechanisms = dict(Mechanism.objects.values_list("pk", "slug"))
        self.factors = dict(LifestyleFactor.objects.values_list("pk", "slug"))
        self.sections = {
            pk: f"{slug}/{anchor}" for pk, slug, anchor in Section.objects.values_list("pk", "article__slug", "anchor")
        }

    def linked(self, model, field_name: str, names: dict[int, str]):
        """A function giving an object's links (as file names, in order) through one many-to-many field."""
        links = _ordered_links(model, field_name)
        return lambda obj: [names[target] for target in links.get(obj.pk, [])]


def _article_entries(names: Names) -> dict[str, tuple[dict, Links]]:
    sections_by_article: dict[int, list[SectionSource]] = defaultdict(list)
    for section in Section.objects.order_by("article_id", "order", "pk"):
        sections_by_article[section.article_id].append(
            SectionSource(
                section.heading,
                section.anchor,
                section.topic,
                section.body_md,
                0,
                0,
                section.caution_md,
                **plain_words.source_values(section),
            )
        )
    fields = ["title", "summary", "order", "status", "last_reviewed", "reviewed_by", "next_review_due", "review_note"]
    return {
        article.slug: ({**_values(article, fields), "sections": sections_by_article[article.pk]}, {})
        for article in Article.objects.order_by("order", "slug")
    }


def _glossary_entries(names: Names) -> dict[str, tuple[dict, Links]]:
    related = names.linked(GlossaryTerm, "related", names.glossary)
    references = names.linked(GlossaryTerm, "references", names.references)
    fields = ["term", "aliases", "plain_definition", "technical_definition", "explanation_md", "status"]
    return {
        term.slug: (_values(term, fields), {"related": related(term), "references": references(term)})
        for term in GlossaryTerm.objects.order_by("slug")
    }


def _reference_entries(names: Names) -> dict[str, tuple[dict, Links]]:
    see_also = names.linked(Reference, "see_also", names.references)
    fields = [*REFERENCE_FIELDS, "note_md"]
    entries = {}
    for ref in Reference.objects.order_by("key"):
        corrected = [names.references[ref.corrected_by_id]] if ref.corrected_by_id else []
        entries[ref.key] = (_values(ref, fields), {"corrected_by": corrected, "see_also": see_also(ref)})
    return entries


def _mechanism_entries(names: Names) -> dict[str, tuple[dict, Links]]:
    glossary = names.linked(Mechanism, "glossary_terms", names.glossary)
    references = names.linked(Mechanism, "references", names.references)
    return {
        mechanism.slug: (
            _values(mechanism, ["name", "location", "explanation_md"]),
            {"glossary": glossary(mechanism), "references": references(mechanism)},
        )
        for mechanism in Mechanism.objects.order_by("slug")
    }


def _factor_entries(names: Names) -> dict[str, tuple[dict, Links]]:
    mechanism_links: dict[int, list[tuple[str, str]]] = defaultdict(list)
    rows = FactorMechanism.objects.order_by("factor_id", "order", "pk").values_list("factor_id", "mechanism_id", "note")
    for factor_id, mechanism_id, note in rows:
        mechanism_links[factor_id].append((names.mechanisms[mechanism_id], note))
    passages = names.linked(LifestyleFactor, "passages", names.sections)
    references = names.linked(LifestyleFactor, "references", names.references)
    fields = [
        "name",
        "order",
        "effect",
        "in_document_table",
        "table_mechanism",
        "observed_effect",
        "summary",
        "detail_md",
        "status",
    ]
    return {
        factor.slug: (
            {**_values(factor, fields), "mechanism_links": mechanism_links[factor.pk]},
            {"passages": passages(factor), "references": references(factor)},
        )
        for factor in LifestyleFactor.objects.order_by("order", "slug")
    }


def _evidence_entries(names: Names) -> dict[str, tuple[dict, Links]]:
    sections = names.linked(EvidenceNote, "sections", names.sections)
    factors = names.linked(EvidenceNote, "factors", names.factors)
    references = names.linked(EvidenceNote, "references", names.references)
    return {
        note.slug: (
            _values(note, ["claim", "standing", "explanation_md"]),
            {"sections": sections(note), "factors": factors(note), "references": references(note)},
        )
        for note in EvidenceNote.objects.order_by("slug")
    }


ENTRY_BUILDERS = {
    "articles": _article_entries,
    "glossary": _glossary_entries,
    "references": _reference_entries,
    "mechanisms": _mechanism_entries,
    "factors": _factor_entries,
    "evidence": _evidence_entries,
    "questions": question_files.question_entries,
}


def build_entries() -> Entries:
    """Every row as {kind: {slug: (values, links)}}, in the shape the importer's readers produce.

    A fixed number of queries, however much content there is.
    """
    names = Names()
    return {kind: ENTRY_BUILDERS[kind](names) for kind in KINDS}


def build_files(entries: Entries) -> dict[str, str]:
    """Every entry rendered as its content file: {"glossary/ghrh.md": text, …}."""
    return {
        f"{kind}/{slug}.md": WRITERS[kind](values, links)
        for kind in KINDS
        for slug, (values, links) in entries[kind].items()
    }


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
        for kind in KINDS:
            (root / kind).mkdir()
        for name, text in files.items():
            (root / name).write_bytes(text.encode("utf-8"))
        try:
            content = read_content(root)
        except ImportFailed as failure:
            raise ExportFailed([str(error).replace(f"{root}{os.sep}", "") for error in failure.errors]) from None
    errors = []
    for kind in KINDS:
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
    for kind in KINDS:
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
    files = build_files(entries)
    check_files(entries, files)
    report, to_write, to_delete = plan(Path(root), files)
    if not dry_run:
        for name, text in to_write.items():
            _write_atomically(Path(root) / name, text)
        for path in to_delete:
            path.unlink()
        mark_exported(sync_point)
    return report
