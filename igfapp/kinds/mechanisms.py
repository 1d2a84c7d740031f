"""Mechanisms: content/mechanisms/<slug>.md: how the axis works at one place (its name, where on
the axis, its glossary terms and references), explained in the body.
"""

from __future__ import annotations

from ..content_files import EntryFile, FrontMatter
from ..models import Mechanism
from .entries import Links, Names, canonical_body, values_of
from .records import ContentSet, Fields, ImportReport, Kind, Record
from .rows import delete_missing, set_links, upsert


def read(entry: EntryFile, errors: list) -> Record:
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


def apply(content: ContentSet, loaded: dict, report: ImportReport) -> dict[str, Mechanism]:
    glossary, refs = loaded["glossary"], loaded["references"]
    mechanisms = {}
    for slug, record in content["mechanisms"].items():
        mechanisms[slug], changed = upsert(Mechanism, {"slug": slug}, record.values, report, "mechanisms")
        terms = set_links(mechanisms[slug].glossary_terms, [glossary[s] for s, _ in record.links["glossary"]])
        cited = set_links(mechanisms[slug].references, [refs[k] for k, _ in record.links["references"]])
        report.touch("mechanisms", slug, changed or terms or cited)
    delete_missing(Mechanism, "slug", set(mechanisms), report, "mechanisms")
    return mechanisms


def entries(names: Names) -> dict[str, tuple[dict, Links]]:
    glossary = names.linked(Mechanism, "glossary_terms", names.glossary)
    references = names.linked(Mechanism, "references", names.references)
    return {
        mechanism.slug: (
            values_of(mechanism, ["name", "location", "explanation_md"]),
            {"glossary": glossary(mechanism), "references": references(mechanism)},
        )
        for mechanism in Mechanism.objects.order_by("slug")
    }


def write(values: dict, links: Links) -> str:
    front = (
        FrontMatter()
        .value("name", values["name"], quote=True)
        .value("location", values["location"])
        .items("glossary", links["glossary"])
        .items("references", links["references"])
    )
    return front.document(canonical_body(values["explanation_md"]))


KIND = Kind(name="mechanisms", model=Mechanism, name_field="slug", read=read, apply=apply, entries=entries, write=write)
