"""Articles: content/articles/<slug>.md, one tier each: front matter (title, summary, order, status,
review fields, the editors' cautions and plain words per section) and the document's text as
`## Heading {#anchor topic=key}` sections. Loading it also loads its sections; later kinds link to
those (by article/anchor), so `apply` returns the sections.
"""

from __future__ import annotations

from collections import defaultdict

from .. import plain_words
from ..content_files import ContentError, EntryFile, FrontMatter, SectionSource, split_sections
from ..models import Article, Section, Status, Topic
from .entries import Links, Names, values_of
from .records import ContentSet, Fields, ImportReport, Kind, Record, listed_mappings
from .rows import delete_as_read, delete_missing, upsert

# --- Reading ---------------------------------------------------------------------------------------


# A tier's review used to be four fields of its file; a review is now a record of its own, with a
# reviewer (content/reviews/, igfapp/kinds/reviews.py). A file that still has one is told where it went.
FORMER_REVIEW_KEYS = ("last_reviewed", "reviewed_by", "next_review_due", "review_note")


def read(entry: EntryFile, errors: list) -> Record:
    f = Fields(entry, errors)
    for key in FORMER_REVIEW_KEYS:
        if key in entry.front:
            f.fail(f"'{key}' is no longer read: record the review in content/reviews/ (see content/README.md)", key)
    f.check_known_keys({"title", "summary", "order", "status", "cautions", "plain_words", *FORMER_REVIEW_KEYS})
    values = {
        "title": f.text("title", required=True, max_length=120),
        "summary": f.text("summary", required=True),
        "order": f.integer("order", required=True),
        "status": f.choice("status", Status, default=Status.PUBLISHED),
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
    for item, line in listed_mappings(entry, "cautions", ("section", "text"), "caution", "anchor", errors):
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


def check_unique(records: dict[str, Record], errors: list) -> None:
    """Each article's order and title are its own."""
    first_line: dict[tuple, Record] = {}
    for record in records.values():
        for field_name in ("order", "title"):
            value = record.values[field_name]
            seen = first_line.setdefault((field_name, value), record)
            if seen is not record:
                errors.append(
                    record.entry.error(
                        f"duplicate article {field_name} '{value}' (also in {seen.entry.path.name})", field_name
                    )
                )


def bodies(record: Record) -> list[tuple[str, int]]:
    """Each section's body, plain words and caution, with the file line each starts on (a caution
    is one quoted YAML line, so what is wrong in it is reported at that line)."""
    texts = [(section.body, section.body_line) for section in record.values["sections"]]
    texts += plain_words.markdown_texts(record.values["sections"])
    return texts + [(s.caution, s.caution_line) for s in record.values["sections"] if s.caution]


# --- Loading ---------------------------------------------------------------------------------------


def apply(content: ContentSet, loaded: dict, report: ImportReport) -> dict[str, Section]:
    """The articles and their sections; returns the sections by article/anchor (what later kinds link to)."""
    sections: dict[str, Section] = {}
    for slug, record in content["articles"].items():
        values = {k: v for k, v in record.values.items() if k != "sections"}
        article, changed = upsert(Article, {"slug": slug}, values, report, "articles")
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
            section, changed = upsert(
                Section, {"article": article, "anchor": source.anchor}, section_values, report, "sections"
            )
            report.touch("articles", slug, changed)
            sections[f"{slug}/{source.anchor}"] = section
            anchors.add(source.anchor)
        stale = article.sections.exclude(anchor__in=anchors)
        for _ in range(stale.count()):
            report.count("sections", "deleted")
            report.touch("articles", slug)
        delete_as_read(stale, "sections", lambda section, slug=slug: f"{slug}/{section.anchor}")
    delete_missing(Article, "slug", set(content["articles"]), report, "articles")
    return sections


# --- Writing ---------------------------------------------------------------------------------------


def entries(names: Names) -> dict[str, tuple[dict, Links]]:
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
    fields = ["title", "summary", "order", "status"]
    return {
        article.slug: ({**values_of(article, fields), "sections": sections_by_article[article.pk]}, {})
        for article in Article.objects.order_by("order", "slug")
    }


def section_text(section: SectionSource) -> str:
    heading = f"## {section.heading} {{#{section.anchor} topic={section.topic}}}"
    body = section.body.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    return f"{heading}\n{body}" if body else heading


def write(values: dict, links: Links) -> str:
    front = (
        FrontMatter()
        .value("title", values["title"])
        .value("summary", values["summary"], quote=True)
        .value("order", values["order"])
        .value("status", values["status"])
    )
    cautions = [{"section": s.anchor, "text": s.caution} for s in values["sections"] if s.caution]
    if cautions:
        front.mappings("cautions", cautions, quoted=frozenset({"text"}))
    plain_words.write_plain_words(front, values["sections"])
    body = "\n\n".join(section_text(section) for section in values["sections"])
    return front.document(body, blank_line=True)


KIND = Kind(
    name="articles",
    model=Article,
    name_field="slug",
    read=read,
    apply=apply,
    entries=entries,
    write=write,
    bodies=bodies,
    check_unique=check_unique,
    parts=(Section,),
)
