"""Questions on an article page: which one a request answers, and each question's state for the page.

Answering needs no JavaScript and stores nothing: the question's form submits (GET) to the article
itself, `?question=<slug>&answer=<1-based choice number>#question-<slug>`, and the page renders with
that question's result; with htmx the same URL returns only that question (the `question` partial of
templates/articles/article.html). So a result is just another URL, the same bytes for every reader,
and shared-cacheable like the page. Only well-formed answers are pages: anything else in those two
parameters (an unknown question, a choice that is not one, a repeated or extra value) is a 404,
which is never stored, so odd query strings cannot fill a cache with copies of the page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404, QueryDict

from .editorial.drafts import draft_choices, pending_changes_of, show_pending_values
from .editorial.public import EditorialView
from .models import Choice, GlossaryTerm, PendingChange, Question, parse_id

PARAMETERS = ("question", "answer")
MAX_SLUG_LENGTH = 120
# What a page shows of a question (and of the evidence note its right answer follows).
QUESTION_FIELDS = ("slug", "section_id", "order", "kind", "status", "text_html", "evidence__slug", "evidence__standing")


@dataclass(frozen=True)
class Answer:
    """What a reader answered: the question's slug and the 1-based number of the choice."""

    slug: str
    number: int


def requested_answer(query: QueryDict) -> Answer | None:
    """The answer a request carries, None if it carries none; Http404 if it is malformed."""
    if not any(name in query for name in PARAMETERS):
        return None
    slugs, numbers = query.getlist("question"), query.getlist("answer")
    if len(slugs) != 1 or len(numbers) != 1:
        raise Http404("An answer names one question and one choice.")
    slug, number = slugs[0], parse_id(numbers[0])
    if number is None or not slug or len(slug) > MAX_SLUG_LENGTH:
        raise Http404("No such answer.")
    return Answer(slug, number)


def questions_of(section_ids: list[int], *, editor: bool = False) -> list[Question]:
    """The questions of these sections with their choices and (published) terms: three queries.
    Readers get the published questions; editors (`editor`) the draft ones too."""
    questions = Question.objects.all() if editor else Question.objects.published()
    return list(
        questions.filter(section_id__in=section_ids)
        .select_related("evidence")
        .only(*QUESTION_FIELDS)
        .order_by("order", "slug")
        .prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("order", "pk")),
            Prefetch("terms", queryset=GlossaryTerm.objects.published().only("slug", "term").order_by("term")),
        )
    )


def attach_questions(
    sections: list, answer: Answer | None, *, editor: bool = False, preview: bool = False
) -> tuple[list[Question], Question | None]:
    """Set `section.question_list` on each section and each question's state; return every question
    in page order and the one answered. Http404 when `answer` names no question or choice of this page.

    Readers: the published questions as published, and no query about drafts. An editor (`editor`)
    also gets the draft questions and learns which have unpublished changes (one query more); with
    `preview` (`?preview=draft`) those changes are shown in place (one more, for their terms)."""
    found = questions_of([section.pk for section in sections if section.pk and section.pk > 0], editor=editor)
    drafts = pending_changes_of(found) if editor else {}
    if editor and preview and drafts:
        show_question_drafts(found, drafts)
    by_section: dict[int, list[Question]] = defaultdict(list)
    for question in found:
        question.editing = (
            EditorialView(question, drafts.get(question.pk), previewing=preview and question.pk in drafts)
            if editor
            else None
        )
        by_section[question.section_id].append(question)
    questions, answered = [], None
    for section in sections:
        section.question_list = by_section.get(section.pk, [])
        for question in section.question_list:
            prepare(question, section)
            questions.append(question)
            if answer is not None and question.slug == answer.slug:
                answered = question
    if answer is not None:
        if answered is None or answer.number > len(answered.choice_list):
            raise Http404("No such answer on this page.")
        choose(answered, answer.number)
    return questions, answered


def show_question_drafts(questions: list[Question], drafts: dict[int, PendingChange]) -> None:
    """Show each drafted question as its draft has it (in memory, never saved): its values and
    HTML, its choices and its (published) terms; then put the questions back in page order."""
    terms = (
        GlossaryTerm.objects.published()
        .only("slug", "term")
        .in_bulk({pk for pending in drafts.values() for pk in pending.preview.get("terms", [])})
    )
    for question in questions:
        pending = drafts.get(question.pk)
        if pending is None:
            continue
        show_pending_values(question, pending)
        if "choices" in pending.preview:
            question.draft_choice_list = draft_choices(question, pending.preview)
            shown = [terms[pk] for pk in pending.preview.get("terms", []) if pk in terms]
            question.draft_term_list = sorted(shown, key=lambda term: term.term)
    questions.sort(key=lambda question: (question.order, question.slug))


def prepare(question: Question, section) -> None:
    """Every attribute the template reads exists (or Django's lookup calls dir() on the instance)."""
    question.section_shown = section
    question.passage_url = ""  # the passage is on this page (the review page sets its URL)
    drafted = getattr(question, "draft_choice_list", None)
    question.choice_list = drafted if drafted is not None else list(question.choices.all())
    drafted_terms = getattr(question, "draft_term_list", None)
    question.term_list = drafted_terms if drafted_terms is not None else list(question.terms.all())
    for number, choice in enumerate(question.choice_list, start=1):
        choice.number = number
        choice.chosen = False
    question.correct_choice = next((c for c in question.choice_list if c.correct), None)
    question.chosen = None


def choose(question: Question, number: int) -> None:
    question.chosen = question.choice_list[number - 1]
    question.chosen.chosen = True
