"""What happens after content changes: every stored thing it affects is rendered again, once.

The one place the write side turns a change into what readers get, above everything it calls: a
model's HTML fields (html_fields.py), the factor rows' stored details (factor_details.py), and the
tiers as readers get them (reader_pages.py, after the transaction commits). Called by the importer
after a load, by the admin after a save, publish, revert, recovery or deletion, and by the
import_content command when a deploy brings new templates.
"""

from __future__ import annotations

from django.db import transaction

from .factor_details import render_stored_details
from .html_fields import render_all_fields, render_fields_of
from .models import GlossaryTerm, LifestyleFactor, Reference
from .reader_pages import render_reader_pages_on_commit


@transaction.atomic
def after_everything_changed() -> None:
    """After an import (or a new release's templates): every HTML field, every factor row's details,
    every tier."""
    render_all_fields()
    # Last: a row's details show the mechanisms', notes' and factor's HTML rendered just above.
    render_stored_details()
    render_reader_pages_on_commit()


def after_edit(obj) -> None:
    """Refresh the stored HTML an edit of `obj` affects (once, at save time; never per request).

    A glossary term's name, aliases or status change which words are linked on every page, and a
    reference's details appear in every note that cites it, so those re-render everything: a few
    hundred bodies take well under a second at this site's scale, and only changed rows are written.
    Then the factor rows' stored details that can show `obj` (`factors_showing`).
    """
    if isinstance(obj, GlossaryTerm | Reference):
        after_everything_changed()
        return
    render_fields_of(obj)
    render_stored_details(factors_showing(obj))
    render_reader_pages_on_commit()  # any edit can show on a tier (its text, a term, a note, a row)


def after_delete() -> None:
    """After a deletion: the factor rows' stored details (a deleted mechanism, note, term, reference
    or section may have been listed in any of them; its links are gone, so which is unknown)."""
    render_stored_details()
    render_reader_pages_on_commit()


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
    return None
