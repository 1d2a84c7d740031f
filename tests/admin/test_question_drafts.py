"""Drafts of questions: a new question saved as a draft, a published question's changes kept aside
(with its choices), previewed on the article page by editors only, published from the form or the
list; `status: draft` in the question files; readers' pages keep their fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from igfapp import caching
from igfapp.editorial.public import draft_preview_url
from igfapp.exporting import export_content
from igfapp.importing import ImportFailed, import_content
from igfapp.models import PendingChange, Question, Section, Status
from tests.admin_helpers import (
    form_data,
    list_action,
    submit,
)
from tests.learning_helpers import QUESTION, many_questions

OLD_TEXT = "Where is most IGF-1 made?"
NEW_TEXT = "Which organ makes most of the IGF-1 in the blood?"
# How the texts show on the page ("IGF-1" becomes a glossary link).
OLD_SHOWN, NEW_SHOWN = "Where is most", "Which organ makes most of the"
NEW_CHOICE = "In the hepatocytes of the liver"
NEW_EXPLANATION = "Right (draft): the cells of the liver make it when growth hormone reaches them."
EXPLANATION_SHOWN = "Right (draft): the cells of the liver make it"
DRAFT_BANNER = "you are previewing unpublished changes"


def question_url(slug: str, name: str = "change") -> str:
    return reverse(f"admin:igfapp_question_{name}", args=[Question.objects.get(slug=slug).pk])


def reader_page(url: str) -> str:
    caching.page_store.clear()
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


def save_question_draft(client, button: str = "_draft"):
    """Edit where-made's text, its right choice's text and explanation."""
    url = question_url("where-made")
    data = form_data(client.get(url), "question")
    data["text_md"] = [NEW_TEXT]
    right = next(key for key, value in data.items() if key.endswith("-text_md") and value == ["In the liver"])
    prefix = right.removesuffix("-text_md")
    data[f"{prefix}-text_md"] = [NEW_CHOICE]
    data[f"{prefix}-explanation_md"] = [NEW_EXPLANATION]
    return submit(client, url, data, button)


def new_question_data(client) -> dict:
    data = form_data(client.get(reverse("admin:igfapp_question_add")), "question")
    section = Section.objects.get(article__slug="basics", anchor="introduction")
    data |= {
        "slug": ["new-one"],
        "section": [str(section.pk)],
        "order": ["5"],
        "kind": ["multiple-choice"],
        "text_md": ["A brand new draft question?"],
        "choices-0-order": ["1"],
        "choices-0-text_md": ["Drafted right answer"],
        "choices-0-correct": ["on"],
        "choices-0-explanation_md": ["Right, in the draft."],
        "choices-1-order": ["2"],
        "choices-1-text_md": ["Drafted wrong answer"],
        "choices-1-explanation_md": ["Wrong, in the draft."],
    }
    return data


# --- A new question saved as a draft ------------------------------------------------------------


def test_a_new_question_saved_as_a_draft_is_for_editors_only(learning_site, editor_client):
    response = submit(editor_client, reverse("admin:igfapp_question_add"), new_question_data(editor_client))

    assert response.status_code == 302, response.content.decode()[:3000]
    question = Question.objects.get(slug="new-one")
    assert question.status == Status.DRAFT and question.choices.count() == 2
    assert "A brand new draft question?" in question.text_html  # rendered like a published one
    for url in ("/learn/basics/", "/learn/basics/?preview=draft"):
        page = reader_page(url)
        assert "A brand new draft question?" not in page and "question-new-one" not in page
    caching.page_store.clear()
    assert Client().get("/learn/basics/?question=new-one&answer=1").status_code == 404

    preview = editor_client.get(draft_preview_url(question).partition("#")[0]).content.decode()
    assert "A brand new draft question?" in preview and "Drafted right answer" in preview
    assert "readers cannot see this question until it is published" in preview
    answered = editor_client.get("/learn/basics/?preview=draft&question=new-one&answer=2")
    assert answered.status_code == 200 and "Wrong, in the draft." in answered.content.decode()


def test_the_draft_preview_url_is_the_article_page_at_the_question(learning_site):
    assert draft_preview_url(Question.objects.get(slug="where-made")) == (
        "/learn/basics/?preview=draft#question-where-made"
    )


# --- Changes to a published question kept aside -------------------------------------------------


def test_changes_saved_as_a_draft_keep_readers_on_the_published_question(learning_site, editor_client):
    response = save_question_draft(editor_client)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert PendingChange.objects.count() == 1
    question = Question.objects.get(slug="where-made")
    assert question.status == Status.PUBLISHED and question.text_md == OLD_TEXT
    assert question.choices.filter(text_md="In the liver").exists()
    for url in ("/learn/basics/", "/learn/basics/?preview=draft"):
        page = reader_page(url)
        assert OLD_SHOWN in page and "In the liver" in page
        assert NEW_SHOWN not in page and NEW_CHOICE not in page and DRAFT_BANNER not in page
    caching.page_store.clear()
    answered = Client().get("/learn/basics/?preview=draft&question=where-made&answer=1").content.decode()
    assert "Right: the section says the liver makes" in answered and EXPLANATION_SHOWN not in answered


def test_editors_preview_the_drafted_question_with_its_choices(learning_site, editor_client):
    response = save_question_draft(editor_client)
    assert f"{reverse('article', kwargs={'slug': 'basics'})}?preview=draft#question-where-made" in (
        editor_client.get(response["Location"]).content.decode()
    )

    plain = editor_client.get("/learn/basics/").content.decode()
    assert OLD_SHOWN in plain and NEW_SHOWN not in plain
    assert "This question has unpublished changes." in plain

    preview = editor_client.get("/learn/basics/?preview=draft").content.decode()
    assert NEW_SHOWN in preview and OLD_SHOWN not in preview
    assert NEW_CHOICE in preview and "In the muscles" in preview and ">In the liver<" not in preview
    assert DRAFT_BANNER in preview
    assert question_url("where-made") in preview  # "Edit or publish"
    answered = editor_client.get("/learn/basics/?preview=draft&question=where-made&answer=1").content.decode()
    assert EXPLANATION_SHOWN in answered and "Right." in answered


def test_the_form_reloads_the_saved_draft(learning_site, editor_client):
    save_question_draft(editor_client)

    data = form_data(editor_client.get(question_url("where-made")), "question")

    assert data["text_md"] == [NEW_TEXT]
    assert [NEW_CHOICE] in data.values() and [NEW_EXPLANATION] in data.values()


def test_publishing_the_draft_shows_it_to_readers_and_records_it(learning_site, editor_client):
    save_question_draft(editor_client)
    url = question_url("where-made")

    response = submit(editor_client, url, form_data(editor_client.get(url), "question"), "_publish")

    assert response.status_code == 302, response.content.decode()[:3000]
    assert PendingChange.objects.count() == 0
    page = reader_page("/learn/basics/")
    assert NEW_SHOWN in page and NEW_CHOICE in page and OLD_SHOWN not in page
    question = Question.objects.get(slug="where-made")
    latest = Version.objects.get_for_object(question).first()
    assert NEW_TEXT in latest.serialized_data and "Published." in latest.revision.comment
    choice_versions = [v for v in latest.revision.version_set.all() if v.content_type.model == "choice"]
    assert any(NEW_CHOICE in v.serialized_data for v in choice_versions)  # the history follows the choices


def test_the_list_action_publishes_a_question_draft_and_a_draft_question(learning_site, editor_client):
    save_question_draft(editor_client)
    submit(editor_client, reverse("admin:igfapp_question_add"), new_question_data(editor_client))
    selected = list(Question.objects.filter(slug__in=["where-made", "new-one"]).values_list("pk", flat=True))

    response = list_action(editor_client, "question", "publish_selected", selected)

    assert response.status_code == 302
    assert PendingChange.objects.count() == 0
    assert Question.objects.get(slug="new-one").status == Status.PUBLISHED
    page = reader_page("/learn/basics/")
    assert NEW_SHOWN in page and NEW_CHOICE in page and "A brand new draft question?" in page


def test_the_list_action_unpublishes_a_question(learning_site, editor_client):
    pk = Question.objects.get(slug="where-made").pk
    list_action(editor_client, "question", "unpublish_selected", [pk])

    assert Question.objects.get(pk=pk).status == Status.DRAFT
    assert OLD_SHOWN not in reader_page("/learn/basics/")
    caching.page_store.clear()
    assert Client().get("/learn/basics/?question=where-made&answer=1").status_code == 404


# --- The question files -------------------------------------------------------------------------


def test_a_question_file_with_status_draft_imports_a_draft(db, learning_dir):
    path = learning_dir / "questions" / "where-made.md"
    path.write_text(path.read_text().replace("choices:\n", "status: draft\nchoices:\n", 1))

    import_content(learning_dir)

    assert Question.objects.get(slug="where-made").status == Status.DRAFT
    assert Question.objects.get(slug="pituitary").status == Status.PUBLISHED  # no status: published
    assert OLD_SHOWN not in reader_page("/learn/basics/")
    assert Client().get("/learn/basics/?question=where-made&answer=1").status_code == 404


def test_an_unknown_status_is_an_error_at_its_line(db, learning_dir):
    path = learning_dir / "questions" / "where-made.md"
    path.write_text(path.read_text().replace("choices:\n", "status: hidden\nchoices:\n", 1))

    with pytest.raises(ImportFailed) as failure:
        import_content(learning_dir)

    assert any(
        e.path == str(path) and e.line == 9 and "unknown status 'hidden'" in e.message for e in failure.value.errors
    ), [str(e) for e in failure.value.errors]
    assert not Question.objects.exists()


def test_export_writes_status_draft_only_for_a_draft_question(learning_site):
    Question.objects.filter(slug="where-made").update(status=Status.DRAFT, version=5)

    export_content(learning_site)

    text = (learning_site / "questions" / "where-made.md").read_text()
    assert text == QUESTION.format(order=1).replace("choices:\n", "status: draft\nchoices:\n", 1)
    assert "status" not in (learning_site / "questions" / "pituitary.md").read_text()
    import_content(learning_site)  # and reads back as a draft
    assert Question.objects.get(slug="where-made").status == Status.DRAFT


def test_export_never_writes_a_published_questions_pending_draft(learning_site, editor_client):
    save_question_draft(editor_client)

    export_content(learning_site)

    text = (learning_site / "questions" / "where-made.md").read_text()
    assert text == QUESTION.format(order=1)
    assert NEW_TEXT not in text and "status" not in text


# --- Queries ------------------------------------------------------------------------------------


def captured(client, url: str) -> list[str]:
    caching.page_store.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries]


def test_readers_pages_make_no_draft_queries_and_stay_fixed_with_drafts_about(learning_site, editor_client):
    Question.objects.all().delete()
    many_questions(5)
    reader = Client()
    few = captured(reader, "/learn/basics/")
    few_preview = captured(reader, "/learn/basics/?preview=draft")
    Question.objects.all().delete()
    many_questions(50)
    # Drafts everywhere: draft questions, and a published one with its changes kept aside.
    Question.objects.filter(slug__endswith="-q7").update(status=Status.DRAFT)
    url = question_url("introduction-q1")
    data = form_data(editor_client.get(url), "question")
    data["text_md"] = ["Drafted text"]
    assert submit(editor_client, url, data).status_code == 302
    assert PendingChange.objects.count() == 1

    for path, before in (("/learn/basics/", few), ("/learn/basics/?preview=draft", few_preview)):
        sql = captured(reader, path)
        assert len(sql) == len(before)
        assert not any("pendingchange" in query for query in sql)
    page = reader_page("/learn/basics/?preview=draft")
    assert "Drafted text" not in page and "introduction-q7" not in page


def test_an_editors_preview_takes_the_same_queries_with_5_or_50_questions(learning_site, editor_client):
    def preview_queries(count: int) -> int:
        Question.objects.all().delete()
        many_questions(count)
        url = question_url("control-q1")
        data = form_data(editor_client.get(url), "question")
        data["text_md"] = [f"Drafted {count}"]
        assert submit(editor_client, url, data).status_code == 302
        Question.objects.filter(slug__endswith="-q3").update(status=Status.DRAFT)
        sql = captured(editor_client, "/learn/basics/?preview=draft")
        assert f"Drafted {count}" in editor_client.get("/learn/basics/?preview=draft").content.decode()
        return len(sql)

    assert preview_queries(5) == preview_queries(50)
