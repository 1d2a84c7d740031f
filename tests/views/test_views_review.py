"""The review page and the learning downloads (issue 25), on the real content: what /review/ holds for
the browser's schedule and for practice without JavaScript, its answers and its 404s, a fixed
number of queries; the questions and glossary as CSV (round-tripped through the csv module) and as
an Anki deck (its SQLite collection opened); the schema.org data (Quiz, Question, Answer,
DefinedTermSet, educationalLevel and teaches). Database only: these run on PostgreSQL too."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from igfapp.caching import page_store
from igfapp.learning_downloads import QUESTION_COLUMNS, plain
from igfapp.models import Article, Choice, GlossaryTerm, Question, Section
from tests.learning_helpers import choice_number, htmx_headers

LD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def ld_blocks(html: str) -> list:
    return [json.loads(block) for block in LD_RE.findall(html)]


def practice(tier: str) -> list[Question]:
    """The first question of each section of the tier, in page order (what the page promises)."""
    firsts = []
    for section in Section.objects.filter(article__slug=tier).order_by("order"):
        first = Question.objects.published().filter(section=section).order_by("order", "slug").first()
        if first is not None:
            firsts.append(first)
    return firsts


def test_review_page_holds_every_question_for_the_schedule_and_a_practice_set(client, real_site):
    html = client.get("/review/").content.decode()
    template = html.split('<template id="review-questions">')[1].split("</template>")[0]
    published = Question.objects.published()
    assert sorted(re.findall(r'data-review-question="([^"]+)"', template)) == sorted(q.slug for q in published)
    outside = html.replace(template, "")
    shown = re.findall(r'<div class="question" id="question-([^"]+)"', outside)
    expected = [q.slug for tier in ("fundamentals", "intermediate", "academic") for q in practice(tier)]
    assert shown == expected and len(shown) >= 3
    assert "Scheduling your reviews needs JavaScript" in html

    # What the script shows beside a confidently wrong answer: the note's standing, the caution.
    noted = published.filter(evidence__isnull=False).exclude(section__caution_md="").first()
    assert noted is not None, "the content should have a noted question in a section with a caution"
    block = template.split(f'data-review-question="{noted.slug}"')[1].split("data-review-question=")[0]
    assert f"Evidence: {noted.evidence.get_standing_display()}" in block
    assert "Editors’ caution" in block and noted.section.caution_html[:40] in block

    # Chosen tier: only its questions, in the schedule's template and the practice set.
    academic = client.get("/review/?tier=academic").content.decode()
    slugs = set(re.findall(r'data-review-question="([^"]+)"', academic))
    assert slugs == {q.slug for q in published.filter(section__article__slug="academic")}
    assert 'aria-current="page">Academic</a>' in academic


def test_review_page_answers_like_an_article_and_refuses_anything_else(client, real_site):
    question = practice("intermediate")[0]
    wrong = choice_number(question, right=False)
    page = client.get(f"/review/?tier=intermediate&question={question.slug}&answer={wrong}")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-answered="wrong"' in text
    assert f'href="{question.section.get_absolute_url()}" data-passage-link' in text
    # The right answer is shown on this URL: only here does the Quiz give its acceptedAnswer.
    (quiz,) = ld_blocks(text)
    parts = {part["url"].rsplit("#question-", 1)[1]: part for q in quiz for part in q["hasPart"]}
    right = question.choices.get(correct=True)
    assert parts[question.slug]["acceptedAnswer"]["text"] == plain(right.text_html)
    assert all("acceptedAnswer" not in part for slug, part in parts.items() if slug != question.slug)

    fragment = client.get(
        f"/review/?tier=intermediate&question={question.slug}&answer={wrong}", headers=htmx_headers(question)
    )
    assert fragment.content.decode().lstrip().startswith('<div class="question__outcome')

    practised = [q.pk for tier in ("fundamentals", "intermediate", "academic") for q in practice(tier)]
    other = Question.objects.published().exclude(pk__in=practised).first()
    for query in (
        "tier=nope",
        "tier=",
        "tier=academic&tier=fundamentals",
        "tier=%00",
        "page=2",
        f"question={question.slug}&answer=99",
        f"question={question.slug}&answer=x",
        f"question={other.slug}&answer=1",  # not a practice question of this page
        f"tier=academic&question={question.slug}&answer=1",  # not of this tier
    ):
        assert client.get(f"/review/?{query}").status_code == 404, query


def test_review_page_reads_a_fixed_number_of_queries(client, real_site):
    counts = []
    for url in ("/review/", "/review/?tier=fundamentals", "/review/?tier=academic"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert len(set(counts)) == 1 and counts[0] <= 10, counts


def test_questions_and_glossary_as_csv_round_trip(client, real_site):
    response = client.get("/review/questions.csv")
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == QUESTION_COLUMNS
    published = {q.slug: q for q in Question.objects.published().select_related("section__article")}
    assert sorted(row[0] for row in rows[1:]) == sorted(published)
    for row in rows[1:]:
        record = dict(zip(QUESTION_COLUMNS, row, strict=True))
        question = published[record["slug"]]
        choices = list(question.choices.order_by("order", "pk"))
        assert record["passage_url"] == "http://testserver" + question.section.get_absolute_url()
        assert record["answer"] == plain(next(c for c in choices if c.correct).text_html)
        assert len(record["explanations"].split("\n")) == len(choices)
        for choice in choices:
            assert plain(choice.explanation_html) in record["explanations"]
    again = io.StringIO()
    csv.writer(again, lineterminator="\r\n").writerows(rows)
    assert again.getvalue() == text[1:]  # the file is exactly what the csv module reads back

    glossary = client.get("/review/glossary.csv").content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(glossary[1:])))
    terms = {t.slug: t for t in GlossaryTerm.objects.published()}
    assert rows[0] == ["slug", "term", "definition", "url"] and len(rows) - 1 == len(terms)
    assert all(terms[slug].plain_definition == definition for slug, _, definition, _ in rows[1:])


def open_deck(body: bytes, tmp_path) -> sqlite3.Connection:
    with zipfile.ZipFile(io.BytesIO(body)) as package:
        assert package.testzip() is None
        assert set(package.namelist()) == {"collection.anki2", "media"}
        (tmp_path / "collection.anki2").write_bytes(package.read("collection.anki2"))
    return sqlite3.connect(tmp_path / "collection.anki2")


def test_anki_deck_has_a_note_per_question_and_term_and_follows_changes(client, real_site, tmp_path):
    first = client.get("/review/igf1-axis.apkg")
    assert first.status_code == 200 and first["Content-Disposition"].endswith('.apkg"')
    deck = open_deck(first.content, tmp_path)
    collection = deck.execute("select models, decks from col").fetchone()
    models = {m["name"]: m for m in json.loads(collection[0]).values()}
    assert {"GH/IGF-1 axis question", "GH/IGF-1 axis term"} <= set(models)
    assert "The GH/IGF-1 axis" in {d["name"] for d in json.loads(collection[1]).values()}
    notes = {row[0].split("\x1f")[0]: row[0].split("\x1f") for row in deck.execute("select flds from notes")}
    deck.close()
    questions = Question.objects.published()
    terms = GlossaryTerm.objects.published()
    assert len(notes) == questions.count() + terms.count()
    for question in questions:
        fields = notes[question.slug]
        for choice in question.choices.all():
            assert choice.explanation_html in fields[4]
        assert question.section.get_absolute_url() in fields[5]
    term = terms.first()
    assert notes[term.slug][2] == term.plain_definition or term.plain_definition in notes[term.slug][2]

    # Cached like a page, and the same bytes when built again for the same content.
    assert client.get("/review/igf1-axis.apkg").content == first.content
    page_store.clear()
    assert client.get("/review/igf1-axis.apkg").content == first.content

    # Rebuilt when the content changes.
    choice = Choice.objects.filter(question__in=questions).first()
    choice.explanation_html = "A new explanation, edited."
    choice.save()
    deck = open_deck(client.get("/review/igf1-axis.apkg").content, tmp_path)
    assert any("A new explanation, edited." in row[0] for row in deck.execute("select flds from notes"))
    deck.close()


def test_schema_org_on_the_tiers_and_the_glossary(client, real_site):
    for article in Article.objects.published():
        (data,) = ld_blocks(client.get(article.get_absolute_url()).content.decode())
        assert data["@type"] == "MedicalWebPage"
        assert data["educationalLevel"] in {"Beginner", "Intermediate", "Advanced"}
        assert data["teaches"] == list(article.sections.order_by("order").values_list("heading", flat=True))
    (glossary,) = ld_blocks(client.get("/glossary/").content.decode())
    assert glossary["@type"] == "DefinedTermSet"
    defined = {t["name"]: t for t in glossary["hasDefinedTerm"]}
    assert len(defined) == GlossaryTerm.objects.published().count()
    term = GlossaryTerm.objects.published().first()
    assert defined[term.term]["@type"] == "DefinedTerm" and defined[term.term]["description"] == term.plain_definition
    (quizzes,) = ld_blocks(client.get("/review/").content.decode())
    assert [q["@type"] for q in quizzes] == ["Quiz"] * Article.objects.published().count()
    for quiz in quizzes:
        assert quiz["hasPart"] and all(p["@type"] == "Question" for p in quiz["hasPart"])
        assert all(a["@type"] == "Answer" for p in quiz["hasPart"] for a in p["suggestedAnswer"])


@pytest.mark.parametrize("path", ["/review/questions.csv", "/review/glossary.csv", "/review/igf1-axis.apkg"])
def test_downloads_are_shared_cacheable(client, real_site, path):
    response = client.get(path)
    assert "public" in response["Cache-Control"] and response.has_header("ETag")
