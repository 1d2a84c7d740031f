"""No lost edits: the stamp every admin action carries, and what a refused action shows.

Every content model has a `version` counter, moved on by every save (`bump_version`); a published
item's draft has its own identity (the PendingChange row and its token, moved on by every draft
save). `stamp_of` writes both as one short text. Every page that leads to a change of an item
carries the stamp of what it showed: the change form (save, save draft, publish, discard draft),
the revert and delete confirmations, each row of a list (publish or unpublish selected, delete
selected). Before acting, the admin asks `conflict_since(item, stamp)` under the content-write
lock; when the item or its draft moved on, the action is refused with a `Conflict`: who changed it
in between and what they changed, as a diff the editor can merge from. A deleted item's recovery
is stamped the same way with its deletion (`deletion_stamp`, `recovery_conflict`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from reversion.models import Version

from ..models import DiscardedDraft, PendingChange
from .diffs import ObjectChange, diff_snapshots
from .drafts import as_pending_change, pending_change
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
    "An import of content/ (import_content) changed this item after you opened it. What it changed is shown here."
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
        "after you opened it. Their changes are shown here."
    )
    return Conflict(message, changes)


def describe_draft_conflict(obj, pending: PendingChange) -> Conflict:
    """Someone saved a draft of the item after the form was opened."""
    who = pending.saved_by.get_username() if pending.saved_by else "someone"
    message = (
        f"{who} saved a draft of this item at {timezone.localtime(pending.saved_at):%Y-%m-%d %H:%M} after you "
        "opened it. Their draft's changes to the published version are shown here."
    )
    return Conflict(message, diff_snapshots(current_snapshot(obj), draft_snapshot(obj, pending), root_key(obj)))


LOST_TRACK = Conflict(
    "This page lost track of the version it was opened at. Reload it to see the item as it is now.",
    [],
    "Reload before acting",
)


def stamp_of(obj) -> str:
    """The item's version and its draft's identity, as a page carries them: "7", or "7:12.3"
    (draft row 12 at its 3rd save). A discarded draft's successor is a new row, so never the same."""
    pending = pending_change(obj)
    return format_stamp(obj.version, pending.pk if pending else None, pending.draft_token if pending else None)


def format_stamp(version: int, draft_id: int | None, draft_token: int | None) -> str:
    """stamp_of's text from its parts (a list reads the draft's id and token with its rows)."""
    return f"{version}:{draft_id}.{draft_token}" if draft_id is not None else str(version)


def _parse_stamp(stamp) -> tuple[int, str] | None:
    version, _, draft = str(stamp or "").partition(":")
    if not (version.isascii() and version.isdigit()) or len(version) > 18:
        return None
    return int(version), draft


def conflict_since(obj, stamp) -> Conflict | None:
    """None when `obj` and its draft are as `stamp` (from stamp_of) says; else what changed since.

    Reads the item's row afresh; call it under content_sync.lock_content_writes, in the transaction
    that acts, so nothing can change between the check and the action.
    """
    parsed = _parse_stamp(stamp)
    if parsed is None:
        return LOST_TRACK
    loaded_version, loaded_draft = parsed
    current_version = type(obj)._default_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
    if current_version is None:
        return Conflict("This item was deleted after you opened it.", [], "Deleted meanwhile")
    if loaded_version != current_version:
        return describe_version_conflict(obj, loaded_version, current_version)
    pending = pending_change(obj)
    current_draft = f"{pending.pk}.{pending.draft_token}" if pending else ""
    if loaded_draft == current_draft:
        return None
    if pending is not None:
        return describe_draft_conflict(obj, pending)
    return describe_discarded_draft(obj)


def describe_discarded_draft(obj) -> Conflict:
    """The draft the page showed was discarded after it was opened (it is kept in the history)."""
    kept = (
        DiscardedDraft.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk)
        .select_related("discarded_by")
        .first()
    )
    who = (kept.discarded_by.get_username() if kept and kept.discarded_by else "") or "someone"
    when = f" at {timezone.localtime(kept.discarded_at):%Y-%m-%d %H:%M}" if kept else ""
    message = (
        f"{who} discarded the draft you were looking at{when}, after you opened it. The discarded draft is "
        "kept in the item's history, where it can be restored; its changes to the published version are shown here."
    )
    changes = []
    if kept is not None:
        changes = diff_snapshots(current_snapshot(obj), draft_snapshot(obj, as_pending_change(kept)), root_key(obj))
    return Conflict(message, changes, "The draft was discarded meanwhile")


def deletion_stamp(version: Version) -> str:
    """What a recovery page carries: the deleted version it offers to bring back."""
    return str(version.pk)


def recovery_conflict(version: Version, stamp) -> Conflict | None:
    """None when `version` is still the last recorded state of a deleted item, as the page showed it."""
    if str(stamp or "") != deletion_stamp(version):
        return LOST_TRACK
    model = version._model
    obj = model._default_manager.filter(pk=version.object_id).first()
    if obj is not None:
        latest = versions_of(obj).first()
        who = author_of(latest.revision) if latest else "someone"
        return Conflict(
            f"{who} recovered (or re-created) this item after you opened the page. What it holds now, "
            "compared with the version you chose, is shown here.",
            diff_snapshots(revision_snapshot(version.revision), current_snapshot(obj), root_key(obj)),
            "Already back",
        )
    newest = Version.objects.get_for_object_reference(model, version.object_id).first()
    if newest is not None and newest.pk != version.pk:
        return Conflict(
            f"{author_of(newest.revision)} changed this item after you opened the page: it was recovered and "
            "deleted again. Recover its newest version from the list of deleted items.",
            diff_snapshots(
                revision_snapshot(version.revision),
                revision_snapshot(newest.revision),
                (model._meta.label, str(version.object_id)),
            ),
            "Changed meanwhile",
        )
    return None


def stale_draft_changes(obj, pending: PendingChange) -> list[ObjectChange] | None:
    """Published changes made after `pending` was started (None when it started from the current
    version; [] when they happened but its starting version is not in the history)."""
    if pending.base_version == obj.version:
        return None
    base = version_numbered(obj, pending.base_version)
    if base is None:
        return []
    return diff_snapshots(revision_snapshot(base.revision), current_snapshot(obj), root_key(obj))
