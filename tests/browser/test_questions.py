"""Questions at each depth in a browser (issue 16): answered with htmx in place and without
JavaScript, by keyboard, the passage link followed, progress kept in this browser across a reload.
One page load serves several checks: these tests stay few and quick."""

import re

import pytest
from playwright.sync_api import expect

from tests.learning_helpers import first_question

from .focus import assert_focus_visible, focused, tab_until
from .htmx import htmx_ready, wait_for_htmx

pytestmark = pytest.mark.browser


def test_answer_wrongly_then_rightly_in_place_and_follow_the_passage_link(page, site):
    question = first_question("fundamentals")
    page.goto(site + "/learn/fundamentals/")
    block = page.locator(f"#{question.anchor}")
    progress = page.locator("[data-quiz-progress]")
    total = page.locator("[data-question]").count()
    assert progress.inner_text() == f"0 of {total} questions answered at this depth"

    wrong = next(c for c in question.choices.order_by("order") if not c.correct)
    block.get_by_label(wrong.text_md).check()
    wait_for_htmx(page)  # reaching for the form loads htmx (static/js/htmx_loader.js)
    block.get_by_role("button", name="Check answer").click()
    result = block.locator("[role=status]")
    result.locator("[data-answered=wrong]").wait_for()
    assert "Not quite." in result.inner_text()
    assert page.url.endswith("/learn/fundamentals/")  # in place: no navigation
    # Focus and the count move when htmx has settled the swap (questions.js): wait for them. Always
    # a function: Playwright evaluates an expression string again on every poll, which the CSP's
    # script-src 'self' refuses as eval once the first try is false (microsoft/playwright#7395).
    page.wait_for_function(f"() => document.activeElement && document.activeElement.id === '{question.anchor}-result'")
    expect(progress).to_have_text(f"1 of {total} questions answered at this depth")
    for term in question.terms.all():
        assert result.locator(f"[data-question-terms] a.term[data-term='{term.slug}']").count() == 1

    right = next(c for c in question.choices.order_by("order") if c.correct)
    block.get_by_label(right.text_md).check()
    block.get_by_role("button", name="Check answer").click()
    result.locator("[data-answered=right]").wait_for()
    assert "Right." in result.inner_text()
    assert progress.inner_text() == f"1 of {total} questions answered at this depth"  # the same question

    result.locator("[data-passage-link]").click()
    assert page.url.endswith(f"#{question.section.anchor}")
    assert page.locator(f"#{question.section.anchor}").is_visible()

    page.reload()  # progress lives in this browser (localStorage), not on the server
    assert page.locator("[data-quiz-progress]").inner_text() == f"1 of {total} questions answered at this depth"
    assert not page.console_errors


def test_answer_without_javascript(nojs_page, site):
    question = first_question("fundamentals")
    nojs_page.goto(site + "/learn/fundamentals/")
    assert nojs_page.locator("[data-quiz-progress]").is_hidden()  # needs the script
    block = nojs_page.locator(f"#{question.anchor}")
    wrong = next(c for c in question.choices.order_by("order") if not c.correct)
    block.get_by_label(wrong.text_md).check()
    block.get_by_role("button", name="Check answer").click()
    nojs_page.wait_for_url(re.compile(rf"\?question={question.slug}&answer=\d+#{question.anchor}$"))
    result = nojs_page.locator(f"#{question.anchor}-result")
    assert "Not quite." in result.inner_text()
    assert (
        nojs_page.locator(f"#{question.anchor} input:checked").get_attribute("value")
        == nojs_page.url.split("answer=")[1].split("#")[0]
    )
    result.locator("[data-passage-link]").click()
    assert nojs_page.url.endswith(f"#{question.section.anchor}")

    right = next(c for c in question.choices.order_by("order") if c.correct)
    block.get_by_label(right.text_md).check()
    block.get_by_role("button", name="Check answer").click()
    nojs_page.locator(f"#{question.anchor}-result [data-answered=right]").wait_for()


def test_answer_by_keyboard_alone(page, site):
    question = first_question("fundamentals")
    page.goto(site + "/learn/fundamentals/")
    first_radio = page.locator(f"#{question.anchor} input[type=radio]").first
    first_radio.focus()
    page.keyboard.press("ArrowDown")  # radios: arrows choose
    assert focused(page)["tag"] == "input"
    tab_until(page, lambda info: info["text"] == "Check answer", limit=12)
    wait_for_htmx(page)  # focus in the form loads htmx (static/js/htmx_loader.js)
    page.keyboard.press("Enter")
    page.locator(f"#{question.anchor}-result [data-answered]").wait_for()
    page.wait_for_function("() => document.activeElement && document.activeElement.getAttribute('role') === 'status'")
    info = assert_focus_visible(page, "on the result")
    assert info["onScreen"]


def test_printed_with_the_answers_at_the_end_and_the_depth_switch_keeps_the_count(page, site):
    page.goto(site + "/learn/fundamentals/")
    page.emulate_media(media="print")
    assert page.locator(".question__form").first.is_visible()  # forms are hidden on paper, questions are not
    assert page.locator(".question__check").first.is_hidden()
    assert page.locator(".print-answers").is_visible()
    assert page.locator(".print-answers li").count() == page.locator("[data-question]").count()
    page.emulate_media(media="screen")
    assert page.locator(".print-answers").is_hidden()

    htmx_ready(page)
    page.locator(".depth-switch a", has_text="Intermediate").click()
    page.wait_for_selector("#article-content[data-tier='intermediate']")
    total = page.locator("[data-question]").count()
    assert total > 0
    expect(page.locator("[data-quiz-progress]")).to_have_text(f"0 of {total} questions answered at this depth")
    assert not page.console_errors
