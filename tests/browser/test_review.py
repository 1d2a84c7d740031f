"""Spaced review in a browser (issue 25), with the page's clock under the test's control: three answers
with different certainty on a tier, a day later /review/ shows the due ones first-things-first and
not the other, answering reschedules, the schedule survives a reload and one button clears it; no
request carries it and a second browser gets the same HTML for every page. Two contexts in all: the
reader's, and a fresh one that compares the pages and then runs axe-core on the review in progress."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from igfapp.models import Question
from tests.page_types import PAGE_TYPES

from .axe import axe_context, axe_violations
from .htmx import wait_for_htmx

pytestmark = pytest.mark.browser

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
KEY = "igf:review"


def schedule(page) -> dict:
    return page.evaluate(f"() => JSON.parse(window.localStorage.getItem('{KEY}') || 'null')")


def due(page, slug: str) -> datetime:
    return datetime.fromisoformat(schedule(page)["cards"][slug]["c"]["due"].replace("Z", "+00:00"))


def choice_label(question: Question, *, right: bool) -> str:
    return next(c.text_md for c in question.choices.order_by("order", "pk") if c.correct == right)


def answer_on_tier(page, question: Question, *, right: bool, sure: bool) -> None:
    block = page.locator(f"#{question.anchor}")
    block.get_by_label(choice_label(question, right=right), exact=True).check()
    wait_for_htmx(page)
    block.get_by_role("button", name="Check answer").click()
    block.locator(f"[data-question-result] [data-answered={'right' if right else 'wrong'}]").wait_for()
    certainty = block.get_by_role("group", name="How sure were you?")
    certainty.get_by_role("button", name="Sure" if sure else "Unsure, or a guess", exact=True).click()
    expect(certainty.locator("[aria-pressed=true]")).to_have_count(1)


def answer_due(page, question: Question, *, right: bool, sure: bool) -> None:
    current = page.locator(f"[data-review-current] #due-{question.slug}")
    current.get_by_label(choice_label(question, right=right), exact=True).check()
    current.get_by_role("button", name="Check answer").click()
    current.locator(f"[data-answered={'right' if right else 'wrong'}]").wait_for()
    page.wait_for_function(
        f"() => document.activeElement && document.activeElement.id === 'due-{question.slug}-result'"
    )
    current.get_by_role("group", name="How sure were you?").get_by_role(
        "button", name="Sure" if sure else "Unsure, or a guess", exact=True
    ).click()


def test_answer_schedule_review_reload_clear_with_a_controlled_clock(browser, site):
    tier = Question.objects.filter(section__article__slug="fundamentals").order_by("section__order", "order", "slug")
    noted = tier.filter(evidence__isnull=False).first()  # tied to an evidence note
    plain = list(tier.filter(evidence__isnull=True)[:2])
    assert noted is not None and len(plain) == 2, "the fundamentals tier should have these questions"
    unsure, sure = plain

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors, requests = [], []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("request", lambda request: requests.append(request))
    page.clock.install(time=START)

    # A first visit to a tier does not load the scheduler; the first answer does.
    page.goto(site + "/learn/fundamentals/")
    assert not any("learning" in r.url for r in requests)
    answer_on_tier(page, unsure, right=True, sure=False)  # Hard: back in a day
    assert any("/static/js/learning" in r.url for r in requests)
    answer_on_tier(page, noted, right=False, sure=True)  # confidently wrong: back in a day, first
    answer_on_tier(page, sure, right=True, sure=True)  # Good: back in two days
    stored = schedule(page)
    assert set(stored["cards"]) == {unsure.slug, noted.slug, sure.slug}
    assert stored["cards"][noted.slug]["w"] is True and stored["cards"][noted.slug]["s"] is True
    assert due(page, unsure.slug).date() == (START + timedelta(days=1)).date()
    assert due(page, noted.slug).date() == (START + timedelta(days=1)).date()
    assert due(page, sure.slug).date() == (START + timedelta(days=2)).date()

    # Nothing is due the same day.
    page.goto(site + "/review/")
    expect(page.locator("[data-review-count]")).to_contain_text("Nothing is due now. The next question is due on")
    assert page.locator("[data-review-practice]").is_visible()  # practice stays, answered like a tier's

    # A day later: the confidently wrong answer on a noted question first, with the note's standing;
    # then the unsure one; the sure one (due in two days) not at all.
    page.clock.fast_forward("25:00:00")
    page.reload()
    count = page.locator("[data-review-count]")
    expect(count).to_have_text("2 questions are due.")
    assert count.get_attribute("role") == "status"  # announced
    current = page.locator("[data-review-current] [data-review-question]")
    expect(current).to_have_attribute("data-review-question", noted.slug)
    flag = current.locator("[data-review-flag]")
    expect(flag).to_be_visible()
    expect(flag).to_contain_text(f"Evidence: {noted.evidence.get_standing_display()}")
    assert page.locator(f"#due-{sure.slug}").count() == 0

    before = due(page, noted.slug)
    answer_due(page, noted, right=True, sure=True)
    result = current.locator("[data-question-result]")
    expect(result).to_contain_text("Right.")
    passage = result.locator("[data-passage-link]")
    assert passage.get_attribute("href") == noted.section.get_absolute_url()
    assert due(page, noted.slug) > before + timedelta(days=1)  # rescheduled, further out
    assert schedule(page)["cards"][noted.slug]["w"] is False

    current.get_by_role("button", name="Next question").click()
    expect(current).to_have_attribute("data-review-question", unsure.slug)
    page.wait_for_function(f"() => document.activeElement && document.activeElement.id === 'due-{unsure.slug}'")
    expect(count).to_have_text("1 question is due.")

    kept = schedule(page)
    page.reload()  # the schedule lives in this browser: it survives a reload
    assert schedule(page) == kept
    expect(count).to_have_text("1 question is due.")
    expect(current).to_have_attribute("data-review-question", unsure.slug)
    answer_due(page, unsure, right=True, sure=True)
    current.get_by_role("button", name="Next question").click()
    expect(count).to_contain_text("Nothing is due now. The next question is due on")
    assert not any(r.url.endswith(f"due-{sure.slug}") for r in requests)

    # A chosen tier shows only its questions: none of these is Academic's.
    page.goto(site + "/review/?tier=academic")
    expect(count).to_have_text(
        "Nothing is due now. Answer questions on the tiers, and they come back here when they are due."
    )

    # No request to the server carries the schedule: no body, and nothing of it in a URL or header.
    marks = [KEY, '"stability"', "stability", json.dumps(kept)[:40]]
    for request in requests:
        assert request.method == "GET" and request.post_data is None, request.url
        sent = request.url + json.dumps(request.headers)
        assert not any(mark in sent for mark in marks), request.url

    # A second browser, with no schedule, gets the same HTML for every page as this one.
    other = axe_context(browser, width=1280, scheme="light")
    try:
        fresh = other.new_page()
        fresh.set_default_timeout(10_000)
        paths = [p.path() for p in PAGE_TYPES if p.status == 200 and p.shared_cacheable] + [
            "/review/?tier=fundamentals"
        ]
        for path in paths:
            mine, theirs = page.goto(site + path), fresh.goto(site + path)
            assert mine.body() == theirs.body(), f"{path}: the HTML depends on the browser"

        # axe-core on a review in progress, confidently wrong flag shown, result and certainty in place.
        fresh.goto(site + "/review/")
        fresh.evaluate(f"(value) => window.localStorage.setItem('{KEY}', value)", json.dumps(stored))
        fresh.reload()
        fresh.locator("[data-review-flag]").wait_for()
        answer_due(fresh, noted, right=False, sure=False)
        problems = axe_violations(fresh)
        assert not problems, "axe-core violations:\n" + "\n".join(problems)
    finally:
        other.close()

    # One button clears it.
    page.goto(site + "/review/")
    page.get_by_role("button", name="Forget my review schedule").click()
    expect(page.locator("[data-review-cleared]")).to_contain_text("forgotten")
    assert schedule(page) is None
    expect(count).to_have_text(
        "Nothing is due now. Answer questions on the tiers, and they come back here when they are due."
    )
    assert not errors, errors
    context.close()


def test_review_without_javascript_is_a_practice_page(nojs_page, site):
    nojs_page.goto(site + "/review/?tier=fundamentals")
    assert "Scheduling your reviews needs JavaScript" in nojs_page.locator("[data-review-practice]").inner_text()
    assert nojs_page.locator("[data-review-app]").is_hidden()
    first = Question.objects.filter(section__article__slug="fundamentals").order_by("section__order", "order", "slug")[
        0
    ]
    block = nojs_page.locator(f"#{first.anchor}")
    block.get_by_label(choice_label(first, right=False), exact=True).check()
    block.get_by_role("button", name="Check answer").click()
    nojs_page.wait_for_url(f"**/review/?tier=fundamentals&question={first.slug}&answer=*")
    result = nojs_page.locator(f"#{first.anchor}-result")
    assert "Not quite." in result.inner_text()
    assert result.locator("[data-passage-link]").get_attribute("href") == first.section.get_absolute_url()
