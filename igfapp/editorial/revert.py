"""Reverting an item (and what it owns) to a recorded version, as one recorded edit; recovering a
deleted item from its last recorded version.

Versions only grow: restored rows get a new version number, so a form opened before the revert is
refused rather than silently overwriting it. The item keeps its publication status (a revert
restores text, it does not publish or unpublish); the caller renders what it changed
(after_change.after_edit). A recovered item
comes back as its last version stored it (status included), with the relations whose other end
still exists, and is no longer recorded as deleted (content_sync.forget_admin_deletion).
"""

from __future__ import annotations

from django.db import models, transaction
from django.utils import timezone
from reversion.models import Version

from .content_sync import forget_admin_deletion
from .history import author_of, ensure_baseline, followed, record_revision
from .snapshots import current_snapshot


@transaction.atomic
def revert(obj, version: Version, user) -> models.Model:
    """Restore `obj` (and what it owns) to `version`, keep its publication status, record; the
    restored item, read back."""
    ensure_baseline(obj)
    model = type(obj)
    before = current_snapshot(obj)
    highest = max((state.fields.get("version") or 0) for state in before.values())
    status = getattr(model._default_manager.get(pk=obj.pk), "status", None)
    version.revision.revert(delete=True)
    restored = model._default_manager.get(pk=obj.pk)
    now = timezone.now()
    for item in followed(restored):
        type(item)._default_manager.filter(pk=item.pk).update(version=highest + 1, updated_at=now)
    if status is not None:
        model._default_manager.filter(pk=obj.pk).update(status=status)
    restored.refresh_from_db()
    when = timezone.localtime(version.revision.date_created)
    record_revision(
        restored, user, f"Reverted to the version of {when:%Y-%m-%d %H:%M} ({author_of(version.revision)})."
    )
    return restored


@transaction.atomic
def recover(version: Version, user) -> models.Model:
    """Bring back the deleted item `version` recorded, and what its revision recorded with it."""
    stored = sorted(version.revision.version_set.all(), key=lambda v: v.pk != version.pk)  # the item first
    for each in stored:
        _restore(each)
    obj = version._model._default_manager.get(pk=version.object_id)
    now = timezone.now()
    for item in followed(obj):  # a form opened before the deletion is refused, not applied
        type(item)._default_manager.filter(pk=item.pk).update(version=models.F("version") + 1, updated_at=now)
    obj.refresh_from_db()
    forget_admin_deletion(obj)
    when = timezone.localtime(version.revision.date_created)
    record_revision(obj, user, f"Recovered after deletion: the version of {when:%Y-%m-%d %H:%M}.")
    return obj


def _restore(version: Version) -> None:
    """Save a stored row again, linking only to rows that still exist (what was deleted since stays unlinked)."""
    restored = version._object_version
    for field in restored.object._meta.concrete_fields:
        target = field.related_model
        value = getattr(restored.object, field.attname)
        if target is not None and value is not None and not target._default_manager.filter(pk=value).exists():
            if not field.null:
                return  # e.g. a mechanism link whose mechanism is gone: nothing to link it to
            setattr(restored.object, field.attname, None)
    for name, pks in restored.m2m_data.items():
        target = restored.object._meta.get_field(name).related_model
        present = set(target._default_manager.filter(pk__in=pks).values_list("pk", flat=True))
        restored.m2m_data[name] = [pk for pk in pks if pk in present]  # in the stored order
    restored.save()
