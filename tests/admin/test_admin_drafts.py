"""Drafts and publishing: readers see published text only; editors preview and publish in one action."""

import pytest
from django.test import Client
from django.urls import reverse

from igfapp.models import Article, GlossaryTerm, PendingChange, Section, Status
from tests.admin_helpers import (
    article_url,
    committed,
    form_data,
    list_action,
    section_field,
    submit,
)
from tests.conftest import settle_content

NEW_TEXT = "The pituitary gland now explains growth hormone pulses [@jones]."


def edit_control_section(client, text=NEW_TEXT, button="_draft"):
    url = article_url("basics")
    data = form_data(client.get(url), "article")
    data[section_field(data, "control", "body_md")] = [text]
    return submit(client, url, data, button)


def test_anonymous_readers_get_404_for_a_draft_tier_and_staff_see_the_banner(small_site, editor_client):
    Article.objects.filter(slug="middle").update(status=Status.DRAFT)

    assert Client().get("/learn/middle/").status_code == 404
    response = editor_client.get("/learn/middle/")

    assert response.status_code == 200
    assert b"banner--draft" in response.content
    assert b"readers cannot see this tier" in response.content


def test_saving_a_draft_of_a_published_tier_keeps_readers_on_the_published_text(small_site, editor_client):
    response = edit_control_section(editor_client)

    assert response.status_code == 302, response.content.decode()[:3000]
    section = Section.objects.get(anchor="control", article__slug="basics")
    assert "now explains" not in section.body_md
    assert "now explains" not in section.body_html
    assert PendingChange.objects.count() == 1
    assert b"now explains" not in Client().get("/learn/basics/").content


def test_staff_preview_the_draft_on_the_public_url_with_the_banner(small_site, editor_client):
    edit_control_section(editor_client)

    plain = editor_client.get("/learn/basics/")
    preview = editor_client.get("/learn/basics/?preview=draft")

    assert b"now explains" not in plain.content
    assert b"unpublished changes" in plain.content
    assert b"now explains" in preview.content
    assert b"banner--draft" in preview.content
    # Rendered by html_fields at save time: glossary link and numbered citation.
    assert b'class="term"' in preview.content
    assert b'data-ref="jones"' in preview.content
    # Readers cannot ask for the preview.
    assert b"now explains" not in Client().get("/learn/basics/?preview=draft").content


def test_the_form_reloads_the_draft(small_site, editor_client):
    edit_control_section(editor_client)

    data = form_data(editor_client.get(article_url("basics")), "article")

    assert data[section_field(data, "control", "body_md")] == [NEW_TEXT]


def test_publishing_shows_the_change_to_readers_and_clears_the_draft(small_site, editor_client):
    edit_control_section(editor_client)
    data = form_data(editor_client.get(article_url("basics")), "article")

    response = submit(editor_client, article_url("basics"), data, "_publish")

    assert response.status_code == 302
    assert PendingChange.objects.count() == 0
    page = Client().get("/learn/basics/")
    assert b"now explains" in page.content
    assert Section.objects.get(anchor="control", article__slug="basics").body_html.count('class="term"') >= 1


def test_publish_action_from_the_list_publishes_a_saved_draft(small_site, editor_client):
    edit_control_section(editor_client)
    article = Article.objects.get(slug="basics")

    response = list_action(editor_client, "article", "publish_selected", [article.pk])

    assert response.status_code == 302
    assert b"now explains" in Client().get("/learn/basics/").content
    assert PendingChange.objects.count() == 0


def test_a_new_item_saved_as_draft_is_hidden_until_published(small_site, editor_client):
    url = reverse("admin:igfapp_glossaryterm_add")
    data = form_data(editor_client.get(url), "glossaryterm")
    data.update({"term": ["Somatostatin"], "slug": ["somatostatin"], "plain_definition": ["A brake on GH."]})

    submit(editor_client, url, data, "_draft")
    term = GlossaryTerm.objects.get(slug="somatostatin")
    assert term.status == Status.DRAFT
    assert Client().get("/glossary/somatostatin/").status_code == 404

    data = form_data(editor_client.get(reverse("admin:igfapp_glossaryterm_change", args=[term.pk])), "glossaryterm")
    submit(editor_client, reverse("admin:igfapp_glossaryterm_change", args=[term.pk]), data, "_publish")
    assert Client().get("/glossary/somatostatin/").status_code == 200


def test_publishing_a_glossary_term_links_it_in_the_articles(small_site, editor_client):
    term = GlossaryTerm.objects.create(term="liver", slug="liver", plain_definition="An organ.", status=Status.DRAFT)
    url = reverse("admin:igfapp_glossaryterm_change", args=[term.pk])
    assert b'data-term="liver"' not in Client().get("/learn/basics/").content

    with committed():  # other items' links follow in the background render, once the publish commits
        submit(editor_client, url, form_data(editor_client.get(url), "glossaryterm"), "_publish")

    assert b'data-term="liver"' in Client().get("/learn/basics/").content


@pytest.mark.parametrize("validator", ["ETag", "Last-Modified"])
def test_publishing_is_visible_at_once_even_to_a_revalidating_cache(small_site, editor_client, validator):
    settle_content()  # imported a while ago: Last-Modified is only sent once the edit's second is over
    reader = Client()
    reader.get("/learn/basics/")  # the first visit sets the depth cookie (and so is not cached)
    cached = reader.get("/learn/basics/")
    assert cached.has_header(validator), "pages carry validators (see caching.py)"
    header = {"ETag": "HTTP_IF_NONE_MATCH", "Last-Modified": "HTTP_IF_MODIFIED_SINCE"}[validator]
    conditional = {header: cached[validator]}
    assert reader.get("/learn/basics/", **conditional).status_code == 304

    edit_control_section(editor_client, button="_publish")

    again = reader.get("/learn/basics/", **conditional)
    assert again.status_code == 200
    assert b"now explains" in again.content


def test_saving_a_draft_does_not_change_what_readers_are_served(small_site, editor_client):
    reader = Client()
    reader.get("/learn/basics/")
    etag = reader.get("/learn/basics/")["ETag"]

    edit_control_section(editor_client)

    assert reader.get("/learn/basics/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_discarding_a_draft_brings_the_form_back_to_the_published_text(small_site, editor_client):
    edit_control_section(editor_client)
    data = form_data(editor_client.get(article_url("basics")), "article")

    response = submit(editor_client, article_url("basics"), data, "_discard_draft")

    assert response.status_code == 302
    assert PendingChange.objects.count() == 0
    data = form_data(editor_client.get(article_url("basics")), "article")
    assert data[section_field(data, "control", "body_md")] != [NEW_TEXT]
