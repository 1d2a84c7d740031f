"""An import and an admin save at the same moment never silently overwrite each other (issue 14).

Each round runs a real import (its own thread and database connection) and a real admin save (the
test client) with one of them held open inside its transaction while the other starts, on
whichever database the suite runs on (SQLite with `make test`, PostgreSQL with `.ci/run postgres`).
A loss is an editor told "saved" whose text is not in the database afterwards.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection
from django.urls import reverse

from igfapp.admin import forms as editorial_forms
from igfapp.editorial.content_sync import SyncGuard, UnexportedAdminEdits
from igfapp.importing import import_content
from igfapp.models import GlossaryTerm
from tests.admin_helpers import form_data, submit

ROUNDS = 10
HOLD_SECONDS = 0.4  # how long the first party stays inside its transaction once the other has started


@pytest.fixture
def race_site(transactional_db, content_dir):
    import_content(content_dir)
    return content_dir


def write_definition(root, text: str) -> None:
    path = root / "glossary" / "igf-1.md"
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(f'plain: "{text}"\n' if line.startswith("plain:") else line for line in lines))


class ImportThread(threading.Thread):
    """Runs import_content once `start_when` is set; keeps what it reported."""

    def __init__(self, root, start_when: threading.Event):
        super().__init__(daemon=True)
        self.root, self.start_when, self.outcome = root, start_when, None

    def run(self):
        try:
            assert self.start_when.wait(10)
            import_content(self.root)
            self.outcome = "imported"
        except UnexportedAdminEdits as refusal:
            self.outcome = str(refusal)
        except Exception as error:
            self.outcome = f"failed: {error!r}"
        finally:
            connection.close()


def hold_open(monkeypatch, target, name: str, started: threading.Event, other_started: threading.Event):
    """Wrap `target.name` so that, inside its caller's transaction, it signals `started`, then stays
    there until the other party has started (and a little longer, for it to reach the database)."""
    original = getattr(target, name)

    def held(*args, **kwargs):
        result = original(*args, **kwargs)
        if not started.is_set():
            started.set()
            other_started.wait(10)
            time.sleep(HOLD_SECONDS)
        return result

    is_classmethod = isinstance(target.__dict__[name], classmethod)
    monkeypatch.setattr(target, name, classmethod(lambda cls: held()) if is_classmethod else held)


def one_round(root, client, n: int, monkeypatch, *, save_inside_import: bool):
    term = GlossaryTerm.objects.get(slug="igf-1")
    url = reverse("admin:igfapp_glossaryterm_change", args=[term.pk])
    data = form_data(client.get(url), "glossaryterm")
    mine = f"The definition as edited in the admin, round {n}."
    data["plain_definition"] = [mine]
    write_definition(root, f"The file's definition, round {n}.")
    import_started, save_started = threading.Event(), threading.Event()
    with monkeypatch.context() as patch:
        if save_inside_import:  # the save lands after the import read its guard
            hold_open(patch, SyncGuard, "before_import", import_started, save_started)
            importer = ImportThread(root, threading.Event())
            importer.start_when.set()
            importer.start()
            assert import_started.wait(10)
            save_started.set()
            response = submit(client, url, data, "_publish")
        else:  # the import starts while the save is between its version check and its write
            import_started.set()  # the hold below only waits for the import to start reaching the database
            # EditorialForm.clean checks the stamp (conflicts.conflict_since), then the admin writes.
            hold_open(patch, editorial_forms, "conflict_since", save_started, import_started)
            importer = ImportThread(root, save_started)
            importer.start()
            response = submit(client, url, data, "_publish")
        importer.join(30)
    return response, importer.outcome, mine


@pytest.mark.parametrize("save_inside_import", [True, False], ids=["save-inside-import", "import-inside-save"])
def test_an_import_and_an_admin_save_never_overwrite_each_other(
    race_site, editor_client, monkeypatch, save_inside_import
):
    losses = []
    for n in range(ROUNDS):
        response, imported, mine = one_round(
            race_site, editor_client, n, monkeypatch, save_inside_import=save_inside_import
        )
        stored = GlossaryTerm.objects.get(slug="igf-1").plain_definition
        assert not imported.startswith("failed"), imported
        if response.status_code == 302:  # the editor was told "saved"
            if stored != mine:
                losses.append((n, imported, stored))
            # An import refused because of the editor's save names the item and the editor.
            assert (imported == "imported" and stored == mine) or (
                "glossary/igf-1" in imported and "edna" in imported
            ), imported
        else:  # the editor was refused, and told the truth: an import changed it; the text is kept
            page = response.content.decode()
            assert "An import changed this first" in page and "saved this item" not in page
            assert mine in page
            assert imported == "imported"
        export_all_synced(race_site)
    assert losses == []


def export_all_synced(root) -> None:
    """Between rounds: content/ and the database agree again, as after an export."""
    from igfapp.exporting import export_content

    export_content(root)


def test_an_import_write_that_finds_its_row_changed_refuses_the_whole_import(small_site, monkeypatch):
    from django.db.models import F

    from igfapp.kinds import rows

    before = GlossaryTerm.objects.get(slug="igf-1")
    write_definition(small_site, "The file's new definition.")
    claim = rows.claim_version

    def written_meanwhile(obj, kind, name):  # as if a writer that skipped the lock had saved the row
        type(obj).objects.filter(pk=obj.pk).update(version=F("version") + 1)
        claim(obj, kind, name)

    monkeypatch.setattr(rows, "claim_version", written_meanwhile)
    with pytest.raises(UnexportedAdminEdits, match="glossary/igf-1: changed in the admin while this import ran"):
        import_content(small_site)
    after = GlossaryTerm.objects.get(slug="igf-1")
    assert (after.plain_definition, after.version) == (before.plain_definition, before.version)  # nothing changed
