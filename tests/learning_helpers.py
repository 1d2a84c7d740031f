"""Questions on the pages under test (issue 16): whichever the imported content has."""

from __future__ import annotations

from igfapp.models import Question


def first_question(tier: str) -> Question:
    """The first question of a tier, in page order (the content, or tests/fixtures/learning/, has one)."""
    question = Question.objects.filter(section__article__slug=tier).order_by("section__order", "order", "slug").first()
    assert question is not None, f"no question in {tier}: the content (or tests/fixtures/learning/) should have one"
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
