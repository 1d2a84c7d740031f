"""The real content's summaries and questions.

These tests read content/ itself. They check what the site promises of its learning content:
- "In plain words" beside every section of Fundamentals and Intermediate but the Reflection, at US
  grade 7 or below (Fundamentals) and 9 or below (Intermediate), written for the section as it is;
- 3 to 5 questions on every section of every tier, at least 40 in all;
- every question with exactly one correct choice and an explanation for each choice, and every
  link to a passage (an in-page #anchor) in its texts resolving on the article page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from igfapp.editorial.prose import readability
from igfapp.importing import import_content, read_content
from igfapp.models import Question, Section, Topic
from igfapp.plain_words import GRADE_FOR_TIER, fingerprint, points_of

CONTENT = Path(settings.CONTENT_DIR)
MIN_QUESTIONS, MIN_PER_SECTION, MAX_PER_SECTION = 40, 3, 5


@pytest.fixture(scope="module")
def content():
    """content/ as the importer reads it (it refuses a file that breaks the formats)."""
    return read_content(CONTENT)


@pytest.fixture
def imported(db):
    import_content(CONTENT)


def test_there_are_at_least_40_questions(content):
    assert len(content["questions"]) >= MIN_QUESTIONS, f"{len(content['questions'])} questions in content/questions/"


def test_every_section_of_every_tier_has_3_to_5_questions(content):
    per_section = {
        f"{slug}/{section.anchor}": 0
        for slug, record in content["articles"].items()
        for section in record.values["sections"]
    }
    for record in content["questions"].values():
        per_section[record.links["section"][0][0]] += 1
    wrong = {name: count for name, count in per_section.items() if not MIN_PER_SECTION <= count <= MAX_PER_SECTION}
    assert not wrong, f"sections without {MIN_PER_SECTION}-{MAX_PER_SECTION} questions: {wrong}"


def test_every_question_has_one_correct_choice_and_an_explanation_for_each(content):
    for slug, record in content["questions"].items():
        choices = record.values["choices"]
        assert sum(1 for _, correct, _ in choices if correct) == 1, slug
        assert all(explanation.strip() for _, _, explanation in choices), slug
        assert len({text for text, _, _ in choices}) == len(choices), slug


def test_every_fundamentals_and_intermediate_section_but_the_reflection_has_plain_words_at_its_grade(content):
    problems = []
    for record in content["articles"].values():
        grade = GRADE_FOR_TIER.get(record.values["order"])
        if grade is None:
            continue
        for section in record.values["sections"]:
            place = f"{record.key}/{section.anchor}"
            if section.topic == Topic.REFLECTION:
                continue
            if not section.plain_words:
                problems.append(f"{place}: no plain words")
                continue
            score = readability(" ".join(section.plain_words))
            if score is not None and score.grade > grade:
                problems.append(f"{place}: grade {score.grade:.1f} > {grade:.0f}")
            if section.written_for != fingerprint(section.body):
                problems.append(f"{place}: written for an older text of the section")
    assert not problems, "\n".join(problems)


ANCHOR_HREF_RE = re.compile(r'href="#([^"]+)"')
ID_RE = re.compile(r'\sid="([^"]+)"')


def test_every_passage_link_resolves_on_its_article_page(client, imported):
    assert Question.objects.exists()
    problems = []
    for article in ("fundamentals", "intermediate", "academic"):
        ids = set(ID_RE.findall(client.get(f"/learn/{article}/").content.decode()))
        for question in Question.objects.filter(section__article__slug=article).prefetch_related("choices"):
            texts = [question.text_html] + [c.explanation_html for c in question.choices.all()]
            links = {question.section.anchor} | {a for text in texts for a in ANCHOR_HREF_RE.findall(text)}
            problems += [f"{question.slug}: #{anchor}" for anchor in sorted(links) if anchor not in ids]
    assert not problems, "passage links that go nowhere: " + ", ".join(problems)


def test_the_stored_summaries_are_current(imported):
    for section in Section.objects.filter(article__order__in=list(GRADE_FOR_TIER)).exclude(topic=Topic.REFLECTION):
        assert points_of(section.plain_words_md), f"{section.article.slug}/{section.anchor}"
        assert section.plain_words_written_for == fingerprint(section.body_md)
