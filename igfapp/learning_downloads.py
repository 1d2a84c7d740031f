"""The questions and the glossary to take elsewhere: CSV rows and an Anki deck (.apkg, by genanki).

The views (igfapp/views/review.py) take part in the page cache like every page: the files are built
once per content revision and per process, rebuilt after any change (caching.py). The deck is
made reproducible: its notes' ids and times come from the content revision's time and its guids
from the slugs, so Anki updates the notes of an older download instead of adding copies, and the
same content gives the same bytes on every server.
"""

from __future__ import annotations

import io
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from itertools import count

import genanki
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join, strip_tags
from django.utils.safestring import mark_safe

from .models import Article, GlossaryTerm, Section
from .page_questions import questions_of

NOTICE = (
    "Questions, choices and explanations are the editors' own (not the source document's), written to "
    "check understanding of the passage each links to. Educational, not medical advice."
)
QUESTION_COLUMNS = ["slug", "tier", "section", "passage_url", "kind", "question", "choices", "answer", "explanations"]
GLOSSARY_COLUMNS = ["slug", "term", "definition", "url"]
# Fixed ids: Anki recognises the note types and decks of an earlier download by them.
QUESTION_MODEL_ID = 1_734_025_001
TERM_MODEL_ID = 1_734_025_002
DECK_ID = 1_734_025_010
DECK_NAME = "The GH/IGF-1 axis"
CARD_CSS = ".card{font-family:system-ui,sans-serif;font-size:1.1em;line-height:1.45;max-width:40em;margin:auto}"


def plain(html: str) -> str:
    """Rendered inline HTML as text, for a CSV cell."""
    return unescape(strip_tags(html)).strip()


@dataclass(frozen=True)
class QuestionRecord:
    slug: str
    tier: str
    section: str
    passage_url: str
    kind: str
    question_html: str
    choices: list[tuple[str, bool, str]]  # (choice HTML, right?, explanation HTML)

    @property
    def answer_html(self) -> str:
        return next((text for text, right, _ in self.choices if right), "")

    def csv_row(self) -> list[str]:
        letters = [chr(ord("A") + i) for i in range(len(self.choices))]
        return [
            self.slug,
            self.tier,
            self.section,
            self.passage_url,
            self.kind,
            plain(self.question_html),
            "\n".join(f"{letter}. {plain(text)}" for letter, (text, _, _) in zip(letters, self.choices, strict=True)),
            plain(self.answer_html),
            "\n".join(
                f"{letter}. {'Right' if right else 'Wrong'}: {plain(why)}"
                for letter, (_, right, why) in zip(letters, self.choices, strict=True)
            ),
        ]


def question_records(absolute: Callable[[str], str]) -> list[QuestionRecord]:
    """Every published question of every published tier, in reading order (four queries)."""
    sections = {
        section.pk: section
        for section in Section.objects.filter(article__in=Article.objects.published())
        .select_related("article")
        .only("pk", "order", "heading", "anchor", "article__slug", "article__title", "article__order")
    }
    found = [q for q in questions_of(list(sections)) if q.section_id in sections]
    found.sort(key=lambda q: (sections[q.section_id].article.order, sections[q.section_id].order, q.order, q.slug))
    return [
        QuestionRecord(
            slug=question.slug,
            tier=sections[question.section_id].article.title,
            section=sections[question.section_id].heading,
            passage_url=absolute(sections[question.section_id].get_absolute_url()),
            kind=question.get_kind_display(),
            question_html=question.text_html,
            choices=[(c.text_html, c.correct, c.explanation_html) for c in question.choices.all()],
        )
        for question in found
    ]


def glossary_records(absolute: Callable[[str], str]) -> list[list[str]]:
    """Every published term: slug, term, plain definition, its page (one query)."""
    terms = GlossaryTerm.objects.published().only("slug", "term", "plain_definition").order_by("term", "slug")
    return [[term.slug, term.term, term.plain_definition, absolute(term.get_absolute_url())] for term in terms]


def glossary_json_ld(terms, *, absolute) -> dict:
    """The glossary as a schema.org DefinedTermSet: each term with its plain definition."""
    url = absolute(reverse("glossary"))
    return {
        "@context": "https://schema.org",
        "@type": "DefinedTermSet",
        "@id": url,
        "name": "Glossary of the GH/IGF-1 axis",
        "inLanguage": "en-GB",
        "hasDefinedTerm": [
            {
                "@type": "DefinedTerm",
                "name": term.term,
                "description": term.plain_definition,
                "url": absolute(term.get_absolute_url()),
                "inDefinedTermSet": url,
            }
            for term in terms
        ],
    }


# --- The Anki deck ----------------------------------------------------------------------------

QUESTION_MODEL = genanki.Model(
    QUESTION_MODEL_ID,
    "GH/IGF-1 axis question",
    fields=[
        {"name": "Slug"},
        {"name": "Question"},
        {"name": "Choices"},
        {"name": "Answer"},
        {"name": "Explanations"},
        {"name": "Passage"},
    ],
    templates=[
        {
            "name": "Question",
            "qfmt": "<p>{{Question}}</p>{{Choices}}",
            "afmt": "{{FrontSide}}<hr id=answer><p><strong>{{Answer}}</strong></p>{{Explanations}}<p>{{Passage}}</p>",
        }
    ],
    css=CARD_CSS,
    sort_field_index=1,
)
TERM_MODEL = genanki.Model(
    TERM_MODEL_ID,
    "GH/IGF-1 axis term",
    fields=[{"name": "Slug"}, {"name": "Term"}, {"name": "Definition"}, {"name": "Link"}],
    templates=[
        {"name": "Term", "qfmt": "{{Term}}", "afmt": "{{FrontSide}}<hr id=answer>{{Definition}}<p>{{Link}}</p>"}
    ],
    css=CARD_CSS,
    sort_field_index=1,
)


def _link(url: str, text: str) -> str:
    return format_html('<a href="{}">{}</a>', url, text)


def question_note(record: QuestionRecord) -> genanki.Note:
    choices = format_html(
        "<ol type=A>{}</ol>", format_html_join("", "<li>{}</li>", ((mark_safe(t),) for t, _, _ in record.choices))
    )
    explanations = format_html(
        "<ol type=A>{}</ol>",
        format_html_join(
            "",
            "<li><strong>{}</strong> {}</li>",
            (("Right." if r else "Wrong.", mark_safe(w)) for _, r, w in record.choices),
        ),
    )
    return genanki.Note(
        model=QUESTION_MODEL,
        fields=[
            record.slug,
            record.question_html,
            str(choices),
            record.answer_html,
            str(explanations),
            str(_link(record.passage_url, f"Read the passage: {record.section} ({record.tier})")),
        ],
        guid=genanki.guid_for("igf-question", record.slug),
        tags=["igf-axis", "question", record.tier.lower()],
    )


def term_note(row: list[str]) -> genanki.Note:
    slug, term, definition, url = row
    return genanki.Note(
        model=TERM_MODEL,
        fields=[slug, escape(term), escape(definition), str(_link(url, "On the site's glossary"))],
        guid=genanki.guid_for("igf-term", slug),
        tags=["igf-axis", "glossary"],
    )


def anki_package(questions: list[QuestionRecord], terms: list[list[str]], *, timestamp: float) -> bytes:
    """One deck: a note per question and per term. The bytes depend only on the notes and `timestamp`."""
    deck = genanki.Deck(DECK_ID, DECK_NAME, description=NOTICE)
    for record in questions:
        deck.add_note(question_note(record))
    for row in terms:
        deck.add_note(term_note(row))
    handle, path = tempfile.mkstemp(suffix=".anki2")
    os.close(handle)
    try:
        connection = sqlite3.connect(path)
        genanki.Package(deck).write_to_db(connection.cursor(), timestamp, count(int(timestamp * 1000)))
        connection.commit()
        connection.close()
        with open(path, "rb") as collection:
            database = collection.read()
    finally:
        os.unlink(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(zipfile.ZipInfo("collection.anki2", date_time=(2020, 1, 1, 0, 0, 0)), database)
        package.writestr(zipfile.ZipInfo("media", date_time=(2020, 1, 1, 0, 0, 0)), "{}")
    return buffer.getvalue()
