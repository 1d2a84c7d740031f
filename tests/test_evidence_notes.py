"""Evidence notes: beside the sections that make the claim, labelled as editorial, cited author–year."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from igfapp.after_change import after_everything_changed
from igfapp.importing import ImportFailed, read_content
from igfapp.models import EvidenceNote, Reference, Section

from .conftest import write
from .reference_factories import write_cited_content

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class NotesBySection(HTMLParser):
    """For each <section id>, the evidence-note asides inside it; and the text of every id'd element."""

    def __init__(self):
        super().__init__()
        self.open: list[tuple[str, str | None, list[str]]] = []  # (tag, id, text) of open elements
        self.notes: dict[str | None, list[dict]] = {}
        self.ids: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "aside" and "evidence-note" in attrs.get("class", ""):
            section = next((i for t, i, _ in reversed(self.open) if t == "section" and i), None)
            self.notes.setdefault(section, []).append(attrs)
        if tag not in VOID:
            self.open.append((tag, attrs.get("id"), []))

    def handle_endtag(self, tag):
        if tag in VOID or all(t != tag for t, _, _ in self.open):
            return
        while True:  # an end tag also closes elements left open inside it (e.g. an unclosed <li>)
            open_tag, element_id, text = self.open.pop()
            if element_id:
                self.ids[element_id] = " ".join("".join(text).split())
            if open_tag == tag:
                return

    def handle_data(self, data):
        for _, element_id, text in self.open:
            if element_id:
                text.append(data)


def notes_by_section(html: str) -> NotesBySection:
    parser = NotesBySection()
    parser.feed(html)
    return parser


def accessible_name(parsed: NotesBySection, aside: dict) -> str:
    return " ".join(parsed.ids[i] for i in aside["aria-labelledby"].split())


def test_every_note_is_beside_each_section_that_makes_its_claim(client, real_site):
    notes = list(EvidenceNote.objects.prefetch_related("sections__article"))
    assert len(notes) == len(CHECKED) + len(THERAPY_NOTES)  # the check's claims table, then the therapies
    for note in notes:
        assert note.sections.exists(), f"{note.slug} is attached to no section"
        for section in note.sections.all():
            html = client.get(section.article.get_absolute_url()).content.decode()
            parsed = notes_by_section(html)
            asides = parsed.notes.get(section.anchor, [])
            names = [accessible_name(parsed, aside) for aside in asides]
            expected = f"Editors’ evidence note Evidence: {note.get_standing_display()}"
            assert expected in names, f"{note.slug} missing beside {section}"
            assert any(f"evidence-{section.anchor}-{note.slug}" in aside["aria-labelledby"] for aside in asides)


def test_note_aside_is_labelled_editorial_with_a_text_badge(client, cited_site):
    html = client.get("/learn/middle/").content.decode()
    parsed = notes_by_section(html)
    (aside,) = parsed.notes["food"]
    assert aside["role"] == "note"
    assert accessible_name(parsed, aside) == "Editors’ evidence note Evidence: Supported, with nuance"
    (sleep,) = parsed.notes["sleep"]
    assert accessible_name(parsed, sleep) == "Editors’ evidence note Evidence: Contested"
    assert "On the document’s claim:</span> The liver makes IGF-1" in html
    assert "introduction" not in parsed.notes  # not attached there in Middle


def test_note_citations_are_author_year_links_that_leave_the_article_numbering_alone(client, cited_site):
    note = EvidenceNote.objects.get(slug="liver-makes-igf-1")
    assert note.explanation_html == (
        '<p>Mostly true for the blood (<a class="cite cite--author-year" href="/references/#ref-smith-real"'
        ' data-ref="smith-real">Smith &amp; Sjögren 2001</a>). Other tissues make it too (<a class="cite '
        'cite--author-year" href="/references/#ref-smith-real" data-ref="smith-real">Smith &amp; Sjögren 2001</a>; '
        '<a class="cite cite--author-year" href="/references/#ref-sjogren-2002" data-ref="sjogren-2002">'
        "Sjögren 2002</a>).</p>"
    )
    html = client.get("/learn/middle/").content.decode()
    # The page's numbers and its reference list are the article's alone.
    assert re.findall(r'<li id="ref-([\w-]+)"', html) == ["smith", "jones"]
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_note_labels_follow_reference_edits_on_the_next_render(cited_site):
    Reference.objects.filter(key="sjogren-2002").update(authors=["Other, Q."])
    after_everything_changed()
    assert ">Other 2002</a>" in EvidenceNote.objects.get(slug="liver-makes-igf-1").explanation_html


def test_unknown_citation_in_a_note_is_an_error_with_file_and_line(content_dir):
    write_cited_content(content_dir)
    path = write(
        content_dir / "evidence" / "bad.md",
        "---\nclaim: x\nstanding: supported\n---\nFirst line.\nSecond cites [@nobody].\n",
    )
    with pytest.raises(ImportFailed) as failure:
        read_content(content_dir)
    assert f"{path}:6: unknown citation key '[@nobody]'" in str(failure.value)


def test_article_query_count_does_not_grow_with_notes(client, cited_site):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/learn/middle/")
        assert response.status_code == 200
        client.last_html = response.content.decode()
        return len(ctx)

    few = queries()
    sections = list(Section.objects.filter(article__slug="middle"))
    notes = EvidenceNote.objects.bulk_create(
        EvidenceNote(
            slug=f"note-{i}", claim=f"Claim {i}", standing="supported", explanation_md="x", explanation_html="<p>x</p>"
        )
        for i in range(10)
    )
    for note in notes:
        note.sections.set(sections)
    assert queries() == few
    assert client.last_html.count('role="note"') == 2 + 10 * len(sections)


# --- The real notes against the reference check -----------------------------------------------

CHECKED = {  # the standings given in shared/source/references-checked.md, second table
    "igf-1-made-mainly-in-liver": "supported-with-nuance",
    "largest-gh-pulses-in-deep-sleep": "supported-with-nuance",
    "caloric-restriction-depresses-igf-1": "contested",
    "resistance-training-raises-basal-igf-1": "contested",
    "mgf-local-igf-1-variant": "supported-with-nuance",
    # The check says "supported"; the note's own text finds the document's grouping loose (issue 12).
    "peptide-therapies-classification": "supported-with-nuance",
    "igf-1-negative-feedback": "supported",
}
THERAPY_NOTES = {  # the check's third table: the therapies the Academic tier names
    "sermorelin-status": "supported-with-nuance",
    "ipamorelin-cjc-1295-status": "supported-with-nuance",
    # Issue 23: the claim is quoted as far as the check covers it (a GH secretagogue that releases GH).
    "hexarelin-status": "supported",
    "tesamorelin-status": "supported-with-nuance",
    "peptide-therapy-benefit-claims": "promotional",
    # Issue 23: the document's "avoids exogenous GH administration" sentence; no evidence it is safer.
    "peptides-avoid-exogenous-gh": "promotional",
    "testosterone-therapy-men": "supported-with-nuance",
    "testosterone-therapy-women": "unsupported",
}


def test_real_notes_match_the_check_and_are_two_to_four_sentences():
    content = read_content(Path(settings.CONTENT_DIR))
    notes = content["evidence"]
    assert {slug: record.values["standing"] for slug, record in notes.items()} == CHECKED | THERAPY_NOTES
    for slug, record in notes.items():
        if slug in THERAPY_NOTES:
            continue  # approval, safety and sport in short paragraphs: tests/test_trust.py
        text = re.sub(r"\[@[^\]]+\]", "", record.values["explanation_md"])
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]
        assert 2 <= len(sentences) <= 4, f"{slug}: {len(sentences)} sentences"
        assert record.links["references"], f"{slug} cites nothing"
