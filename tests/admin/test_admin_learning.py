"""Questions and summaries in the admin (issue 16): saved, refused, stamped, recorded, checked."""

from __future__ import annotations

from django.urls import reverse
from reversion.models import Version

from igfapp import plain_words
from igfapp.editorial.checks import checks_for
from igfapp.models import Article, Question, Section
from tests.admin_helpers import form_data, section_field, submit


def question_form(client, slug: str):
    url = reverse("admin:igfapp_question_change", args=[Question.objects.get(slug=slug).pk])
    return url, form_data(client.get(url), "question")


def test_a_question_saved_in_the_admin_is_rendered_and_recorded(editor_client, learning_site):
    url, data = question_form(editor_client, "where-made")
    data["choices-1-explanation_md"] = ["Not quite: the section says IGF-1 comes from the liver."]
    response = submit(editor_client, url, data, "_publish")
    assert response.status_code == 302, response.content.decode()[:2000]
    choice = Question.objects.get(slug="where-made").choices.get(order=2)
    assert 'data-term="igf-1"' in choice.explanation_html
    assert Version.objects.get_for_object(Question.objects.get(slug="where-made")).exists()


def test_the_admin_refuses_two_correct_choices_and_keeps_the_text(editor_client, learning_site):
    url, data = question_form(editor_client, "where-made")
    data["choices-1-correct"] = ["on"]
    response = submit(editor_client, url, data, "_save")
    assert response.status_code == 200
    assert "Exactly one choice must be correct (2 are)." in response.content.decode()
    assert Question.objects.get(slug="where-made").choices.filter(correct=True).count() == 1


def test_the_admin_refuses_a_true_false_question_with_other_choices(editor_client, learning_site):
    url, data = question_form(editor_client, "pituitary")
    data["choices-0-text_md"] = ["Yes"]
    response = submit(editor_client, url, data, "_save")
    assert response.status_code == 200 and "exactly the choices" in response.content.decode()


def test_a_summary_saved_in_the_admin_is_stamped_with_its_sections_text(editor_client, learning_site):
    article = Article.objects.get(slug="basics")
    url = reverse("admin:igfapp_article_change", args=[article.pk])
    data = form_data(editor_client.get(url), "article")
    data[section_field(data, "control", "plain_words_md")] = ["- The brain tells a gland.\n- The gland lets out GH."]
    response = submit(editor_client, url, data, "_publish")
    assert response.status_code == 302, response.content.decode()[:3000]
    control = Section.objects.get(article=article, anchor="control")
    assert control.plain_words_written_for == plain_words.fingerprint(control.body_md)
    assert control.plain_words_html.startswith("<ul>")


def test_the_admin_refuses_a_summary_of_one_point(editor_client, learning_site):
    article = Article.objects.get(slug="basics")
    url = reverse("admin:igfapp_article_change", args=[article.pk])
    data = form_data(editor_client.get(url), "article")
    data[section_field(data, "control", "plain_words_md")] = ["- Only one point."]
    response = submit(editor_client, url, data, "_publish")
    assert response.status_code == 200 and "2 to 4 points (this one has 1)" in response.content.decode()


def test_the_checks_warn_of_a_summary_above_its_grade_or_older_than_its_section(learning_site):
    section = Section.objects.get(article__slug="basics", anchor="introduction")
    assert not [c for c in checks_for(section) if "In plain words" in c.message]
    Section.objects.filter(pk=section.pk).update(
        body_md=section.body_md + " More.",
        plain_words_md="- Notwithstanding considerable physiological heterogeneity, hepatocellular "
        "biosynthesis predominates.\n- Endocrinological regulation encompasses multifactorial interdependencies.",
    )
    messages = [c.message for c in checks_for(Section.objects.get(pk=section.pk)) if c.level == "warning"]
    assert any("reads at grade" in m and "grade 7 or lower" in m for m in messages), messages
    assert any("older than the section's last change" in m for m in messages), messages
    control = Section.objects.get(article__slug="basics", anchor="control")
    assert any("No “In plain words” summary" in c.message for c in checks_for(control))
