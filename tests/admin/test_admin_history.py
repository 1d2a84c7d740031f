"""History: every admin save is recorded with who and when; compare two versions; revert restores."""

from django.test import Client
from django.urls import reverse
from reversion.models import Version

from igfapp.models import Article, Mechanism, Section
from tests.admin_helpers import (
    article_url,
    confirm,
    form_data,
    section_field,
    submit,
    with_reason,
)


def publish_control_text(client, text):
    url = article_url("basics")
    data = form_data(client.get(url), "article")
    data[section_field(data, "control", "body_md")] = [text]
    response = submit(client, url, data, "_publish")
    assert response.status_code == 302
    return response


def test_every_save_records_who_and_when_including_the_state_before_the_first_edit(small_site, editor_client, editor):
    publish_control_text(editor_client, "First edit of the control section.")
    publish_control_text(editor_client, "Second edit of the control section.")

    versions = list(Version.objects.get_for_object(Article.objects.get(slug="basics")))

    assert len(versions) == 3  # as imported, then the two edits
    assert [v.revision.user for v in versions] == [editor, editor, None]
    assert all(v.revision.date_created for v in versions)
    # The article's revision carries its sections, so a revert restores the whole page.
    assert versions[0].revision.version_set.filter(content_type__model="section").count() == 3


def test_history_page_lists_versions_and_compare_shows_a_readable_diff(small_site, editor_client):
    publish_control_text(editor_client, "The pituitary gland releases growth hormone in pulses [@smith].")
    history = editor_client.get(article_url("basics", "history"))
    assert history.status_code == 200
    assert b"edna" in history.content
    newest, oldest = Version.objects.get_for_object(Article.objects.get(slug="basics")).order_by("-pk")[:2]

    compare = editor_client.get(article_url("basics", "compare"), {"from": oldest.pk, "to": newest.pk})

    assert compare.status_code == 200
    assert b"growth hormone <ins>in pulses </ins>[@smith]" in compare.content
    assert b"Section: Basics: Control" in compare.content
    history_url = article_url("basics", "history")
    assert (
        f'<li><a href="{history_url}">History</a></li>\n<li aria-current="page">Compare</li>'
        in compare.content.decode()
    )


def test_revert_restores_the_text_and_rerenders_the_html(small_site, editor_client):
    original = Section.objects.get(anchor="control", article__slug="basics")
    publish_control_text(editor_client, "Replaced text about the liver.")
    assert b"Replaced text" in Client().get("/learn/basics/").content
    baseline = Version.objects.get_for_object(Article.objects.get(slug="basics")).order_by("pk").first()

    page = editor_client.get(article_url("basics", "history") + f"{baseline.pk}/revert/")
    assert page.status_code == 200 and b"Revert to this version" in page.content
    response = confirm(editor_client, article_url("basics", "history") + f"{baseline.pk}/revert/", page=page)

    assert response.status_code == 302
    restored = Section.objects.get(anchor="control", article__slug="basics")
    assert restored.body_md == original.body_md
    assert restored.body_html == original.body_html  # rendered again, links and numbers included
    assert restored.version > original.version  # versions only grow, so older forms are refused
    page = Client().get("/learn/basics/").content
    assert b"Replaced text" not in page
    assert restored.body_html.encode() in page


def test_revert_keeps_the_publication_status(small_site, editor_client):
    publish_control_text(editor_client, "Edited.")
    article = Article.objects.get(slug="basics")
    baseline = Version.objects.get_for_object(article).order_by("pk").first()
    confirm(editor_client, article_url("basics", "history") + f"{baseline.pk}/revert/")
    assert Article.objects.get(slug="basics").status == "published"


def test_plain_models_record_history_too(small_site, editor_client):
    mechanism = Mechanism.objects.create(slug="gh-pulse", name="GH pulse", location="pituitary", explanation_md="Old.")
    url = reverse("admin:igfapp_mechanism_change", args=[mechanism.pk])
    data = form_data(editor_client.get(url), "mechanism")
    data["explanation_md"] = ["New explanation."]

    assert editor_client.post(url, with_reason({**data, "_continue": "1"})).status_code == 302

    mechanism.refresh_from_db()
    assert mechanism.explanation_html == "<p>New explanation.</p>"
    assert Version.objects.get_for_object(mechanism).count() == 2


def test_a_reader_cannot_reach_history_or_revert(small_site):
    article = Article.objects.get(slug="basics")
    url = reverse("admin:igfapp_article_history", args=[article.pk])
    assert Client().get(url).status_code == 302  # to the admin login
    assert Client().post(url + "1/revert/").status_code == 302
