"""An import never loses editors' work: admin edits not yet exported to content/ stop it (or, for
`make run` and the container start, make it skip with a warning), naming each item."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.urls import reverse

from igfapp.editorial.content_sync import SyncPoint, UnexportedAdminEdits, mark_exported
from igfapp.exporting import export_content
from igfapp.importing import import_content
from igfapp.models import Article, GlossaryTerm, PendingChange, Section
from tests.admin_helpers import (
    article_url,
    confirm,
    form_data,
    section_field,
    submit,
)

ADMIN_TEXT = "The pituitary gland releases growth hormone in pulses, as edited in the admin."


def publish_an_admin_edit(client) -> None:
    """Edit the 'control' section of the Basics tier through the admin and publish it."""
    url = article_url("basics")
    data = form_data(client.get(url), "article")
    data[section_field(data, "control", "body_md")] = [ADMIN_TEXT]
    response = submit(client, url, data, "_publish")
    assert response.status_code == 302, response.content.decode()[:2000]


def control_text() -> str:
    return Section.objects.get(article__slug="basics", anchor="control").body_md


def edit_in_the_admin(term: GlossaryTerm, definition: str) -> None:
    """What an admin save does to the row: new values and a new version."""
    term.plain_definition = definition
    term.version += 1
    term.save()


def test_an_import_refuses_to_overwrite_an_unexported_admin_edit(small_site, editor_client):
    publish_an_admin_edit(editor_client)

    with pytest.raises(UnexportedAdminEdits) as refusal:
        import_content(small_site)

    assert [str(edit) for edit in refusal.value.edits] == [
        "articles/basics: edited in the admin by edna since content/ was last imported or exported; the import would overwrite it"
    ]
    assert control_text() == ADMIN_TEXT  # nothing was changed


def test_exporting_first_keeps_the_edit_and_the_next_import_goes_through(small_site, editor_client):
    publish_an_admin_edit(editor_client)

    export_content(small_site)
    report = import_content(small_site)

    assert control_text() == ADMIN_TEXT
    assert not report.changed and not report.discarded
    assert ADMIN_TEXT in (small_site / "articles" / "basics.md").read_text(encoding="utf-8")


def test_discarding_admin_edits_restores_the_files_and_says_what_it_threw_away(small_site, editor_client, capsys):
    publish_an_admin_edit(editor_client)

    call_command("import_content", content_dir=small_site, discard_admin_edits=True)

    assert control_text() != ADMIN_TEXT
    assert "discarded: articles/basics" in capsys.readouterr().out
    import_content(small_site)  # and it is in sync again: a plain import goes through


def test_the_command_refuses_with_advice_and_changes_nothing(small_site, editor_client, capsys):
    publish_an_admin_edit(editor_client)

    with pytest.raises(CommandError) as error:
        call_command("import_content", content_dir=small_site)

    assert "the database was not changed" in str(error.value)
    assert "export_content" in str(error.value) and "--discard-admin-edits" in str(error.value)
    assert "articles/basics: edited in the admin" in capsys.readouterr().err
    assert control_text() == ADMIN_TEXT


def test_make_run_skips_the_import_with_a_warning_and_keeps_the_edit(small_site, editor_client, capsys):
    publish_an_admin_edit(editor_client)

    call_command("import_content", content_dir=small_site, skip_if_admin_edits=True)  # no error

    err = capsys.readouterr().err
    assert "articles/basics: edited in the admin" in err
    assert "keeps serving the database as it is" in err
    assert control_text() == ADMIN_TEXT


def test_a_skipped_import_still_renders_the_stored_html_again(small_site, editor_client, capsys):
    """A deploy may change templates or the renderer: the content stays, its stored HTML is redone."""
    publish_an_admin_edit(editor_client)
    section = Section.objects.filter(body_md__contains=ADMIN_TEXT).get()
    Section.objects.filter(pk=section.pk).update(body_html="<p>rendered by an older release</p>")

    call_command("import_content", content_dir=small_site, skip_if_admin_edits=True)

    section.refresh_from_db()
    assert "as edited in the admin." in section.body_html and "older release" not in section.body_html
    assert "rendered again" in capsys.readouterr().out


def test_an_item_created_in_the_admin_is_not_deleted_by_an_import(small_site):
    GlossaryTerm.objects.create(slug="somatostatin", term="Somatostatin", plain_definition="Made in the admin.")

    with pytest.raises(UnexportedAdminEdits) as refusal:
        import_content(small_site)

    assert [(e.kind, e.name, e.action) for e in refusal.value.edits] == [("glossary", "somatostatin", "delete")]
    assert GlossaryTerm.objects.filter(slug="somatostatin").exists()


def test_an_item_with_an_unpublished_draft_is_not_deleted_by_an_import(small_site):
    term = GlossaryTerm.objects.get(slug="igf-1")
    PendingChange.objects.create(
        content_type=ContentType.objects.get_for_model(GlossaryTerm), object_id=term.pk, base_version=term.version
    )
    (small_site / "glossary" / "igf-1.md").unlink()

    with pytest.raises(UnexportedAdminEdits) as refusal:
        import_content(small_site)

    assert [str(e) for e in refusal.value.edits] == [
        "glossary/igf-1: has an unpublished draft; the import would delete it"
    ]


def test_changes_made_only_in_the_files_import_as_before(small_site):
    edit_in_the_admin(GlossaryTerm.objects.get(slug="growth-hormone"), "An admin edit, since exported.")
    export_content(small_site)
    path = small_site / "glossary" / "pituitary-gland.md"
    path.write_text(path.read_text(encoding="utf-8").replace("pea-sized", "pea-sized (about 1 cm)"), encoding="utf-8")

    report = import_content(small_site)

    assert "about 1 cm" in GlossaryTerm.objects.get(slug="pituitary-gland").plain_definition
    assert GlossaryTerm.objects.get(slug="growth-hormone").plain_definition == "An admin edit, since exported."
    assert report.changed


def test_an_edit_saved_while_an_export_runs_stays_protected(small_site):
    term = GlossaryTerm.objects.get(slug="growth-hormone")
    edit_in_the_admin(term, "First edit.")
    export_starts = SyncPoint.now()
    edit_in_the_admin(term, "Second edit, saved while the export was writing.")

    mark_exported(export_starts)

    with pytest.raises(UnexportedAdminEdits):
        import_content(small_site)


def test_every_item_is_in_sync_after_an_import(small_site):
    assert SyncPoint.now() == SyncPoint([], 0)
    assert Article.objects.filter(synced_version__isnull=True).count() == 0


def test_the_admin_home_lists_work_not_yet_exported(small_site, editor_client):
    assert b"Not yet in content/" not in editor_client.get("/admin/").content

    publish_an_admin_edit(editor_client)
    home = editor_client.get("/admin/").content.decode()

    assert "Not yet in content/ (1)" in home
    assert f'<a href="{article_url("basics")}">Basics</a>' in home
    export_content(small_site)
    assert b"Not yet in content/" not in editor_client.get("/admin/").content


def test_an_item_deleted_in_the_admin_is_not_brought_back_by_an_import(small_site, admin_client):
    term = GlossaryTerm.objects.get(slug="pituitary-gland")
    response = confirm(admin_client, reverse("admin:igfapp_glossaryterm_delete", args=[term.pk]))
    assert response.status_code == 302
    assert "glossary/pituitary-gland" in admin_client.get("/admin/").content.decode()

    with pytest.raises(UnexportedAdminEdits) as refusal:
        import_content(small_site)

    assert [str(e) for e in refusal.value.edits] == [
        "glossary/pituitary-gland: deleted in the admin by admin since content/ was last imported or exported; "
        "the import would bring it back"
    ]
    assert not GlossaryTerm.objects.filter(slug="pituitary-gland").exists()
    export_content(small_site)  # removes its file
    assert not (small_site / "glossary" / "pituitary-gland.md").exists()
    import_content(small_site)
    assert not GlossaryTerm.objects.filter(slug="pituitary-gland").exists()
    assert "Not yet in content/" not in admin_client.get("/admin/").content.decode()
