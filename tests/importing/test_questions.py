"""Questions and "In plain words" (issue 16): the files' formats (errors at file:line, nothing
imported), the byte-identical export, the fingerprint a summary was written for, the pages
(no-JavaScript result, htmx fragment, 404s) with a fixed number of queries, and the cache headers."""

from __future__ import annotations

import shutil

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from igfapp import caching, plain_words
from igfapp.after_change import after_edit
from igfapp.exporting import export_content
from igfapp.importing import ImportFailed, import_content
from igfapp.models import Question, Section
from tests.learning_helpers import QUESTION, add_plain_words, many_questions

# --- Importing ----------------------------------------------------------------------------------


def test_import_stores_questions_choices_and_summaries_with_their_html(learning_site):
    question = Question.objects.get(slug="where-made")
    assert question.section.anchor == "introduction" and question.evidence.slug == "liver-note"
    assert [t.slug for t in question.terms.all()] == ["igf-1"]
    assert 'data-term="igf-1"' in question.text_html and not question.text_html.startswith("<p>")
    right = question.choices.get(correct=True)
    assert "cite--author-year" in right.explanation_html  # citations: author–year, the page's numbers are the text's
    assert Question.objects.get(slug="pituitary").kind == "true-false"
    section = Section.objects.get(article__slug="basics", anchor="introduction")
    assert section.plain_words_md == "- Growth hormone goes to the liver.\n- The liver then makes IGF-1."
    assert section.plain_words_html.startswith("<ul>") and 'data-term="igf-1"' in section.plain_words_html
    assert 'href="#evidence-introduction-liver-note-label"' in section.plain_words_html
    # New in the files: written for the section as it is now.
    assert section.plain_words_written_for == plain_words.fingerprint(section.body_md)
    assert not import_content(learning_site).changed  # idempotent


def test_a_choice_links_no_glossary_term_but_its_explanation_does(learning_site, editor_client):
    """A choice is a radio button's label: a link inside it would steal the click that chooses it."""
    pituitary = Question.objects.get(slug="pituitary")
    pituitary.choices.filter(text_md="False").update(text_md="False: the pituitary gland does not")
    after_edit(pituitary)
    choice = pituitary.choices.get(order=2)
    assert choice.text_html == "False: the pituitary gland does not"
    assert 'data-term="pituitary-gland"' in choice.explanation_html
    preview = editor_client.post(
        reverse("markdown-preview"),
        {"model": "choice", "source": "choices-1-text_md", "choices-1-text_md": choice.text_md, "object_id": choice.pk},
    )
    assert preview.status_code == 200 and "pituitary gland does not" in preview.content.decode()
    assert 'data-term="pituitary-gland"' not in preview.content.decode()


def test_a_written_for_in_the_file_is_kept(db, learning_dir):
    add_plain_words(
        learning_dir,
        'plain_words:\n  - section: food\n    points:\n      - "One."\n      - "Two."\n    written_for: 0123456789ab\n',
        "middle",
    )
    import_content(learning_dir)
    assert Section.objects.get(anchor="food").plain_words_written_for == "0123456789ab"


QUESTION_ERRORS = {
    "unknown section": ("section: basics/introduction", "section: basics/nowhere", 2, "unknown section"),
    "no correct choice": ("    correct: true\n", "", 10, "no choice is marked 'correct: true'"),
    "two correct choices": (
        '  - text: "In the muscles"\n',
        '  - text: "In the muscles"\n    correct: true\n',
        14,
        "more than one correct choice (the first is on line 11)",
    ),
    "duplicate choice": ('"In the muscles"', '"In the liver"', 13, "duplicate choice 'In the liver'"),
    "unknown term": ("  - igf-1\n", "  - no-such-term\n", 7, "unknown glossary 'no-such-term'"),
    "unknown evidence": ("evidence: liver-note", "evidence: no-such-note", 8, "unknown evidence 'no-such-note'"),
    "choice without explanation": ('    explanation: "Not quite', '    note: "Not quite', 13, "needs an 'explanation'"),
}


@pytest.mark.parametrize(("old", "new", "line", "message"), QUESTION_ERRORS.values(), ids=QUESTION_ERRORS)
def test_a_broken_question_file_is_an_error_at_its_line_and_nothing_is_imported(
    db, learning_dir, old, new, line, message
):
    path = learning_dir / "questions" / "where-made.md"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(ImportFailed) as failure:
        import_content(learning_dir)
    assert any(e.path == str(path) and e.line == line and message in e.message for e in failure.value.errors), [
        str(e) for e in failure.value.errors
    ]
    assert not Question.objects.exists() and not Section.objects.exists()


@pytest.mark.parametrize(
    ("choices", "line"),
    [(('"Yes"', '"No"'), 7), (('"False"', '"True"'), 7)],
    ids=["not true and false", "the wrong order"],
)
def test_a_true_false_question_has_exactly_true_then_false(db, learning_dir, choices, line):
    path = learning_dir / "questions" / "pituitary.md"
    text = path.read_text().replace('"True"', "@1").replace('"False"', "@2")
    path.write_text(text.replace("@1", choices[0]).replace("@2", choices[1]))
    with pytest.raises(ImportFailed) as failure:
        import_content(learning_dir)
    assert [(e.line, "exactly the choices" in e.message) for e in failure.value.errors] == [(line, True)]


SUMMARY_ERRORS = {
    "unknown section": ("section: introduction", "section: nowhere", 7, "unknown section '#nowhere'"),
    "the reflection": ("section: introduction", "section: reflection", 7, "is the Reflection"),
    "one point": ('      - "The liver then makes IGF-1."\n', "", 9, "2 to 4 points (this one has 1)"),
    "five points": ('      - "The liver then makes IGF-1."\n', '      - "More."\n' * 4, 9, "(this one has 5)"),
    "unknown evidence": ("      - liver-note", "      - no-such-note", 12, "unknown evidence note 'no-such-note'"),
    "malformed written_for": (
        "      - liver-note\n",
        "      - liver-note\n    written_for: xyz\n",
        13,
        "12 lower-case",
    ),
}


@pytest.mark.parametrize(("old", "new", "line", "message"), SUMMARY_ERRORS.values(), ids=SUMMARY_ERRORS)
def test_a_broken_summary_is_an_error_at_its_line_and_nothing_is_imported(db, learning_dir, old, new, line, message):
    path = learning_dir / "articles" / "basics.md"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(ImportFailed) as failure:
        import_content(learning_dir)
    assert [(e.path, e.line) for e in failure.value.errors if message in e.message] == [(str(path), line)], [
        str(e) for e in failure.value.errors
    ]
    assert not Section.objects.exists()


def test_two_summaries_for_one_section_are_an_error(db, learning_dir):
    path = learning_dir / "articles" / "basics.md"
    text = path.read_text()
    repeat = '  - section: introduction\n    points:\n      - "A."\n      - "B."\n'
    path.write_text(text.replace("      - liver-note\n", "      - liver-note\n" + repeat, 1))
    with pytest.raises(ImportFailed) as failure:
        import_content(learning_dir)
    assert [(e.line, "has plain words already (line 7)" in e.message) for e in failure.value.errors] == [(13, True)]


# --- Exporting ----------------------------------------------------------------------------------


def test_export_writes_the_files_back_byte_for_byte(db, learning_dir, tmp_path):
    # Once stamped (export always writes written_for), a tree reads and writes back unchanged.
    import_content(learning_dir)
    export_content(learning_dir)
    assert "    written_for: " in (learning_dir / "articles" / "basics.md").read_text()
    before = {p.relative_to(learning_dir): p.read_bytes() for p in learning_dir.rglob("*.md")}
    assert (
        before[learning_dir.joinpath("questions/where-made.md").relative_to(learning_dir)]
        == QUESTION.format(order=1).encode()
    )
    copy = tmp_path / "copy"
    shutil.copytree(learning_dir, copy)
    Question.objects.all().delete()
    Section.objects.update(plain_words_md="")
    import_content(copy, discard_admin_edits=True)
    assert export_content(copy).changed_files == []
    assert {p.relative_to(copy): p.read_bytes() for p in copy.rglob("*.md")} == before


def test_an_export_removes_the_file_of_a_deleted_question(learning_site):
    Question.objects.filter(slug="pituitary").delete()
    report = export_content(learning_site)
    assert "questions/pituitary.md" in report.changed_files
    assert not (learning_site / "questions" / "pituitary.md").exists()


# --- Pages --------------------------------------------------------------------------------------


def queries_for(client, url: str) -> int:
    caching.page_store.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_an_article_page_takes_the_same_queries_with_5_or_50_questions_per_section(client, learning_site):
    Question.objects.all().delete()
    many_questions(5)
    few = queries_for(client, "/learn/basics/")
    answered_few = queries_for(client, "/learn/basics/?question=control-q3&answer=2")
    Question.objects.all().delete()
    many_questions(50)
    assert Question.objects.filter(section__article__slug="basics").count() == 150
    assert queries_for(client, "/learn/basics/") == few
    assert queries_for(client, "/learn/basics/?question=control-q3&answer=2") == answered_few


def test_the_no_javascript_result_page_shows_the_result_in_place(client, learning_site):
    page = client.get("/learn/basics/?question=where-made&answer=2").content.decode()
    result = page[page.index('id="question-where-made-result"') :]
    result = result[: result.index("</div>\n  </div>")]
    assert 'role="status"' in result and "Not quite." in result
    assert "You chose: In the muscles" in result and "The answer:</strong> In the liver" in result
    assert 'href="#introduction" data-passage-link' in result
    assert 'data-term="igf-1"' in result and "/sources/#note-liver-note" in result
    assert 'value="2" required checked' in page
    assert 'action="/learn/basics/#question-where-made"' in page
    right = client.get("/learn/basics/?question=where-made&answer=1").content.decode()
    assert "<strong>Right.</strong>" in right and "The answer:" not in right
    # Printed: the answers at the end of the article.
    assert 'class="print-only print-answers"' in page


def test_the_htmx_fragment_is_only_the_result(client, learning_site):
    headers = {"HX-Request": "true", "HX-Target": "question-where-made-result"}
    response = client.get("/learn/basics/?question=where-made&answer=2", headers=headers)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and "<form" not in html
    assert html.strip().startswith('<div class="question__outcome question__outcome--wrong"')
    assert "HX-Target" in response["Vary"] and "HX-Request" in response["Vary"]
    # Another target gets the whole article, as any htmx request from the page does.
    other = client.get("/learn/basics/?question=where-made&answer=2", headers={"HX-Request": "true"})
    assert 'id="article-content"' in other.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?question=nowhere&answer=1",
        "?question=where-made&answer=3",
        "?question=where-made&answer=0",
        "?question=where-made&answer=x",
        "?question=where-made&answer=%C2%B2",
        "?question=where-made&answer=99999999999999999999999",
        "?question=where-made",
        "?answer=1",
        "?question=where-made&answer=1&answer=2",
        "?question=where-made&question=pituitary&answer=1",
        "?question=food-question&answer=1",
    ],
)
def test_an_answer_that_is_not_one_is_a_404_never_stored(client, learning_site, query):
    response = client.get("/learn/basics/" + query)
    assert response.status_code == 404
    assert len(caching.page_store) == 0


def test_a_question_of_another_tier_is_a_404_on_this_one(client, learning_site):
    assert client.get("/learn/middle/?question=where-made&answer=1").status_code == 404


def test_answered_pages_and_fragments_are_shared_cacheable_and_the_same_for_every_reader(client, learning_site):
    for headers in ({}, {"HX-Request": "true", "HX-Target": "question-where-made-result"}):
        response = client.get("/learn/basics/?question=where-made&answer=2", headers=headers)
        assert response.status_code == 200
        assert "Set-Cookie" not in response and not response.cookies
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"public", f"s-maxage={caching.SHARED_MAX_AGE}"} <= directives
        assert "HX-Request" in response["Vary"] and "Cookie" not in response["Vary"]
        other = client.__class__()
        other.cookies["theme"] = "dark"
        caching.page_store.clear()
        assert other.get("/learn/basics/?question=where-made&answer=2", headers=headers).content == response.content
