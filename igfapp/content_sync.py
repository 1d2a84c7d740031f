"""Whether the database and content/ agree, so that an import never loses an editor's work.

Editors work in the admin; content/ is versioned like code. `export_content` writes the admin's
work into content/, and `import_content` loads content/ into the database. An import that ran
after an unexported admin edit would silently overwrite it (or delete an item created in the
admin), so every item kept in its own file records the version at which the two last agreed
(`KeptInFiles.synced_version`, set by every import and export), and an import that would change
or delete an item edited since then is refused as a whole, naming each item.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q

from .models import Article, EvidenceNote, GlossaryTerm, LifestyleFactor, Mechanism, PendingChange, Reference

# Kind of file (the folder name under content/) -> model and the field that names its file.
KEPT_IN_FILES = {
    "articles": (Article, "slug"),
    "glossary": (GlossaryTerm, "slug"),
    "references": (Reference, "key"),
    "mechanisms": (Mechanism, "slug"),
    "factors": (LifestyleFactor, "slug"),
    "evidence": (EvidenceNote, "slug"),
}

Item = tuple[str, str]  # (kind, slug or key)


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


def items_with_drafts() -> set[Item]:
    """Items with unpublished changes kept aside (drafts are not in content/)."""
    drafted = set()
    for kind, (model, name_field) in KEPT_IN_FILES.items():
        ids = PendingChange.objects.filter(content_type=ContentType.objects.get_for_model(model)).values("object_id")
        drafted.update((kind, name) for name in model.objects.filter(pk__in=ids).values_list(name_field, flat=True))
    return drafted


def mark_all_synced() -> None:
    """After an import (inside its transaction): the database and content/ agree on every item."""
    for model, _ in KEPT_IN_FILES.values():
        model.objects.filter(_edited_since_sync()).update(synced_version=F("version"))


UnsyncedVersions = list[tuple[type, int, int]]  # (model, pk, version)


def unsynced_versions() -> UnsyncedVersions:
    """The versions of the items edited since the last sync, read before an export reads them."""
    return [
        (model, pk, version)
        for model, _ in KEPT_IN_FILES.values()
        for pk, version in model.objects.filter(_edited_since_sync()).values_list("pk", "version")
    ]


def mark_exported(versions: UnsyncedVersions) -> None:
    """After an export: those items are in content/ now, unless saved again meanwhile (they stay
    unsynced, so the next import still protects the newer edit)."""
    for model, pk, version in versions:
        model.objects.filter(pk=pk, version=version).update(synced_version=version)


def delete_orphaned_drafts() -> None:
    """Drafts of items an import deleted (only when told to discard admin work)."""
    for model, _ in KEPT_IN_FILES.values():
        content_type = ContentType.objects.get_for_model(model)
        PendingChange.objects.filter(content_type=content_type).exclude(
            object_id__in=model.objects.values("pk")
        ).delete()


@dataclass(frozen=True)
class UnexportedEdit:
    kind: str
    name: str
    deleted: bool  # the import would delete the item (it has no file), not overwrite it
    reason: str  # "edited" (in the admin since the last import or export) or "draft"

    def __str__(self) -> str:
        action = "delete" if self.deleted else "overwrite"
        if self.reason == "draft":
            return f"{self.kind}/{self.name}: has an unpublished draft, and the import would {action} the item"
        return f"{self.kind}/{self.name}: edited in the admin since content/ was last imported or exported; the import would {action} it"


class UnexportedAdminEdits(Exception):
    """An import would lose editors' work. Nothing was changed."""

    def __init__(self, edits: list[UnexportedEdit]):
        self.edits = edits
        super().__init__("\n".join(str(edit) for edit in edits))


@dataclass
class SyncGuard:
    """What the database held before an import, to judge the items the import changes or deletes."""

    edited: set[Item]
    drafted: set[Item]

    @classmethod
    def before_import(cls) -> SyncGuard:
        return cls(items_edited_since_sync(), items_with_drafts())

    def losses(self, changed: set[Item], deleted: set[Item]) -> list[UnexportedEdit]:
        """The admin work that changing `changed` and deleting `deleted` would lose."""
        found = [UnexportedEdit(kind, name, False, "edited") for kind, name in changed & self.edited]
        found += [UnexportedEdit(kind, name, True, "edited") for kind, name in deleted & self.edited]
        found += [UnexportedEdit(kind, name, True, "draft") for kind, name in (deleted & self.drafted) - self.edited]
        return sorted(found, key=lambda edit: (edit.kind, edit.name))
