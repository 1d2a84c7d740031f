"""A deleted item comes back from its history in the admin (issue 14).

Superusers delete whole items; anyone who may add and change them (editors, too) may bring one back,
as django-reversion's own admin asks. A recovered item is no longer a recorded deletion, and stays
"not yet in content/" until exported.
"""

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from igfapp.editorial.content_sync import UnexportedAdminEdits
from igfapp.importing import import_content
from igfapp.models import DeletedItem, GlossaryTerm
from tests.admin_helpers import confirm, form_data, hidden_inputs, submit


def relate_and_delete(editor_client, superuser_client) -> GlossaryTerm:
    """An editor links IGF-1 to growth hormone; then a superuser deletes IGF-1 in the admin."""
    term = GlossaryTerm.objects.get(slug="igf-1")
    url = reverse("admin:igfapp_glossaryterm_change", args=[term.pk])
    data = form_data(editor_client.get(url), "glossaryterm")
    data["related"] = [str(GlossaryTerm.objects.get(slug="growth-hormone").pk)]
    data["plain_definition"] = ["A messenger made mostly in the liver, as edited before the deletion."]
    assert submit(editor_client, url, data, "_publish").status_code == 302
    delete_url = reverse("admin:igfapp_glossaryterm_delete", args=[term.pk])
    assert confirm(superuser_client, delete_url).status_code == 302
    assert not GlossaryTerm.objects.filter(slug="igf-1").exists()
    return term


def recover_url_of(client, slug: str) -> str:
    """The recover link the admin shows for a deleted item, found as an editor finds it."""
    listing = client.get(reverse("admin:igfapp_glossaryterm_recoverlist"))
    assert listing.status_code == 200
    for version_id in _deleted_version_ids(slug):
        url = reverse("admin:igfapp_glossaryterm_recover", args=[version_id])
        assert url in listing.content.decode()
        return url
    raise AssertionError(f"no recover link for {slug}")


def _deleted_version_ids(slug: str) -> list[int]:
    from reversion.models import Version

    return [v.pk for v in Version.objects.get_deleted(GlossaryTerm) if f'"slug": "{slug}"' in v.serialized_data]


def test_a_deleted_glossary_term_is_recovered_with_its_relations(small_site, editor_client, superuser_client):
    old = relate_and_delete(editor_client, superuser_client)
    home = editor_client.get("/admin/").content.decode()
    assert "glossary/igf-1" in home and reverse("admin:igfapp_glossaryterm_recoverlist") in home
    assert "Recover deleted" in editor_client.get(reverse("admin:igfapp_glossaryterm_changelist")).content.decode()
    assert editor_client.get(reverse("glossary-term", args=["igf-1"])).status_code == 404

    url = recover_url_of(editor_client, "igf-1")
    assert "Recover it" in editor_client.get(url).content.decode()
    response = confirm(editor_client, url)

    term = GlossaryTerm.objects.get(slug="igf-1")
    assert response.status_code == 302 and response.url == reverse("admin:igfapp_glossaryterm_change", args=[term.pk])
    assert term.pk == old.pk and term.version > old.version
    assert term.plain_definition == "A messenger made mostly in the liver, as edited before the deletion."
    assert [t.slug for t in term.related.all()] == ["growth-hormone"]  # as reversion stored them
    page = editor_client.get(reverse("glossary-term", args=["igf-1"]))
    assert page.status_code == 200 and "as edited before the deletion" in page.content.decode()
    assert Client().get(reverse("glossary-term", args=["igf-1"])).status_code == 200  # readers see it again
    assert not DeletedItem.objects.exists()  # no longer a deletion: the export will not remove its file
    home = editor_client.get("/admin/").content.decode()
    assert "Deleted in the admin" not in home and "IGF-1" in home  # unexported work, not a deletion
    with pytest.raises(UnexportedAdminEdits, match="glossary/igf-1: edited in the admin by edna"):
        import_content(small_site)  # content/ holds the older text: the import would overwrite it


def test_a_recovered_term_can_be_exported_and_the_import_agrees(small_site, editor_client, superuser_client):
    from igfapp.exporting import export_content

    relate_and_delete(editor_client, superuser_client)
    confirm(editor_client, recover_url_of(editor_client, "igf-1"))
    export_content(small_site)
    import_content(small_site)
    assert "as edited before the deletion" in (small_site / "glossary" / "igf-1.md").read_text()
    assert GlossaryTerm.objects.get(slug="igf-1").plain_definition.endswith("as edited before the deletion.")


def test_recovering_needs_the_add_and_change_permissions(small_site, editor_client, superuser_client):
    relate_and_delete(editor_client, superuser_client)
    viewer = User.objects.create_user("viewer", "v@example.org", "pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_glossaryterm"))
    client = Client()
    client.force_login(viewer)
    url = recover_url_of(editor_client, "igf-1")

    assert client.get(reverse("admin:igfapp_glossaryterm_recoverlist")).status_code == 403
    assert client.post(url, hidden_inputs(editor_client.get(url))).status_code == 403
    assert not GlossaryTerm.objects.filter(slug="igf-1").exists()


def test_only_deleted_items_can_be_recovered(small_site, editor_client, superuser_client):
    relate_and_delete(editor_client, superuser_client)
    url = recover_url_of(editor_client, "igf-1")
    page = editor_client.get(url)  # opened here ...
    assert confirm(superuser_client, url).status_code == 302  # ... recovered by someone else meanwhile

    refused = confirm(editor_client, url, page=page)
    assert refused.status_code == 409 and "Already back" in refused.content.decode()
    assert editor_client.get(url).status_code == 404  # no longer offered
    assert editor_client.post(reverse("admin:igfapp_glossaryterm_recover", args=[99999999])).status_code == 404
    assert GlossaryTerm.objects.filter(slug="igf-1").count() == 1


def test_an_item_never_edited_in_the_admin_can_be_recovered_too(small_site, superuser_client):
    term = GlossaryTerm.objects.get(slug="pituitary-gland")  # as imported: no history of its own yet
    confirm(superuser_client, reverse("admin:igfapp_glossaryterm_delete", args=[term.pk]))

    assert confirm(superuser_client, recover_url_of(superuser_client, "pituitary-gland")).status_code == 302
    assert GlossaryTerm.objects.get(slug="pituitary-gland").plain_definition == term.plain_definition
    assert Client().get(reverse("glossary-term", args=["pituitary-gland"])).status_code == 200


def test_an_item_whose_slug_was_taken_since_is_not_recovered_and_the_editor_is_told(
    small_site, editor_client, superuser_client
):
    relate_and_delete(editor_client, superuser_client)
    url = recover_url_of(editor_client, "igf-1")
    GlossaryTerm.objects.create(term="IGF-1 (new)", slug="igf-1", plain_definition="Made again.")

    response = confirm(editor_client, url, follow=True)
    assert "cannot be recovered: another item now has its slug or key" in response.content.decode()
    assert GlossaryTerm.objects.get(slug="igf-1").plain_definition == "Made again."
