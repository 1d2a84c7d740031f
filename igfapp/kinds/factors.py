"""Lifestyle factors: content/factors/<slug>.md: one row of the factor table (the document's three
columns for its own rows, the editors' direction and summary), the mechanisms it acts through (each
with a note), the passages that discuss it, references, status, and the editors' detail as the body.
"""

from __future__ import annotations

from collections import defaultdict

from ..content_files import EntryFile, FrontMatter
from ..models import FactorMechanism, LifestyleFactor, Status
from .entries import Links, Names, canonical_body, values_of
from .records import ContentSet, Fields, ImportReport, Kind, Record, listed_mappings
from .rows import delete_missing, set_links, upsert


def read(entry: EntryFile, errors: list) -> Record:
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
    items = listed_mappings(entry, "mechanisms", ("mechanism", "note"), "mechanism", "slug", errors)
    return [(item["mechanism"], line, str(item.get("note") or "")) for item, line in items]


def apply(content: ContentSet, loaded: dict, report: ImportReport) -> dict[str, LifestyleFactor]:
    mechanisms, sections, refs = loaded["mechanisms"], loaded["articles"], loaded["references"]
    factors = {}
    for slug, record in content["factors"].items():
        values = {k: v for k, v in record.values.items() if k != "mechanism_links"}
        factor, changed = upsert(LifestyleFactor, {"slug": slug}, values, report, "factors")
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
        passages = set_links(factor.passages, [sections[s] for s, _ in record.links["passages"]])
        cited = set_links(factor.references, [refs[k] for k, _ in record.links["references"]])
        report.touch("factors", slug, passages or cited)
    delete_missing(LifestyleFactor, "slug", set(factors), report, "factors")
    return factors


def entries(names: Names) -> dict[str, tuple[dict, Links]]:
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
            {**values_of(factor, fields), "mechanism_links": mechanism_links[factor.pk]},
            {"passages": passages(factor), "references": references(factor)},
        )
        for factor in LifestyleFactor.objects.order_by("order", "slug")
    }


def write(values: dict, links: Links) -> str:
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


KIND = Kind(
    name="factors",
    model=LifestyleFactor,
    name_field="slug",
    read=read,
    apply=apply,
    entries=entries,
    write=write,
    parts=(FactorMechanism,),
)
