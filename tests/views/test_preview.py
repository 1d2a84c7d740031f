"""The live preview: staff only, POST with CSRF, rendered by the stored HTML's own pipeline (html_fields.py)."""

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from igfapp.html_fields import glossary_matcher
from igfapp.models import GlossaryTerm, Section
from igfapp.rendering import CitationState, RenderContext, render_markdown
from tests.admin_helpers import PASSWORD

URL = "/admin/preview/markdown/"


def preview(client, text, **values):
    return client.post(URL, {"source": "body", "body": text, "model": "section", **values})


def test_the_url_is_named():
    assert reverse("markdown-preview") == URL


def test_preview_renders_exactly_as_the_stored_html_is(small_site, editor_client):
    text = "The pituitary gland releases growth hormone [@smith].\n\n<script>alert(1)</script>"
    response = preview(editor_client, text)

    assert response.status_code == 200
    expected = render_markdown(text, RenderContext(glossary=glossary_matcher(), citations=CitationState()))
    assert expected in response.content.decode()
    assert 'class="term"' in expected and "<script>" not in response.content.decode()


def test_section_citations_are_numbered_as_on_the_page(small_site, editor_client):
    reflection = Section.objects.get(article__slug="basics", anchor="reflection")
    response = preview(editor_client, "New [@jones] and old [@smith].", object_id=reflection.pk)
    body = response.content.decode()
    # smith is cited by an earlier section of the page, so it keeps number 1 and jones gets 2.
    assert 'data-ref="smith">1</a>' in body and 'data-ref="jones">2</a>' in body


def test_unknown_citation_keys_are_flagged(small_site, editor_client):
    body = preview(editor_client, "A claim [@nobody-2020].").content.decode()
    assert "no reference has this key" in body


def test_a_glossary_explanation_does_not_link_its_own_term(small_site, editor_client):
    term = GlossaryTerm.objects.get(slug="growth-hormone")
    response = editor_client.post(
        URL,
        {
            "source": "explanation_md",
            "explanation_md": "Growth hormone and IGF-1.",
            "model": "glossaryterm",
            "object_id": term.pk,
        },
    )
    body = response.content.decode()
    assert 'data-term="growth-hormone"' not in body and 'data-term="igf-1"' in body


def test_readers_and_non_staff_are_refused(small_site):
    assert preview(Client(), "x").status_code == 403
    User.objects.create_user("reader", password=PASSWORD)
    client = Client()
    client.force_login(User.objects.get(username="reader"))
    assert preview(client, "x").status_code == 403


def test_get_is_not_allowed_and_csrf_is_required(small_site, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.get(URL).status_code == 405
    assert preview(client, "x").status_code == 403  # no CSRF token


def test_unknown_fields_are_a_clear_400(small_site, editor_client):
    assert editor_client.post(URL, {"source": "x", "x": "y", "model": "user"}).status_code == 400
    assert editor_client.post(URL, {"source": "title", "title": "y", "model": "glossaryterm"}).status_code == 400
