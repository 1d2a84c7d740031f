"""Evidence notes: content/evidence/<slug>.md: one claim of the document quoted verbatim, its
standing against the literature, the sections and factors it sits beside, its references, and the
editors' explanation as the body.
"""

from __future__ import annotations

from ..content_files import EntryFile, FrontMatter
from ..models import EvidenceNote
from .entries import Links, Names, canonical_body, values_of
from .records import ContentSet, Fields, ImportReport, Kind, Record
from .rows import delete_missing, set_links, upsert


def read(entry: EntryFile, errors: list) -> Record:
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


def apply(content: ContentSet, loaded: dict, report: ImportReport) -> dict[str, EvidenceNote]:
    sections, factors, refs = loaded["articles"], loaded["factors"], loaded["references"]
    notes = {}
    for slug, record in content["evidence"].items():
        notes[slug], changed = upsert(EvidenceNote, {"slug": slug}, record.values, report, "evidence")
        note = notes[slug]
        passages = set_links(note.sections, [sections[s] for s, _ in record.links["sections"]])
        about = set_links(note.factors, [factors[s] for s, _ in record.links["factors"]])
        cited = set_links(note.references, [refs[k] for k, _ in record.links["references"]])
        report.touch("evidence", slug, changed or passages or about or cited)
    delete_missing(EvidenceNote, "slug", set(content["evidence"]), report, "evidence")
    return notes


def entries(names: Names) -> dict[str, tuple[dict, Links]]:
    sections = names.linked(EvidenceNote, "sections", names.sections)
    factors = names.linked(EvidenceNote, "factors", names.factors)
    references = names.linked(EvidenceNote, "references", names.references)
    return {
        note.slug: (
            values_of(note, ["claim", "standing", "explanation_md"]),
            {"sections": sections(note), "factors": factors(note), "references": references(note)},
        )
        for note in EvidenceNote.objects.order_by("slug")
    }


def write(values: dict, links: Links) -> str:
    front = (
        FrontMatter()
        .value("claim", values["claim"], quote=True)
        .value("standing", values["standing"])
        .items("sections", links["sections"])
        .items("factors", links["factors"])
        .items("references", links["references"])
    )
    return front.document(canonical_body(values["explanation_md"]))


KIND = Kind(
    name="evidence", model=EvidenceNote, name_field="slug", read=read, apply=apply, entries=entries, write=write
)
