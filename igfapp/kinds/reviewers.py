"""Reviewers: content/reviewers/<slug>.md: a reviewer's public profile (name, qualification, role)
and, as the body, their conflict-of-interest statement. Only real people who agreed to review:
the folder may be empty (or absent), and then every page says that no clinician has reviewed it.
"""

from __future__ import annotations

from ..content_files import EntryFile, FrontMatter
from ..models import Reviewer
from .entries import Links, Names, canonical_body, values_of
from .records import ContentSet, Fields, ImportReport, Kind, Record
from .rows import delete_missing, upsert

FIELDS = ["name", "qualification", "role", "conflicts"]


def read(entry: EntryFile, errors: list) -> Record:
    f = Fields(entry, errors)
    f.check_known_keys({"name", "qualification", "role"})
    values = {
        "name": f.text("name", required=True, max_length=200),
        "qualification": f.text("qualification", required=True, max_length=200),
        "role": f.text("role", required=True, max_length=200),
        "conflicts": entry.body,
    }
    if not entry.body.strip():
        f.fail("a reviewer needs their conflict-of-interest statement in the body ('None declared.' if none)")
    return Record(entry, values)


def apply(content: ContentSet, loaded: dict, report: ImportReport) -> dict[str, Reviewer]:
    reviewers = {}
    for slug, record in content["reviewers"].items():
        reviewers[slug], changed = upsert(Reviewer, {"slug": slug}, record.values, report, "reviewers")
        report.touch("reviewers", slug, changed)
    # Reviews (loaded after) protect their reviewer: the reviews' own deletions run first there.
    return reviewers


def delete_unlisted(content: ContentSet, report: ImportReport) -> None:
    delete_missing(Reviewer, "slug", set(content["reviewers"]), report, "reviewers")


def entries(names: Names) -> dict[str, tuple[dict, Links]]:
    return {r.slug: (values_of(r, FIELDS), {}) for r in Reviewer.objects.order_by("slug")}


def write(values: dict, links: Links) -> str:
    front = (
        FrontMatter()
        .value("name", values["name"], quote=True)
        .value("qualification", values["qualification"], quote=True)
        .value("role", values["role"], quote=True)
    )
    return front.document(canonical_body(values["conflicts"]))


KIND = Kind(name="reviewers", model=Reviewer, name_field="slug", read=read, apply=apply, entries=entries, write=write)
