"""The content revision (igfapp/content_revision.py): triggers bump it on every write, whatever the path."""

from django.db import connection

from igfapp import content_revision
from igfapp.content_revision import content_tracked_models, current_content_revision
from igfapp.models import Article, ContentRevision, Reference, Section


def test_a_many_to_many_change_bumps_the_content_revision(small_site):
    before = current_content_revision().number
    section = Section.objects.filter(article__slug="basics").first()
    section.cited_references.set(Reference.objects.all())
    assert current_content_revision().number > before


def test_an_unchanged_import_leaves_the_content_revision_alone(small_site):
    from igfapp.importing import import_content

    before = current_content_revision()
    import_content(small_site)
    assert current_content_revision() == before


# --- The triggers --------------------------------------------------------------------------


def test_every_content_table_has_a_trigger(db):
    tables = {model._meta.db_table for model in content_tracked_models()}
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
    content_revision.install_content_revision_triggers()
    content_revision.install_content_revision_triggers()
    before = current_content_revision().number
    Article.objects.create(slug="x", title="X", summary="s", order=9)
    assert current_content_revision().number == before + 1


def assert_installing_tracks_articles_again() -> None:
    """With an article trigger broken, a new article goes unseen; after installing, it is seen."""
    before = current_content_revision().number
    Article.objects.create(slug="x", title="X", summary="s", order=9)
    assert current_content_revision().number == before

    content_revision.install_content_revision_triggers()
    Article.objects.create(slug="y", title="Y", summary="s", order=10)
    assert current_content_revision().number == before + 1


def test_installing_puts_back_a_missing_trigger(db):
    """Installing checks the catalogue first (it runs after every flush); a trigger that is missing
    is created again, on either database."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for event in ("INSERT", "UPDATE", "DELETE"):
                cursor.execute(f'DROP TRIGGER "igf_rev_igfapp_article_{event}"')
        else:
            cursor.execute('DROP TRIGGER igf_content_revision ON "igfapp_article"')
    assert_installing_tracks_articles_again()


def test_installing_replaces_a_trigger_of_another_form(db):
    """A trigger that exists but does something else (an older definition) is replaced: on SQLite
    the trigger itself, on PostgreSQL the one function every trigger calls."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute('DROP TRIGGER "igf_rev_igfapp_article_INSERT"')
            cursor.execute(
                'CREATE TRIGGER "igf_rev_igfapp_article_INSERT" AFTER INSERT ON "igfapp_article" BEGIN SELECT 1; END'
            )
        else:
            cursor.execute(
                "CREATE OR REPLACE FUNCTION igf_bump_content_revision() RETURNS trigger LANGUAGE plpgsql "
                "AS $$ BEGIN RETURN NULL; END; $$"
            )
    assert_installing_tracks_articles_again()


def test_an_immediate_postgresql_trigger_is_made_deferred_again(db):
    """An older database's row trigger fired at once (and two editors saving at once could deadlock
    on the revision row): installing replaces it. SQLite's triggers cannot be deferred."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'igf_rev_%'")
            assert cursor.fetchone()[0] >= 3 * len(content_tracked_models())
            return
        cursor.execute('DROP TRIGGER igf_content_revision ON "igfapp_article"')
        cursor.execute(
            'CREATE CONSTRAINT TRIGGER igf_content_revision AFTER INSERT OR UPDATE OR DELETE ON "igfapp_article" '
            "NOT DEFERRABLE FOR EACH ROW EXECUTE FUNCTION igf_bump_content_revision()"
        )
        content_revision.install_content_revision_triggers()
        cursor.execute(
            "SELECT tgdeferrable, tginitdeferred FROM pg_trigger WHERE tgname = 'igf_content_revision' "
            "AND tgrelid = '\"igfapp_article\"'::regclass"
        )
        assert cursor.fetchone() == (True, True)


def test_the_content_revision_row_comes_back_after_a_flush(db):
    ContentRevision.objects.all().delete()
    assert current_content_revision().number == 0
    Article.objects.create(slug="x", title="X", summary="s", order=9)
    assert current_content_revision().number == 1


# --- The release ---------------------------------------------------------------------------


def test_the_release_stamp_follows_templates_but_not_bytecode(tmp_path, monkeypatch):
    template = tmp_path / "templates" / "page.html"
    template.parent.mkdir()
    template.write_text("<p>one</p>")
    monkeypatch.setattr(content_revision, "_release_sources", lambda: [tmp_path / "templates"])
    before, _ = content_revision._stamp_files()

    (tmp_path / "templates" / "__pycache__").mkdir()
    (tmp_path / "templates" / "__pycache__" / "x.cpython-313.pyc").write_bytes(b"\0")
    assert content_revision._stamp_files()[0] == before

    template.write_text("<p>two, longer</p>")
    assert content_revision._stamp_files()[0] != before


def test_two_copies_of_one_release_have_one_stamp(tmp_path, monkeypatch, settings):
    """Two servers unpacked in two folders at two times send the same ETags and share stored tiers."""
    import os
    import shutil

    settings.DEBUG = False
    first = tmp_path / "one" / "templates"
    first.mkdir(parents=True)
    (first / "page.html").write_text("<p>the same release</p>")
    second = tmp_path / "elsewhere" / "deeper" / "templates"
    shutil.copytree(first, second)
    os.utime(second / "page.html", (1_000_000, 1_000_000))  # another file time
    stamps = []
    for source in (first, second):
        monkeypatch.setattr(content_revision, "_release_sources", lambda source=source: [source])
        stamps.append(content_revision._stamp_files())
    assert stamps[0] == stamps[1]
    assert stamps[0][1] == 0.0  # no file time in production: the release step moves Last-Modified on

    (second / "page.html").write_text("<p>another release</p>")
    assert content_revision._stamp_files()[0] != stamps[0][0]
    monkeypatch.setenv("IGF_RELEASE", "v2026.12.07")
    assert content_revision._stamp_files()[0] == content_revision._stamp_files()[0] != stamps[0][0]


def test_the_release_step_moves_the_content_revision_on(db):
    before = current_content_revision()
    after = content_revision.mark_new_release()
    assert after.number == before.number + 1 and after.changed_at >= before.changed_at
