"""No lost edits: of two editors who opened the same item, the second save is refused, nothing lost."""

from django.urls import reverse

from igfapp.models import Article, GlossaryTerm, PendingChange, Section
from tests.admin_helpers import (
    article_url,
    form_data,
    second_editor,
    section_field,
    submit,
)


def test_second_of_two_concurrent_publishes_is_refused_with_the_other_change_shown(small_site, editor_client):
    other = second_editor()
    url = article_url("basics")
    mine, theirs = form_data(editor_client.get(url), "article"), form_data(other.get(url), "article")
    theirs[section_field(theirs, "control", "body_md")] = ["Their wording about the pituitary gland."]
    mine[section_field(mine, "introduction", "body_md")] = ["My wording of the introduction."]

    assert submit(other, url, theirs, "_publish").status_code == 302
    refused = submit(editor_client, url, mine, "_publish")

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Someone else saved this first" in page
    assert "ed2 saved this item" in page
    assert "<del>The</del><ins>Their wording about the</ins> pituitary" in page  # what changed meanwhile
    assert "My wording of the introduction." in page  # the editor's own text is still in the form
    intro = Section.objects.get(article__slug="basics", anchor="introduction")
    control = Section.objects.get(article__slug="basics", anchor="control")
    assert "My wording" not in intro.body_md  # nothing of the stale form was saved
    assert control.body_md == "Their wording about the pituitary gland."


def test_after_seeing_the_conflict_a_deliberate_second_save_goes_through(small_site, editor_client):
    other = second_editor()
    url = article_url("basics")
    mine, theirs = form_data(editor_client.get(url), "article"), form_data(other.get(url), "article")
    theirs["summary"] = ["Their summary."]
    submit(other, url, theirs, "_publish")
    mine["summary"] = ["My summary."]

    refused = submit(editor_client, url, mine, "_publish")
    resubmitted = form_data(refused, "article")  # the page shown with the refusal, as the editor sees it
    assert resubmitted["summary"] == ["My summary."]
    accepted = submit(editor_client, url, resubmitted, "_publish")

    assert accepted.status_code == 302
    assert Article.objects.get(slug="basics").summary == "My summary."


def test_two_drafts_of_the_same_item_do_not_overwrite_each_other(small_site, editor_client):
    other = second_editor()
    term = GlossaryTerm.objects.get(slug="igf-1")
    url = reverse("admin:igfapp_glossaryterm_change", args=[term.pk])
    mine, theirs = form_data(editor_client.get(url), "glossaryterm"), form_data(other.get(url), "glossaryterm")
    theirs["plain_definition"] = ["Their draft definition."]
    mine["plain_definition"] = ["My draft definition."]

    assert submit(other, url, theirs, "_draft").status_code == 302
    refused = submit(editor_client, url, mine, "_draft")

    assert refused.status_code == 200
    assert "saved a draft of this item" in refused.content.decode()
    assert "My draft definition." in refused.content.decode()
    assert PendingChange.objects.get().form_data["plain_definition"] == ["Their draft definition."]


def test_a_form_opened_before_a_revert_is_refused(small_site, editor_client):
    url = article_url("basics")
    data = form_data(editor_client.get(url), "article")
    stale = dict(data)
    data["summary"] = ["Edited once."]
    submit(editor_client, url, data, "_publish")

    stale["summary"] = ["From an old tab."]
    assert submit(editor_client, url, stale, "_publish").status_code == 200
    assert Article.objects.get(slug="basics").summary == "Edited once."
