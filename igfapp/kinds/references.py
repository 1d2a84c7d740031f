"""References: content/references/<key>.md: the bibliographic fields (as the document prints them
for its own eight), their checked accuracy, the correction and see-also links, and the editors'
note as the body.
"""

from __future__ import annotations

from ..content_files import EntryFile, FrontMatter
from ..models import Reference
from .entries import Links, Names, canonical_body, values_of
from .records import ContentSet, Fields, ImportReport, Kind, Record
from .rows import delete_missing, set_links, upsert

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


def read(entry: EntryFile, errors: list) -> Record:
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


def apply(content: ContentSet, loaded: dict, report: ImportReport) -> dict[str, Reference]:
    refs = {}
    for key, record in content["references"].items():
        refs[key], changed = upsert(Reference, {"key": key}, record.values, report, "references")
        report.touch("references", key, changed)
    for key, record in content["references"].items():
        corrected = record.links["corrected_by"]
        target = refs[corrected[0][0]] if corrected else None
        if refs[key].corrected_by_id != (target.pk if target else None):
            refs[key].corrected_by = target
            refs[key].save(update_fields=["corrected_by"])
            report.touch("references", key)
        see_also = [refs[k] for k, _ in record.links["see_also"]]
        report.touch("references", key, set_links(refs[key].see_also, see_also))
    delete_missing(Reference, "key", set(refs), report, "references")
    return refs


def entries(names: Names) -> dict[str, tuple[dict, Links]]:
    see_also = names.linked(Reference, "see_also", names.references)
    fields = [*REFERENCE_FIELDS, "note_md"]
    entries = {}
    for ref in Reference.objects.order_by("key"):
        corrected = [names.references[ref.corrected_by_id]] if ref.corrected_by_id else []
        entries[ref.key] = (values_of(ref, fields), {"corrected_by": corrected, "see_also": see_also(ref)})
    return entries


def write(values: dict, links: Links) -> str:
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


KIND = Kind(name="references", model=Reference, name_field="key", read=read, apply=apply, entries=entries, write=write)
