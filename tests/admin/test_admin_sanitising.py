"""The admin refuses a markdown text that sanitising would cut, and keeps the editor's text (issue 14).

A stray raw-HTML construction (an unclosed <style> inside <math>, as a paste can produce) swallows
everything after it; the importer refuses such a file with file:line, and the admin's forms refuse
such a save with an error on the field, the text still in the form.
"""

from django.urls import reverse

from igfapp.models import GlossaryTerm, Section
from tests.admin_helpers import (
    article_url,
    form_data,
    section_field,
    submit,
)

SWALLOWING = "First.\n\n<math><style>\n\nSecond paragraph, which readers would never see."


def assert_refused_with_the_text_kept(response, field_name: str, form_id: str) -> None:
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sanitising would drop" in page
    assert form_data(response, form_id)[field_name] == [SWALLOWING]  # what the editor typed, unchanged


def test_a_glossary_explanation_that_sanitising_would_cut_is_refused(small_site, editor_client):
    term = GlossaryTerm.objects.get(slug="igf-1")
    url = reverse("admin:igfapp_glossaryterm_change", args=[term.pk])
    data = form_data(editor_client.get(url), "glossaryterm")
    data["explanation_md"] = [SWALLOWING]

    for button in ("_publish", "_draft"):
        assert_refused_with_the_text_kept(submit(editor_client, url, data, button), "explanation_md", "glossaryterm")
    assert GlossaryTerm.objects.get(pk=term.pk).explanation_md == term.explanation_md


def test_a_section_body_in_its_article_form_is_checked_too(small_site, editor_client):
    url = article_url("basics")
    data = form_data(editor_client.get(url), "article")
    body = section_field(data, "control", "body_md")
    data[body] = [SWALLOWING]

    assert_refused_with_the_text_kept(submit(editor_client, url, data, "_publish"), body, "article")
    assert "Second paragraph" not in Section.objects.get(article__slug="basics", anchor="control").body_md


def test_a_new_item_is_checked_before_it_is_created(small_site, editor_client):
    url = reverse("admin:igfapp_glossaryterm_add")
    data = {"term": "Somatostatin", "slug": "somatostatin", "plain_definition": "A brake.", "status": "published"}
    data |= {"explanation_md": SWALLOWING, "aliases": ""}

    assert_refused_with_the_text_kept(
        editor_client.post(url, {**data, "_publish": "1"}), "explanation_md", "glossaryterm"
    )
    assert not GlossaryTerm.objects.filter(slug="somatostatin").exists()


def test_markdown_the_sanitiser_keeps_whole_still_saves(small_site, editor_client):
    term = GlossaryTerm.objects.get(slug="igf-1")
    url = reverse("admin:igfapp_glossaryterm_change", args=[term.pk])
    data = form_data(editor_client.get(url), "glossaryterm")
    data["explanation_md"] = ["First.\n\nSecond paragraph, with *emphasis* and <b>bold</b>."]

    assert submit(editor_client, url, data, "_publish").status_code == 302
