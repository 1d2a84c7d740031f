"""Reverting an item (and what it owns) to a recorded version, as one recorded edit.

Versions only grow: restored rows get a new version number, so a form opened before the revert is
refused rather than silently overwriting it. The item keeps its publication status (a revert
restores text, it does not publish or unpublish), and its HTML is rendered again.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from reversion.models import Version

from ..publishing import render_after_edit
from .history import author_of, ensure_baseline, followed, record_revision
from .snapshots import current_snapshot


@transaction.atomic
def revert(obj, version: Version, user) -> None:
    """Restore `obj` (and what it owns) to `version`, keep its publication status, re-render, record."""
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
    render_after_edit(restored)
    when = timezone.localtime(version.revision.date_created)
    record_revision(
        restored, user, f"Reverted to the version of {when:%Y-%m-%d %H:%M} ({author_of(version.revision)})."
    )
