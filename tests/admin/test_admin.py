"""The admin pages: every content model listed, searchable, editable, with the editor's niceties."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from igfapp.models import Article, GlossaryTerm, Mechanism, Reference, Section

MODELS = ["article", "section", "reference", "glossaryterm", "mechanism", "lifestylefactor", "evidencenote"]


@pytest.fixture
def admin_client_(db):
    user = User.objects.create_superuser("root", "root@example.org", "x")
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", MODELS)
def test_every_content_model_has_a_list_with_search(small_site, admin_client_, model):
    url = reverse(f"admin:igfapp_{model}_changelist")
    assert admin_client_.get(url).status_code == 200
    assert admin_client_.get(url, {"q": "growth"}).status_code == 200


@pytest.mark.parametrize(
    "model", ["article", "reference", "glossaryterm", "mechanism", "lifestylefactor", "evidencenote"]
)
def test_every_content_model_has_an_add_form(small_site, admin_client_, model):
    assert admin_client_.get(reverse(f"admin:igfapp_{model}_add")).status_code == 200


def test_article_form_has_section_inlines_with_the_markdown_editor_and_no_html_fields(small_site, admin_client_):
    article = Article.objects.get(slug="basics")
    page = admin_client_.get(reverse("admin:igfapp_article_change", args=[article.pk])).content.decode()

    assert page.count('class="markdown-input') == 4  # three sections + the empty template row
    assert 'data-hx-post="/admin/preview/markdown/"' in page
    assert "md-preview__frame" in page
    assert "body_html" not in page and "citation_index" not in page
    assert 'name="_draft"' in page and 'name="_publish"' in page
    # Reviews are records of their own (Review), never fields of the article; publishing asks the reason.
    assert "Review (shown to readers)" not in page and 'name="last_reviewed"' not in page
    assert 'name="public_reason"' in page and 'name="public_minor"' in page


def test_search_finds_sections_by_their_text(small_site, admin_client_):
    response = admin_client_.get(reverse("admin:igfapp_section_changelist"), {"q": "liver"})
    found = set(response.context["cl"].result_list)
    assert found == set(Section.objects.filter(body_md__icontains="liver")) and found
    assert Section.objects.get(article__slug="basics", anchor="reflection") not in found


def test_a_section_is_edited_inside_its_article(small_site, admin_client_):
    section = Section.objects.get(article__slug="basics", anchor="control")
    response = admin_client_.get(reverse("admin:igfapp_section_change", args=[section.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:igfapp_article_change", args=[section.article_id]) + "#sections-1"


def test_glossary_aliases_are_edited_one_per_line(small_site, admin_client_):
    term = GlossaryTerm.objects.get(slug="growth-hormone")
    url = reverse("admin:igfapp_glossaryterm_change", args=[term.pk])
    page = admin_client_.get(url).content.decode()
    assert "\n".join(term.aliases) in page


def test_plain_models_keep_the_standard_save_buttons(small_site, admin_client_):
    reference = Reference.objects.first()
    page = admin_client_.get(reverse("admin:igfapp_reference_change", args=[reference.pk])).content.decode()
    assert 'name="_save"' in page and 'name="_publish"' not in page


def test_admin_pages_carry_the_csp_nonce_on_every_script(small_site, admin_client_):
    mechanism = Mechanism.objects.create(slug="m", name="M", location="liver", explanation_md="x")
    response = admin_client_.get(reverse("admin:igfapp_mechanism_change", args=[mechanism.pk]))
    page = response.content.decode()
    import re

    scripts = re.findall(r"<script\b[^>]*>", page)
    executable = [s for s in scripts if "application/json" not in s]
    assert executable and all("nonce=" in s for s in executable), executable
    assert "style=" not in page
