"""Site pages: content/pages/<slug>.md: a page about the site itself (its title, a one-sentence
summary), written in the body, served at /about/<slug>/ (e.g. the editorial standards).
"""

from __future__ import annotations

from ..content_files import EntryFile, FrontMatter
from ..models import SitePage
from .entries import Links, Names, canonical_body, values_of
from .records import ContentSet, Fields, ImportReport, Kind, Record
from .rows import delete_missing, upsert


def read(entry: EntryFile, errors: list) -> Record:
    f = Fields(entry, errors)
    f.check_known_keys({"title", "summary"})
    values = {
        "title": f.text("title", required=True, max_length=200),
        "summary": f.text("summary", required=True, max_length=300),
        "body_md": entry.body,
    }
    if not entry.body.strip():
        f.fail("a site page needs its text in the body")
    return Record(entry, values, {})


def apply(content: ContentSet, loaded: dict, report: ImportReport) -> dict[str, SitePage]:
    pages = {}
    for slug, record in content["pages"].items():
        pages[slug], changed = upsert(SitePage, {"slug": slug}, record.values, report, "pages")
        report.touch("pages", slug, changed)
    delete_missing(SitePage, "slug", set(pages), report, "pages")
    return pages


def entries(names: Names) -> dict[str, tuple[dict, Links]]:
    return {
        page.slug: (values_of(page, ["title", "summary", "body_md"]), {}) for page in SitePage.objects.order_by("slug")
    }


def write(values: dict, links: Links) -> str:
    front = FrontMatter().value("title", values["title"], quote=True).value("summary", values["summary"], quote=True)
    return front.document(canonical_body(values["body_md"]))


KIND = Kind(name="pages", model=SitePage, name_field="slug", read=read, apply=apply, entries=entries, write=write)
