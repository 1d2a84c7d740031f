""" "In plain words": the editors' short summary beside a section, read from and written to the
article's front matter (`plain_words:`), and rendered once at import/save time.

A summary is 2-4 points of inline markdown, stored on its section as a markdown bulleted list
(`Section.plain_words_md`, one "- point" per line), with the evidence notes it follows and the
fingerprint of the section text it was last checked against (`written_for`). Fundamentals and
Intermediate have one beside every section but the Reflection; the editorial checks warn when a
summary reads above its tier's grade or its section changed since (see editorial/checks.py).
"""

from __future__ import annotations

import hashlib
import html
import re
from functools import partial

from django.urls import reverse

from .content_files import ContentError, EntryFile, FrontMatter, SectionSource, format_scalar
from .models import Topic

MIN_POINTS, MAX_POINTS = 2, 4
FINGERPRINT_RE = re.compile(r"^[0-9a-f]{12}$")
POINT_RE = re.compile(r"^- +(?P<text>\S.*)$")
FIELDS = ("section", "points", "evidence", "written_for")
# Flesch-Kincaid grade a summary may read at, by tier order (1 = Fundamentals); none for Academic.
GRADE_FOR_TIER = {1: 7.0, 2: 9.0}


def fingerprint(body_md: str) -> str:
    """The section text a summary was written for: the first 12 hex digits of its body's sha256."""
    return hashlib.sha256(body_md.encode("utf-8")).hexdigest()[:12]


def as_markdown(points: list[str]) -> str:
    return "\n".join(f"- {point}" for point in points)


def points_of(markdown_text: str) -> list[str]:
    """The points of a stored summary (its "- " lines), in order."""
    return [m.group("text").strip() for line in markdown_text.splitlines() if (m := POINT_RE.match(line.strip()))]


def problems(markdown_text: str) -> list[str]:
    """What is wrong with a summary as an editor typed it (the admin's form says so); [] if fine."""
    lines = [line.strip() for line in markdown_text.splitlines() if line.strip()]
    if not lines:
        return []
    found = []
    if any(not POINT_RE.match(line) for line in lines):
        found.append("write each point on its own line, starting with '- '")
    if not MIN_POINTS <= len(lines) <= MAX_POINTS:
        found.append(f"a summary has {MIN_POINTS} to {MAX_POINTS} points (this one has {len(lines)})")
    return found


# --- Reading (import_content) -------------------------------------------------------------------


def read_plain_words(entry: EntryFile, by_anchor: dict[str, SectionSource], errors: list) -> None:
    """The front matter's `plain_words` list onto its sections (evidence slugs are checked later,
    by `validate`, once every evidence note has been read)."""
    raw = entry.front.get("plain_words", []) or []
    if not isinstance(raw, list):
        errors.append(
            entry.error("'plain_words' must be a list of {section, points, evidence, written_for}", "plain_words")
        )
        return
    for i, item in enumerate(raw):
        line = entry.line_of("plain_words", i)
        fail = partial(_fail, entry, i, errors)
        if not isinstance(item, dict) or not isinstance(item.get("section"), str):
            fail("each plain-words summary needs 'section: <anchor>'")
            continue
        if unknown := set(item) - set(FIELDS):
            fail(f"unknown plain-words field(s): {', '.join(sorted(unknown))}")
        anchor = item["section"]
        section = by_anchor.get(anchor)
        if section is None:
            fail(f"plain words for unknown section '#{anchor}'")
            continue
        if section.topic == Topic.REFLECTION:
            fail(f"section '#{anchor}' is the Reflection: it gets no plain-words summary")
            continue
        if section.plain_words_line:
            fail(f"section '#{anchor}' has plain words already (line {section.plain_words_line})")
            continue
        points = item.get("points")
        if not isinstance(points, list) or not all(isinstance(p, str) and p.strip() for p in points):
            fail("'points' must be a list of short texts", "points")
            continue
        if not MIN_POINTS <= len(points) <= MAX_POINTS:
            fail(f"a summary has {MIN_POINTS} to {MAX_POINTS} points (this one has {len(points)})", "points")
            continue
        if any("\n" in p for p in points):
            fail("each point is one line of text", "points")
            continue
        evidence = item.get("evidence", []) or []
        if not isinstance(evidence, list) or not all(isinstance(slug, str) for slug in evidence):
            fail("'evidence' must be a list of evidence-note slugs", "evidence")
            continue
        written_for = item.get("written_for")
        if written_for is not None and not (isinstance(written_for, str) and FINGERPRINT_RE.match(written_for)):
            fail("'written_for' must be 12 lower-case hexadecimal digits (in quotes if all digits)", "written_for")
            continue
        section.plain_words = [p.strip() for p in points]
        section.plain_words_lines = [entry.line_of("plain_words", i, "points", n) for n in range(len(points))]
        section.plain_evidence = [
            (slug, entry.line_of("plain_words", i, "evidence", n)) for n, slug in enumerate(evidence)
        ]
        # A summary new in the files counts as written for the section as it is now.
        section.written_for = written_for or fingerprint(section.body)
        section.plain_words_line = line


def _fail(entry: EntryFile, i: int, errors: list, message: str, *key) -> None:
    """An error at the line of summary `i` (or of its `key` inside it)."""
    errors.append(ContentError(entry.path, entry.line_of("plain_words", i, *key), message))


def validate(content, errors: list) -> None:
    """Each summary's evidence slugs name evidence notes, each once."""
    notes = set(content["evidence"])
    for record in content["articles"].values():
        for section in record.values["sections"]:
            seen = set()
            for slug, line in section.plain_evidence:
                if slug not in notes:
                    errors.append(
                        ContentError(record.entry.path, line, f"unknown evidence note '{slug}' in 'evidence'")
                    )
                elif slug in seen:
                    errors.append(ContentError(record.entry.path, line, f"'{slug}' is listed twice in 'evidence'"))
                seen.add(slug)


def markdown_texts(sections: list[SectionSource]) -> list[tuple[str, int]]:
    """Each point with its file line, for the importer's citation and sanitising checks."""
    return [(point, line) for s in sections for point, line in zip(s.plain_words, s.plain_words_lines, strict=True)]


def section_values(section: SectionSource) -> dict:
    """The Section fields a file's summary sets."""
    return {
        "plain_words_md": as_markdown(section.plain_words),
        "plain_words_evidence": [slug for slug, _ in section.plain_evidence],
        "plain_words_written_for": section.written_for if section.plain_words else "",
    }


def source_values(section) -> dict:
    """A Section row's summary as SectionSource keyword arguments (export_content)."""
    points = points_of(section.plain_words_md)
    return {
        "plain_words": points,
        "plain_evidence": [(slug, 0) for slug in section.plain_words_evidence],
        "written_for": (section.plain_words_written_for or fingerprint(section.body_md)) if points else "",
    }


def comparable(section: SectionSource) -> tuple:
    """A summary as the files carry it, to check that an export reads back the same."""
    return (section.plain_words, [slug for slug, _ in section.plain_evidence], section.written_for)


# --- Writing (export_content) -------------------------------------------------------------------


def write_plain_words(front: FrontMatter, sections: list[SectionSource]) -> None:
    """The `plain_words` block, in section order (left out when no section has a summary)."""
    summarised = [s for s in sections if s.plain_words]
    if not summarised:
        return
    front.lines.append("plain_words:")
    for section in summarised:
        front.lines.append(f"  - section: {format_scalar(section.anchor)}")
        front.lines.append("    points:")
        front.lines.extend(f"      - {format_scalar(point, quote=True)}" for point in section.plain_words)
        if section.plain_evidence:
            front.lines.append("    evidence:")
            front.lines.extend(f"      - {format_scalar(slug)}" for slug, _ in section.plain_evidence)
        front.lines.append(f"    written_for: {format_scalar(section.written_for)}")


# --- Rendering (html_fields.render_article) -------------------------------------------------------------------


def evidence_links_html(section, notes: dict[str, tuple[str, set[int]]]) -> str:
    """ "What the evidence says" links to the notes a summary follows: in the page where the note sits
    beside this section, else on Sources & evidence. `notes`: slug -> (claim, ids of its sections)."""
    links = []
    for slug in section.plain_words_evidence:
        if slug not in notes:
            continue  # deleted since: the editorial checks say so
        claim, section_ids = notes[slug]
        if section.pk in section_ids:
            href = f"#evidence-{section.anchor}-{slug}-label"
        else:
            href = f"{reverse('sources')}#note-{slug}"
        links.append(f'<a href="{html.escape(href)}">{html.escape(claim, quote=False)}</a>')
    if not links:
        return ""
    return (
        '<p class="plain-words__evidence">What the evidence says: see our evidence note on ' + "; ".join(links) + "</p>"
    )


def render_plain_words(section, render, notes) -> str:
    """The stored HTML of a section's summary: its points (glossary terms linked), then its evidence links."""
    if not section.plain_words_md.strip():
        return ""
    return render(section.plain_words_md) + evidence_links_html(section, notes)
