"""Questions on the pages under test: whichever the imported content has; and the few files the
`learning_dir` fixture (tests/conftest.py) adds to the small fixture content."""

from __future__ import annotations

from pathlib import Path

from igfapp.models import Choice, GlossaryTerm, Question, Section


def first_question(tier: str) -> Question:
    """The first question of a tier, in page order."""
    question = Question.objects.filter(section__article__slug=tier).order_by("section__order", "order", "slug").first()
    assert question is not None, f"no question in {tier}: the content should have one"
    return question


def choice_number(question: Question, *, right: bool) -> int:
    choices = list(question.choices.order_by("order", "pk"))
    return next(number for number, choice in enumerate(choices, start=1) if choice.correct == right)


def answer_url(question: Question, *, right: bool) -> str:
    """The URL the question's form submits without JavaScript (its anchor aside)."""
    article = question.section.article.get_absolute_url()
    return f"{article}?question={question.slug}&answer={choice_number(question, right=right)}"


def htmx_headers(question: Question) -> dict:
    """What htmx sends when the question's form is submitted in place."""
    return {"HX-Request": "true", "HX-Target": f"{question.anchor}-result"}


# --- The files the learning_dir fixture adds ------------------------------------------------------

NOTE = """---
claim: "Growth hormone reaches the liver"
standing: supported
sections:
  - basics/introduction
factors: []
references: []
---
Our note on it.
"""

QUESTION = """---
section: basics/introduction
order: {order}
kind: multiple-choice
question: "Where is most IGF-1 made?"
terms:
  - igf-1
evidence: liver-note
choices:
  - text: "In the liver"
    correct: true
    explanation: "Right: the section says the liver makes IGF-1 [@smith]."
  - text: "In the muscles"
    explanation: "Not quite: the section says the liver makes it."
---
"""

TRUE_FALSE = """---
section: basics/control
order: 1
kind: true-false
question: "The pituitary gland releases growth hormone."
choices:
  - text: "True"
    correct: true
    explanation: "Right: the section says so."
  - text: "False"
    explanation: "Not quite: the section says the pituitary gland releases it."
---
"""

PLAIN_WORDS = """plain_words:
  - section: introduction
    points:
      - "Growth hormone goes to the liver."
      - "The liver then makes IGF-1."
    evidence:
      - liver-note
"""


def add_plain_words(content_dir: Path, block: str = PLAIN_WORDS, article: str = "basics"):
    path = content_dir / "articles" / f"{article}.md"
    head, fence, body = path.read_text(encoding="utf-8").partition("\n---\n")
    path.write_text(f"{head}\n{block.rstrip()}{fence}{body}", encoding="utf-8")
    return path


def many_questions(count: int) -> None:
    """`count` questions on every section of the Basics tier, each with three choices and a term."""
    for section in Section.objects.filter(article__slug="basics"):
        for number in range(count):
            question = Question.objects.create(
                slug=f"{section.anchor}-q{number}", section=section, order=number, text_md="Q?", text_html="Q?"
            )
            question.terms.set(GlossaryTerm.objects.filter(slug="igf-1"))
            Choice.objects.bulk_create(
                Choice(question=question, order=i, text_md=t, text_html=t, correct=i == 1, explanation_md="E")
                for i, t in enumerate(["A", "B", "C"], start=1)
            )
