"""The review page (/review/): every tier's questions for the browser's schedule, and a fixed practice set.

What is due is known only to the reader's browser: the schedule lives in its localStorage
(static/js/review.js, with the vendored ts-fsrs), so this page is the same bytes for every reader and
holds every question a schedule may name (inert, in a <template>), each with what the script shows
beside it: its passage, the evidence note its right answer follows (with the note's standing) and
the section's editors' caution.

Without JavaScript the page is a practice page: the first question of each section of each tier
(`practice_questions`, a fixed selection), answered like the article's questions: the form submits
(GET) here, `?question=<slug>&answer=<n>`, and the page shows that question's result. Only a
practice question of the page is an answer here; anything else is a 404, like an article's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404, QueryDict
from django.urls import reverse

from .learning_downloads import plain
from .models import Article, Question, Section
from .page_questions import Answer, choose, prepare, questions_of, requested_answer
from .templatetags.citation_tags import EDUCATIONAL_LEVELS

TIER_PARAMETER = "tier"


@dataclass
class ReviewTier:
    """One tier on the review page: its questions in page order, and the practice set among them."""

    article: Article
    questions: list[Question] = field(default_factory=list)
    practice: list[Question] = field(default_factory=list)


@dataclass
class ReviewPage:
    tiers: list[ReviewTier]
    chosen: Article | None  # the tier asked for (?tier=<slug>), None for all of them
    all_tiers: list[Article]  # every published tier, for the tier chooser
    answered: Question | None = None

    @property
    def practice(self) -> list[Question]:
        return [question for tier in self.tiers for question in tier.practice]


def requested_tier(query: QueryDict, tiers: list[Article]) -> Article | None:
    """The tier `?tier=<slug>` names, None without one; Http404 for anything that names no tier."""
    if TIER_PARAMETER not in query:
        return None
    values = query.getlist(TIER_PARAMETER)
    found = next((tier for tier in tiers if len(values) == 1 and tier.slug == values[0]), None)
    if found is None:
        raise Http404("No such tier.")
    return found


def check_parameters(query: QueryDict) -> None:
    """Only the tier and an answer are this page's parameters (one URL per page: shared-cache safe)."""
    if any(name not in (TIER_PARAMETER, "question", "answer") for name in query):
        raise Http404("Not a parameter of this page.")


def review_page(query: QueryDict) -> ReviewPage:
    """The review page for this query string: four queries (tiers, sections, questions, choices and
    terms), however many questions there are. Http404 for a bad tier or answer."""
    check_parameters(query)
    answer: Answer | None = requested_answer(query)
    all_tiers = list(Article.objects.published().only("slug", "title", "order").order_by("order"))
    chosen = requested_tier(query, all_tiers)
    shown = [chosen] if chosen is not None else all_tiers
    sections = list(
        Section.objects.filter(article__in=shown)
        .only("pk", "article_id", "order", "heading", "anchor", "caution_html")
        .order_by("order")
    )
    by_pk = {section.pk: section for section in sections}
    tiers = {tier.pk: ReviewTier(tier) for tier in shown}
    questions = questions_of(list(by_pk))
    questions.sort(key=lambda q: (by_pk[q.section_id].order, q.order, q.slug))
    practised: set[int] = set()
    for question in questions:
        section = by_pk[question.section_id]
        tier = tiers[section.article_id]
        section.article = tier.article  # no query for the passage's URL
        prepare(question, section)
        question.passage_url = section.get_absolute_url()
        tier.questions.append(question)
        if section.pk not in practised:  # the first question of each section
            practised.add(section.pk)
            tier.practice.append(question)
    page = ReviewPage(tiers=[tiers[tier.pk] for tier in shown], chosen=chosen, all_tiers=all_tiers)
    if answer is not None:
        page.answered = next((q for q in page.practice if q.slug == answer.slug), None)
        if page.answered is None or answer.number > len(page.answered.choice_list):
            raise Http404("No such answer on this page.")
        choose(page.answered, answer.number)
    return page


# --- schema.org ---------------------------------------------------------------------------------


def quiz_json_ld(page: ReviewPage, *, absolute) -> list[dict]:
    """A schema.org Quiz per tier shown, of its practice questions (what the page shows as questions).
    `acceptedAnswer` only for the question answered on this URL, whose result shows the right answer;
    the others list their choices as `suggestedAnswer` and keep the answer to themselves."""
    quizzes = []
    for tier in page.tiers:
        level = EDUCATIONAL_LEVELS.get(tier.article.order, EDUCATIONAL_LEVELS[1])
        quizzes.append(
            {
                "@context": "https://schema.org",
                "@type": "Quiz",
                "name": f"Review: {tier.article.title}",
                "educationalLevel": level,
                "inLanguage": "en-GB",
                "isBasedOn": absolute(tier.article.get_absolute_url()),
                "hasPart": [_question_json_ld(question, page, absolute=absolute) for question in tier.practice],
            }
        )
    return quizzes


def _question_json_ld(question: Question, page: ReviewPage, *, absolute) -> dict:
    data = {
        "@type": "Question",
        "eduQuestionType": question.get_kind_display(),
        "text": plain(question.text_html),
        "url": absolute(f"{reverse('review')}#{question.anchor}"),
        "suggestedAnswer": [{"@type": "Answer", "text": plain(choice.text_html)} for choice in question.choice_list],
    }
    if question is page.answered and question.correct_choice is not None:
        data["acceptedAnswer"] = {
            "@type": "Answer",
            "text": plain(question.correct_choice.text_html),
            "answerExplanation": {"@type": "Comment", "text": plain(question.correct_choice.explanation_html)},
        }
    return data
