"""Glossary terms: content/glossary/<slug>.md: the term, its aliases, plain and technical
definitions, related terms, references, status, and the explanation as the body. A term's name and
aliases are its own across every file (they are what the site links).
"""

from __future__ import annotations

from .. import rendering
from ..content_files import EntryFile, FrontMatter
from ..models import GlossaryTerm, Status
from .entries import Links, Names, canonical_body, values_of
from .records import ContentSet, Fields, ImportReport, Kind, Record
from .rows import delete_missing, set_links, upsert


def read(entry: EntryFile, errors: list) -> Record:
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


def check_unique(records: dict[str, Record], errors: list) -> None:
    """A term's name and aliases are used by no other term (glossary links would be ambiguous)."""
    first_line: dict[str, Record] = {}
    for record in records.values():
        names = [(record.values["term"], ("term",))] + [
            (alias, ("aliases", i)) for i, alias in enumerate(record.values["aliases"])
        ]
        for name, key_path in names:
            seen = first_line.setdefault(rendering.normalise_name(name), record)
            if seen is not record:
                errors.append(
                    record.entry.error(f"glossary name '{name}' is also used by {seen.entry.path.name}", *key_path)
                )


def apply(content: ContentSet, loaded: dict, report: ImportReport) -> dict[str, GlossaryTerm]:
    refs = loaded["references"]
    terms = {}
    for slug, record in content["glossary"].items():
        terms[slug], changed = upsert(GlossaryTerm, {"slug": slug}, record.values, report, "glossary")
        report.touch("glossary", slug, changed)
    for slug, record in content["glossary"].items():
        related = set_links(terms[slug].related, [terms[s] for s, _ in record.links["related"]])
        cited = set_links(terms[slug].references, [refs[k] for k, _ in record.links["references"]])
        report.touch("glossary", slug, related or cited)
    delete_missing(GlossaryTerm, "slug", set(terms), report, "glossary")
    return terms


def entries(names: Names) -> dict[str, tuple[dict, Links]]:
    related = names.linked(GlossaryTerm, "related", names.glossary)
    references = names.linked(GlossaryTerm, "references", names.references)
    fields = ["term", "aliases", "plain_definition", "technical_definition", "explanation_md", "status"]
    return {
        term.slug: (values_of(term, fields), {"related": related(term), "references": references(term)})
        for term in GlossaryTerm.objects.order_by("slug")
    }


def write(values: dict, links: Links) -> str:
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


KIND = Kind(
    name="glossary",
    model=GlossaryTerm,
    name_field="slug",
    read=read,
    apply=apply,
    entries=entries,
    write=write,
    check_unique=check_unique,
)
