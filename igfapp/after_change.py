"""What happens after content changes: every stored thing it affects is rendered again, once.

The one place the write side turns a change into what readers get, above everything it calls: a
model's HTML fields (html_fields.py), the factor rows' stored details (factor_details.py), the
tiers as readers get them (reader_pages.py), the search index's rows (search_index/), and the
public change log (change_log.py: every change to what readers see, recorded once, whichever path
made it). Called by the importer after a load, by the admin after
a save, publish, revert, recovery or deletion, and by the release step.

An editor's request does only what the edited item's own page needs: its HTML fields, and its rows
in the search index (a few rows, written in the edit's transaction, so search never lags). The rest runs
in a background task (`render_after_change`, Django's tasks framework; a worker runs it, or the
request itself with the immediate backend) once the change has committed, once per transaction:
- the factor rows' stored details that can show the item are cleared in the request, so readers'
  tables render those rows live (and right) until the task stores them again;
- the stored tiers carry the content revision they were rendered at, so a changed tier is rendered
  live (and right) until the task stores it again (reader_pages.py);
- a glossary term's name, aliases or status change which words are linked in every text, and a
  reference's details appear in every note that cites it: those re-render every HTML field in the
  task, so other items' links follow within the worker's delay (README, "Running on several
  servers"); the term's or reference's own text is new at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.tasks import task

from .change_log import IMPORT_REASON, record_public_changes
from .factor_details import clear_stored_details, render_stored_details
from .html_fields import render_all_fields, render_fields_of
from .models import GlossaryTerm, LifestyleFactor, Reference, SitePage
from .reader_pages import render_reader_pages
from .search_index import drop_orphans, index_item, rebuild_index


@task
def render_after_change(*, everything: bool = False, factor_ids: list[int] | None = None) -> None:
    """The background half of a change: every HTML field (`everything`), the factor rows' details
    (`factor_ids`, None: all), then the tiers as readers get them."""
    with transaction.atomic():
        if everything:
            render_all_fields()
        # After the fields: a row's details show the mechanisms', notes' and factor's HTML.
        render_stored_details(factor_ids)
    render_reader_pages()


@dataclass
class PendingRender:
    """What one transaction's changes ask of the task; enqueued once, when the transaction commits."""

    everything: bool = False
    factor_ids: set[int] | None = field(default_factory=set)  # None: every factor

    def add(self, *, everything: bool, factor_ids: list[int] | None) -> None:
        self.everything |= everything
        if factor_ids is None or self.factor_ids is None:
            self.factor_ids = None
        else:
            self.factor_ids.update(factor_ids)

    def __call__(self) -> None:
        ids = None if self.factor_ids is None else sorted(self.factor_ids)
        render_after_change.enqueue(everything=self.everything, factor_ids=ids)


def queue_render(*, everything: bool = False, factor_ids: list[int] | None = None) -> None:
    """Ask for the background render once this transaction commits (at once outside one)."""
    pending = next((c for _, c, _ in connection.run_on_commit if isinstance(c, PendingRender)), None)
    if pending is None:
        pending = PendingRender()
        pending.add(everything=everything, factor_ids=factor_ids)
        # Robust: the change is committed by then; if queueing failed, readers get the live render
        # (the stored pages' revision no longer matches) and the error is logged.
        transaction.on_commit(pending, robust=True)
    else:
        pending.add(everything=everything, factor_ids=factor_ids)


@transaction.atomic
def after_everything_changed() -> None:
    """After an import (or a new release's templates): every HTML field and every factor row's
    details now (no editor waits on an import), the tiers in the background. What readers see
    that changed is recorded (change_log.py), with the files' `change:` notes (an import gives them)."""
    render_all_fields()
    render_stored_details()
    record_public_changes(default_reason=IMPORT_REASON)
    rebuild_index()
    queue_render(factor_ids=[])


def after_edit(obj) -> None:
    """After an edit of `obj`: its own HTML fields now, what readers see of it recorded (with the
    reason the admin gives, change_log.change_note), its search index rows; what else it shows on,
    in the background."""
    render_fields_of(obj)
    record_public_changes()
    index_item(obj)
    everything = isinstance(obj, GlossaryTerm | Reference)
    factor_ids = None if everything else factors_showing(obj)
    clear_stored_details(factor_ids)
    queue_render(everything=everything, factor_ids=factor_ids)


def after_delete() -> None:
    """After a deletion: every factor row's details (a deleted mechanism, note, term, reference or
    section may have been listed in any of them; its links are gone, so which is unknown)."""
    record_public_changes(default_reason="Removed by the editors.")
    clear_stored_details(None)
    drop_orphans()
    queue_render(factor_ids=None)


def factors_showing(obj) -> list[int] | None:
    """The ids of the factors whose expanded row can show `obj`, or None for "any of them".

    Only a factor's own edit is narrowed to itself: its form edits everything its row lists (its
    mechanism links, passages, citations). A mechanism's, note's or tier's form can also *remove* a
    factor from what it shows (an inline link deleted, a note's factors changed, a section deleted),
    after which the relation no longer names the factor, so those re-render every row: about a
    millisecond a row, and only changed rows are written.
    """
    if isinstance(obj, LifestyleFactor):
        return [obj.pk]
    if isinstance(obj, SitePage):
        return []  # a page about the site is shown on no factor row
    return None
