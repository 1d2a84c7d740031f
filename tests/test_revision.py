"""The content revision (igfapp/revision.py): triggers bump it on every write, whatever the path."""

from django.db import connection

from igfapp import revision
from igfapp.models import Article, ContentRevision, Reference, Section
from igfapp.revision import current_revision, revision_tracked_models


def test_a_many_to_many_change_bumps_the_revision(small_site):
    before = current_revision().number
    section = Section.objects.filter(article__slug="basics").first()
    section.cited_references.set(Reference.objects.all())
    assert current_revision().number > before


def test_an_unchanged_import_leaves_the_revision_alone(small_site):
    from igfapp.importing import import_content

    before = current_revision()
    import_content(small_site)
    assert current_revision() == before


# --- The triggers --------------------------------------------------------------------------


def test_every_content_table_has_a_trigger(db):
    tables = {model._meta.db_table for model in revision_tracked_models()}
    assert {"igfapp_article", "igfapp_section", "igfapp_glossaryterm", "igfapp_section_cited_references"} <= tables
    assert ContentRevision._meta.db_table not in tables
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'igf_rev_%'")
        else:
            cursor.execute("SELECT event_object_table FROM information_schema.triggers WHERE trigger_name LIKE 'igf_%'")
        triggered = {row[0] for row in cursor.fetchall()}
    assert tables <= triggered


def test_installing_the_triggers_twice_is_harmless(db):
    revision.install_revision_triggers()
    revision.install_revision_triggers()
    before = current_revision().number
    Article.objects.create(slug="x", title="X", summary="s", order=9)
    assert current_revision().number == before + 1


def test_the_revision_row_comes_back_after_a_flush(db):
    ContentRevision.objects.all().delete()
    revision = current_revision()
    assert revision.number == 0
    Article.objects.create(slug="x", title="X", summary="s", order=9)
    assert current_revision().number == 1


# --- The release ---------------------------------------------------------------------------


def test_the_release_stamp_follows_templates_but_not_bytecode(tmp_path, monkeypatch):
    template = tmp_path / "templates" / "page.html"
    template.parent.mkdir()
    template.write_text("<p>one</p>")
    monkeypatch.setattr(revision, "_release_sources", lambda: [tmp_path / "templates"])
    before, _ = revision._stamp_files()

    (tmp_path / "templates" / "__pycache__").mkdir()
    (tmp_path / "templates" / "__pycache__" / "x.cpython-313.pyc").write_bytes(b"\0")
    assert revision._stamp_files()[0] == before

    template.write_text("<p>two, longer</p>")
    assert revision._stamp_files()[0] != before
