"""Whether the database and content/ agree, so that an import never loses an editor's work.

Editors work in the admin; content/ is versioned like code. `export_content` writes the admin's
work into content/, and `import_content` loads content/ into the database. An import that ran
after an unexported admin edit would silently overwrite it (or delete an item created in the
admin, or bring back one deleted there). So every item kept in its own file records the version
at which the two last agreed (`KeptInFiles.synced_version`, set by every import and export), the
admin records deletions (`DeletedItem`), and an import that would overwrite, delete or bring back
such an item (or delete one with an unpublished draft) is refused as a whole, naming each item.
The admin's home page lists that work (`unexported_work`, shown by `{% unexported_work %}`).

An import and an admin write never interleave: both first take `lock_content_writes` (a row lock
on the content revision's one row), and the import reads its guard inside it, so an admin save
either commits before the guard is read (and is seen) or waits until the import has committed
(and is refused by its form's version check, which then says an import changed the item).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from ..kinds import KINDS
from ..models import (
    ContentRevision,
    DeletedItem,
    DiscardedDraft,
    PendingChange,
)

# Kind of file (the folder name under content/) -> model and the field that names its file.
KEPT_IN_FILES = {kind.name: (kind.model, kind.name_field) for kind in KINDS}

Item = tuple[str, str]  # (kind, slug or key)


def lock_content_writes() -> None:
    """Take the lock every content write of the admin and every import hold until they commit.

    A row lock (SELECT ... FOR UPDATE) on the content revision's one row on PostgreSQL; on SQLite,
    where every transaction begins IMMEDIATE (settings), beginning it already took the write lock.
    Call it first in the transaction, before any content row is locked, so two writers queue here
    instead of deadlocking on each other's rows.
    """
    locked = ContentRevision.objects.select_for_update().filter(pk=1)
    if not list(locked.values_list("pk", flat=True)):  # a flush removed the row: recreate it
        ContentRevision.objects.bulk_create(
            [ContentRevision(pk=1, number=0, changed_at=timezone.now())], ignore_conflicts=True
        )
        list(locked.values_list("pk", flat=True))


def editor_of(obj) -> str:
    """Who last saved `obj` in the admin, as its recorded history says ("" when no one did)."""
    latest = Version.objects.get_for_object(obj).select_related("revision__user").first()
    return _name(latest.revision.user if latest is not None else None)


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _edited_since_sync() -> Q:
    return Q(synced_version__isnull=True) | ~Q(synced_version=F("version"))


def items_edited_since_sync() -> set[Item]:
    """Items saved in the admin (or created there) since content/ was last imported or exported."""
    edited = set()
    for kind, (model, name_field) in KEPT_IN_FILES.items():
        edited.update(
            (kind, name) for name in model.objects.filter(_edited_since_sync()).values_list(name_field, flat=True)
        )
    return edited


def unexported_items(limit: int) -> tuple[list, int]:
    """Up to `limit` items holding admin work content/ does not have yet (for the admin's notice),
    most recently changed first, and how many there are in all."""
    found, total = [], 0
    for model, _ in KEPT_IN_FILES.values():
        edited = model.objects.filter(_edited_since_sync())
        total += edited.count()
        found.extend(edited.order_by("-updated_at")[:limit])
    found.sort(key=lambda item: item.updated_at, reverse=True)
    return found[:limit], total


def unexported_work(shown: int) -> dict:
    """The admin home's notice: up to `shown` unexported items (newest first), the deletions, counts."""
    items, total = unexported_items(shown)
    rows = [
        {
            "label": str(item),
            "kind": item._meta.verbose_name,
            "changed": item.updated_at,
            "url": reverse(f"admin:{item._meta.app_label}_{item._meta.model_name}_change", args=[item.pk]),
        }
        for item in items
    ]
    deletions = list(DeletedItem.objects.select_related("deleted_by").order_by("-deleted_at"))
    for deletion in deletions:  # the way back (admin_history's recover views)
        model = KEPT_IN_FILES[deletion.kind][0]
        deletion.recover_url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_recoverlist")
    return {"rows": rows, "more": total - len(rows), "deletions": deletions, "total": total + len(deletions)}


def items_with_drafts() -> set[Item]:
    """Items with unpublished changes kept aside (drafts are not in content/)."""
    drafted = set()
    for kind, (model, name_field) in KEPT_IN_FILES.items():
        ids = PendingChange.objects.filter(content_type=ContentType.objects.get_for_model(model)).values("object_id")
        drafted.update((kind, name) for name in model.objects.filter(pk__in=ids).values_list(name_field, flat=True))
    return drafted


def items_deleted_since_sync() -> set[Item]:
    """Items deleted in the admin whose files content/ still has."""
    return set(DeletedItem.objects.values_list("kind", "name"))


def existing_items() -> set[Item]:
    return {
        (kind, name)
        for kind, (model, name_field) in KEPT_IN_FILES.items()
        for name in model.objects.values_list(name_field, flat=True)
    }


def record_admin_deletion(obj, user) -> None:
    """Remember that `obj` was deleted in the admin, so an import does not quietly bring it back."""
    for kind, (model, name_field) in KEPT_IN_FILES.items():
        if type(obj) is model:
            deleted_by = user if user is not None and user.is_authenticated else None
            DeletedItem.objects.update_or_create(
                kind=kind, name=getattr(obj, name_field), defaults={"deleted_by": deleted_by}
            )


def forget_admin_deletion(obj) -> None:
    """`obj` was recovered: it is no longer a deletion the next export or import must know of. (It
    stays unexported work until then: content/ need not hold the version it came back as.)"""
    for kind, (model, name_field) in KEPT_IN_FILES.items():
        if type(obj) is model:
            DeletedItem.objects.filter(kind=kind, name=getattr(obj, name_field)).delete()
            model.objects.filter(pk=obj.pk).update(synced_version=None)


def mark_all_synced() -> None:
    """After an import (inside its transaction): the database and content/ agree on every item."""
    for model, _ in KEPT_IN_FILES.values():
        model.objects.filter(_edited_since_sync()).update(synced_version=F("version"))
    DeletedItem.objects.all().delete()


@dataclass(frozen=True)
class SyncPoint:
    """What an export is about to write: the unsynced items' versions and the deletions so far."""

    versions: list[tuple[type, int, int]]  # (model, pk, version)
    last_deletion: int  # the id of the newest deletion record, 0 if none

    @classmethod
    def now(cls) -> SyncPoint:
        versions = [
            (model, pk, version)
            for model, _ in KEPT_IN_FILES.values()
            for pk, version in model.objects.filter(_edited_since_sync()).values_list("pk", "version")
        ]
        last = DeletedItem.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        return cls(versions, last)


def mark_exported(point: SyncPoint) -> None:
    """After an export: what `point` saw is in content/ now. An item saved again (or deleted)
    meanwhile stays unsynced, so the next import still protects the newer work."""
    for model, pk, version in point.versions:
        model.objects.filter(pk=pk, version=version).update(synced_version=version)
    DeletedItem.objects.filter(pk__lte=point.last_deletion).delete()


def delete_orphaned_drafts() -> None:
    """Drafts of items an import deleted (only when told to discard admin work), each kept as a
    DiscardedDraft first: it comes back into view if its item is recovered."""
    for model, _ in KEPT_IN_FILES.values():
        content_type = ContentType.objects.get_for_model(model)
        orphans = PendingChange.objects.filter(content_type=content_type).exclude(
            object_id__in=model.objects.values("pk")
        )
        for pending in orphans:
            repr_ = f"{model._meta.verbose_name} {pending.object_id} (deleted)"
            DiscardedDraft.keep(
                pending, repr_, user=None, reason="Its item was deleted by an import told to discard admin work."
            )
        orphans.delete()


@dataclass(frozen=True)
class UnexportedEdit:
    kind: str
    name: str
    action: str  # what the import would do to it: "overwrite", "delete" or "bring back"
    reason: str  # "edited" or "deleted" (in the admin since the last sync), "draft", or "meanwhile"
    editor: str = ""  # who did it, when the history knows

    WHY = {
        "edited": "edited in the admin{by} since content/ was last imported or exported",
        "deleted": "deleted in the admin{by} since content/ was last imported or exported",
        "draft": "has an unpublished draft{by}",
        "meanwhile": "changed in the admin{by} while this import ran",
    }

    HOW = {"overwrite": "overwrite it", "delete": "delete it", "bring back": "bring it back"}

    def __str__(self) -> str:
        why = self.WHY[self.reason].format(by=f" by {self.editor}" if self.editor else "")
        return f"{self.kind}/{self.name}: {why}; the import would {self.HOW[self.action]}"


class UnexportedAdminEdits(Exception):
    """An import would lose editors' work. Nothing was changed."""

    def __init__(self, edits: list[UnexportedEdit]):
        self.edits = edits
        super().__init__("\n".join(str(edit) for edit in edits))


@dataclass
class SyncGuard:
    """What the database held before an import, to judge what the import changes, deletes or creates."""

    existing: set[Item]
    edited: set[Item]
    drafted: set[Item]
    deleted_in_admin: set[Item]

    @classmethod
    def before_import(cls) -> SyncGuard:
        return cls(existing_items(), items_edited_since_sync(), items_with_drafts(), items_deleted_since_sync())

    def losses(self, changed: set[Item], deleted: set[Item]) -> list[UnexportedEdit]:
        """The admin work that changing (or creating) `changed` and deleting `deleted` would lose."""
        found = [UnexportedEdit(*item, "overwrite", "edited") for item in changed & self.existing & self.edited]
        found += [
            UnexportedEdit(*item, "bring back", "deleted") for item in (changed - self.existing) & self.deleted_in_admin
        ]
        found += [UnexportedEdit(*item, "delete", "edited") for item in deleted & self.edited]
        found += [UnexportedEdit(*item, "delete", "draft") for item in (deleted & self.drafted) - self.edited]
        found = [replace(edit, editor=_editor_of_item(edit)) for edit in found]
        return sorted(found, key=lambda edit: (edit.kind, edit.name))


def _editor_of_item(edit: UnexportedEdit) -> str:
    """Who did the admin work an import would lose: the deletion's, draft's or last save's author."""
    if edit.reason == "deleted":
        record = DeletedItem.objects.filter(kind=edit.kind, name=edit.name).select_related("deleted_by").first()
        return _name(record.deleted_by if record else None)
    model, name_field = KEPT_IN_FILES[edit.kind]
    obj = model.objects.filter(**{name_field: edit.name}).first()
    if obj is None:
        return ""
    if edit.reason == "draft":
        pending = PendingChange.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=obj.pk
        ).select_related("saved_by")
        return _name(pending[0].saved_by if pending else None)
    return editor_of(obj)


def changed_meanwhile(kind: str, name: str, obj) -> UnexportedAdminEdits:
    """The refusal of an import that found `obj` changed since it read it (a write that skipped the lock)."""
    return UnexportedAdminEdits([UnexportedEdit(kind, name, "overwrite", "meanwhile", editor_of(obj))])
