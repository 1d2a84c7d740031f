"""No lost edits: the optimistic-concurrency tokens, and what a refused save shows.

Every content model has a `version` counter, moved on by every save (`bump_version`); a published
item's draft has its own token (PendingChange). A form carries both from load to save
(forms.EditorialForm); when either has moved on, the save is refused with a `Conflict`: who saved
in between, and what they changed, as a diff the editor can merge from.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from ..models import PendingChange
from .diffs import ObjectChange, diff_snapshots
from .history import author_of, stored_version_number, version_numbered, versions_of
from .snapshots import current_snapshot, draft_snapshot, revision_snapshot, root_key


def bump_version(obj) -> None:
    """Move `obj.version` past the stored one (before saving it), so older forms are refused."""
    current = type(obj)._default_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
    obj.version = (current or obj.version) + 1


@dataclass
class Conflict:
    """What another editor (or an import) changed since a form was loaded."""

    message: str
    changes: list[ObjectChange]
    title: str = "Someone else saved this first"


IMPORTED = (
    "An import of content/ (import_content) changed this item after you opened it. Nothing was saved; your "
    "text is still in the form below. What the import changed is shown here: copy what you need into your "
    "text, then save again to replace the imported version."
)


def describe_version_conflict(obj, loaded_version: int, current_version: int) -> Conflict:
    """Someone saved the item after the form was opened at `loaded_version`; it is at `current_version` now."""
    latest = versions_of(obj).first()
    latest_revision = latest.revision if latest is not None else None
    loaded = version_numbered(obj, loaded_version)
    changes = diff_snapshots(revision_snapshot(loaded.revision), current_snapshot(obj), root_key(obj)) if loaded else []
    if latest is None or stored_version_number(latest) != current_version:
        # Every admin write records a revision of the version it wrote; an import records none.
        return Conflict(IMPORTED, changes, "An import changed this first")
    message = (
        f"{author_of(latest_revision)} saved this item at {timezone.localtime(latest_revision.date_created):%Y-%m-%d %H:%M} "
        "after you opened it. Nothing was saved; your text is still in the form below. Their changes are "
        "shown here: copy what you need into your text, then save again to replace their version."
    )
    return Conflict(message, changes)


def describe_draft_conflict(obj, pending: PendingChange) -> Conflict:
    """Someone saved a draft of the item after the form was opened."""
    who = pending.saved_by.get_username() if pending.saved_by else "someone"
    message = (
        f"{who} saved a draft of this item at {timezone.localtime(pending.saved_at):%Y-%m-%d %H:%M} after you "
        "opened it. Nothing was saved; your text is still in the form below. Their draft's changes to the "
        "published version are shown here: merge what you need, then save again to replace their draft."
    )
    return Conflict(message, diff_snapshots(current_snapshot(obj), draft_snapshot(obj, pending), root_key(obj)))


def stale_draft_changes(obj, pending: PendingChange) -> list[ObjectChange] | None:
    """Published changes made after `pending` was started (None when it started from the current
    version; [] when they happened but its starting version is not in the history)."""
    if pending.base_version == obj.version:
        return None
    base = version_numbered(obj, pending.base_version)
    if base is None:
        return []
    return diff_snapshots(revision_snapshot(base.revision), current_snapshot(obj), root_key(obj))
