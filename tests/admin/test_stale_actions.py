"""No stale action loses an edit: every state-changing admin action carries the stamp of what its
page showed and is refused (409, what changed shown, nothing done) when the item or its draft
changed after the page was opened; the same action from a fresh page goes through. Two editors,
two clients, as in tests/test_admin_concurrency.py (which covers the change form's own saves)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from reversion.models import Version

from igfapp.models import DiscardedDraft, GlossaryTerm, PendingChange, Status
from tests.admin_helpers import (
    confirm,
    form_data,
    list_action,
    second_editor,
    submit,
)


def term() -> GlossaryTerm:
    return GlossaryTerm.objects.get(slug="igf-1")


def change_url() -> str:
    return reverse("admin:igfapp_glossaryterm_change", args=[term().pk])


def edit(client: Client, definition: str, button: str) -> None:
    """Open the term's form afresh, change its definition, press `button` (_draft or _publish)."""
    data = form_data(client.get(change_url()), "glossaryterm")
    data["plain_definition"] = [definition]
    assert submit(client, change_url(), data, button).status_code == 302


def draft_text() -> str:
    return PendingChange.objects.get().form_data["plain_definition"][0]


def assert_refused(response, *shown: str) -> str:
    page = response.content.decode()
    assert response.status_code == 409, response.status_code
    assert "not done" in page
    for text in shown:
        assert text in page, text
    return page


def reader_sees(text: str) -> bool:
    return text in Client().get(reverse("glossary-term", args=["igf-1"])).content.decode()


# --- Discard draft ------------------------------------------------------------------------------


def test_discard_on_a_page_opened_before_a_newer_draft_is_refused_and_keeps_it(small_site, editor_client):
    other = second_editor()
    edit(other, "B's first draft.", "_draft")
    stale_page = editor_client.get(change_url())
    edit(other, "B's newer draft.", "_draft")

    refused = submit(editor_client, change_url(), form_data(stale_page, "glossaryterm"), "_discard_draft")

    assert_refused(refused, "ed2 saved a draft of this item", "<ins>newer</ins>")
    assert draft_text() == "B's newer draft."
    assert not DiscardedDraft.objects.exists()


def test_discard_from_a_fresh_page_keeps_the_draft_in_history_and_it_can_be_restored(small_site, editor_client):
    other = second_editor()
    edit(other, "B's draft, to be discarded.", "_draft")

    fresh = form_data(editor_client.get(change_url()), "glossaryterm")
    assert submit(editor_client, change_url(), fresh, "_discard_draft").status_code == 302

    assert not PendingChange.objects.exists()
    kept = DiscardedDraft.objects.get()
    assert kept.form_data["plain_definition"] == ["B's draft, to be discarded."]
    assert (kept.saved_by.username, kept.discarded_by.username) == ("ed2", "edna")
    history = editor_client.get(reverse("admin:igfapp_glossaryterm_history", args=[term().pk])).content.decode()
    assert "Drafts that were discarded" in history and "Discarded." in history
    compare = editor_client.get(
        reverse("admin:igfapp_glossaryterm_compare", args=[term().pk]) + f"?from=current&to=discarded-{kept.pk}"
    )
    assert "<ins>discarded.</ins>" in compare.content.decode()

    restore = reverse("admin:igfapp_glossaryterm_restorediscarded", args=[term().pk, kept.pk])
    assert confirm(editor_client, restore).status_code == 302
    assert draft_text() == "B's draft, to be discarded."
    assert not reader_sees("to be discarded")  # a draft again, not published


def test_restoring_a_discarded_draft_on_a_stale_page_is_refused(small_site, editor_client):
    other = second_editor()
    edit(other, "The draft that was discarded.", "_draft")
    submit(other, change_url(), form_data(other.get(change_url()), "glossaryterm"), "_discard_draft")
    restore = reverse("admin:igfapp_glossaryterm_restorediscarded", args=[term().pk, DiscardedDraft.objects.get().pk])
    stale_page = editor_client.get(restore)
    edit(other, "A new draft meanwhile.", "_draft")

    assert_refused(
        confirm(editor_client, restore, page=stale_page), "saved a draft of this item", "<ins>meanwhile.</ins>"
    )
    assert draft_text() == "A new draft meanwhile."
    assert confirm(editor_client, restore).status_code == 302  # fresh: the new draft is set aside in turn
    assert draft_text() == "The draft that was discarded."
    assert DiscardedDraft.objects.filter(form_data__plain_definition=["A new draft meanwhile."]).exists()


def test_saving_or_publishing_a_draft_someone_discarded_meanwhile_is_refused(small_site, editor_client):
    other = second_editor()
    edit(other, "B's draft.", "_draft")
    mine = form_data(editor_client.get(change_url()), "glossaryterm")  # the form shows B's draft
    submit(other, change_url(), form_data(other.get(change_url()), "glossaryterm"), "_discard_draft")
    mine["plain_definition"] = ["My edit of B's draft."]

    for button in ("_draft", "_publish"):
        refused = submit(editor_client, change_url(), mine, button)
        assert refused.status_code == 200  # the form again, with the editor's text in it
        page = refused.content.decode()
        assert "The draft was discarded meanwhile" in page and "My edit of B&#x27;s draft." in page
    assert not PendingChange.objects.exists() and not reader_sees("My edit")


# --- Revert --------------------------------------------------------------------------------------


def test_a_revert_confirmed_after_a_newer_publish_is_refused(small_site, editor_client):
    other = second_editor()
    edit(editor_client, "Version two.", "_publish")
    baseline = Version.objects.get_for_object(term()).order_by("pk").first()
    revert = reverse("admin:igfapp_glossaryterm_revert", args=[term().pk, baseline.pk])
    stale_page = editor_client.get(revert)
    edit(other, "B's publish, after the revert page was opened.", "_publish")

    assert_refused(confirm(editor_client, revert, page=stale_page), "ed2 saved this item", "opened.</ins>")
    assert reader_sees("after the revert page was opened")  # B's text still what readers see
    assert confirm(editor_client, revert).status_code == 302  # fresh: reverted, B's text kept in history
    assert not reader_sees("after the revert page")
    recorded = [v.field_dict["plain_definition"] for v in Version.objects.get_for_object(term())]
    assert "B's publish, after the revert page was opened." in recorded


# --- Delete --------------------------------------------------------------------------------------


def test_a_deletion_confirmed_after_a_new_draft_is_refused(small_site, editor_client, superuser_client):
    delete = reverse("admin:igfapp_glossaryterm_delete", args=[term().pk])
    stale_page = superuser_client.get(delete)
    edit(editor_client, "A draft saved after the delete page was opened.", "_draft")

    assert_refused(confirm(superuser_client, delete, page=stale_page), "saved a draft of this item")
    assert GlossaryTerm.objects.filter(slug="igf-1").exists()

    assert confirm(superuser_client, delete).status_code == 302  # fresh: deleted, recoverable, draft kept
    assert not GlossaryTerm.objects.filter(slug="igf-1").exists()
    assert Version.objects.get_deleted(GlossaryTerm).filter(object_repr="IGF-1").exists()
    kept = DiscardedDraft.objects.get()
    assert kept.reason == "Its item was deleted." and "after the delete page" in kept.form_data["plain_definition"][0]


# --- List actions ---------------------------------------------------------------------------------


def test_publish_selected_from_a_list_shown_before_a_newer_draft_is_refused(small_site, editor_client):
    other = second_editor()
    edit(other, "B's first draft.", "_draft")
    stale_list = editor_client.get(reverse("admin:igfapp_glossaryterm_changelist"))
    edit(other, "B's second draft, not seen by the publisher.", "_draft")

    refused = list_action(editor_client, "glossaryterm", "publish_selected", [term().pk], page=stale_list)

    assert_refused(refused, ">IGF-1</a>", "<ins>publisher.</ins>")
    assert not reader_sees("B&#x27;s second draft") and PendingChange.objects.exists()
    assert list_action(editor_client, "glossaryterm", "publish_selected", [term().pk]).status_code == 302
    assert reader_sees("not seen by the publisher")


def test_unpublish_selected_from_a_stale_list_is_refused(small_site, editor_client):
    stale_list = editor_client.get(reverse("admin:igfapp_glossaryterm_changelist"))
    edit(second_editor(), "Published after the list was shown.", "_publish")

    assert_refused(list_action(editor_client, "glossaryterm", "unpublish_selected", [term().pk], page=stale_list))
    assert term().status == Status.PUBLISHED
    assert list_action(editor_client, "glossaryterm", "unpublish_selected", [term().pk]).status_code == 302
    assert term().status == Status.DRAFT


def test_delete_selected_confirmed_after_a_change_is_refused(small_site, superuser_client):
    first = list_action(superuser_client, "glossaryterm", "delete_selected", [term().pk])  # the confirmation page
    assert first.status_code == 200 and "Are you sure" in first.content.decode()
    edit(second_editor(), "Published while the deletion waited for its confirmation.", "_publish")
    url = reverse("admin:igfapp_glossaryterm_changelist")

    assert_refused(confirm(superuser_client, url, {"post": "yes"}, page=first), "confirmation.</ins>")
    assert GlossaryTerm.objects.filter(slug="igf-1").exists()
    again = list_action(superuser_client, "glossaryterm", "delete_selected", [term().pk])
    assert confirm(superuser_client, url, {"post": "yes"}, page=again).status_code == 302
    assert not GlossaryTerm.objects.filter(slug="igf-1").exists()


def test_an_action_on_rows_the_list_never_showed_is_refused(small_site, editor_client):
    url = reverse("admin:igfapp_glossaryterm_changelist")
    response = editor_client.post(
        url, {"action": "unpublish_selected", "_selected_action": [term().pk], "select_across": "1"}
    )
    assert_refused(response, "lost track of the version")
    assert term().status == Status.PUBLISHED


def test_a_draft_that_replaces_another_editors_draft_keeps_theirs(small_site, editor_client):
    edit(second_editor(), "B's draft, replaced by edna's.", "_draft")
    edit(editor_client, "Edna's draft, written over B's.", "_draft")

    assert draft_text() == "Edna's draft, written over B's."
    kept = DiscardedDraft.objects.get()
    assert kept.form_data["plain_definition"] == ["B's draft, replaced by edna's."]
    assert (kept.saved_by.username, kept.reason) == ("ed2", "Replaced by a draft of edna.")
    edit(editor_client, "Edna's second draft.", "_draft")  # her own earlier draft: nothing to keep
    assert DiscardedDraft.objects.count() == 1
