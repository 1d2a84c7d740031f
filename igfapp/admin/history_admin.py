"""The admin's History screens for every content model: list, compare two versions, revert, and
recover a deleted item.

`HistoryAdminMixin` adds `<id>/history/compare/` and `<id>/history/<version>/revert/` to a
ModelAdmin and replaces Django's history list with django-reversion's versions. Comparing takes
two of: a recorded version, "current" (the item now) and "draft" (its unpublished draft). Items
kept in their own file (content_sync.KEPT_IN_FILES) also get `recover/` (the deleted ones) and
`recover/<version>/`; recovering needs the add and change permissions, as django-reversion asks.
Drafts that were discarded (drafts.DiscardedDraft) are listed with the versions: compared like them
("discarded-<id>") and restored as the item's draft at `<id>/history/discarded/<id>/restore/`.
Revert, recover and restore carry the stamp of what their page showed (conflicts.py) and are
refused when it changed meanwhile.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from reversion.models import Version

from ..after_change import after_edit
from ..change_log import change_note
from ..editorial.conflicts import deletion_stamp, recovery_conflict, stamp_of
from ..editorial.content_sync import KEPT_IN_FILES, lock_content_writes
from ..editorial.diffs import diff_snapshots
from ..editorial.drafts import (
    as_pending_change,
    discarded_drafts,
    is_draftable,
    pending_change,
    restore_discarded_draft,
)
from ..editorial.history import history_rows, stored_version_number, versions_of
from ..editorial.revert import recover, revert
from ..editorial.snapshots import Snapshot, current_snapshot, draft_snapshot, revision_snapshot, root_key
from ..models import DiscardedDraft, parse_id
from .refusals import refused_response, stale_items


class HistoryAdminMixin:
    """History, compare and revert views (for a ModelAdmin subclass)."""

    object_history_template = "admin/igfapp/object_history.html"

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        own = [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{prefix}_compare",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/revert/",
                self.admin_site.admin_view(self.revert_view),
                name=f"{prefix}_revert",
            ),
            path(
                "<path:object_id>/history/discarded/<int:discarded_id>/restore/",
                self.admin_site.admin_view(self.restore_discarded_view),
                name=f"{prefix}_restorediscarded",
            ),
        ]
        if self.recoverable():
            own += [
                path("recover/", self.admin_site.admin_view(self.recover_list_view), name=f"{prefix}_recoverlist"),
                path(
                    "recover/<int:version_id>/",
                    self.admin_site.admin_view(self.recover_view),
                    name=f"{prefix}_recover",
                ),
            ]
        return own + super().get_urls()

    def recoverable(self) -> bool:
        """Top-level items only: a section or a mechanism link comes back with its article or factor."""
        return any(self.model is model for model, _ in KEPT_IN_FILES.values())

    def item_url(self, name: str, obj, *args) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=[obj.pk, *args])

    def item_or_404(self, request, object_id, *, change: bool = False):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such item.")
        allowed = (
            self.has_change_permission(request, obj) if change else self.has_view_or_change_permission(request, obj)
        )
        if not allowed:
            raise PermissionDenied
        return obj

    def _history_context(self, request, obj, title: str) -> dict:
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "opts": self.opts,
            "object": obj,
            "change_url": self.item_url("change", obj),
            "history_url": self.item_url("history", obj),
            "compare_url": self.item_url("compare", obj),
            "has_change_permission": self.has_change_permission(request, obj),
        }

    def history_view(self, request, object_id, extra_context=None):
        obj = self.item_or_404(request, object_id)
        rows = history_rows(obj)
        for row in rows:
            row["revert_url"] = self.item_url("revert", obj, row["version"].pk)
        discarded = discarded_drafts(obj) if is_draftable(type(obj)) else []
        for kept in discarded:
            kept.restore_url = self.item_url("restorediscarded", obj, kept.pk)
        context = {
            **self._history_context(request, obj, f"History: {obj}"),
            "rows": rows,
            "pending": pending_change(obj),
            "discarded": discarded,
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.object_history_template, context)

    def compare_view(self, request, object_id):
        """Two versions side by side as a diff; 'current' and 'draft' stand for now and the pending draft."""
        obj = self.item_or_404(request, object_id)
        older, older_label = self._snapshot_for(obj, request.GET.get("from", ""))
        newer, newer_label = self._snapshot_for(obj, request.GET.get("to", "current"))
        context = {
            **self._history_context(request, obj, f"Compare versions: {obj}"),
            "changes": diff_snapshots(older, newer, root_key(obj)),
            "older_label": older_label,
            "newer_label": newer_label,
        }
        return TemplateResponse(request, "admin/igfapp/compare.html", context)

    def _snapshot_for(self, obj, choice: str) -> tuple[Snapshot, str]:
        if choice == "current":
            return current_snapshot(obj), "the published version" if is_draftable(type(obj)) else "now"
        if choice == "draft":
            pending = pending_change(obj)
            if pending is None:
                raise Http404("There is no pending draft.")
            return draft_snapshot(obj, pending), "the unpublished draft"
        if choice.startswith("discarded-"):
            kept = self._discarded_or_404(obj, choice.removeprefix("discarded-"))
            return draft_snapshot(obj, as_pending_change(kept)), self._discarded_label(kept)
        version = self._version_or_404(obj, choice)
        return revision_snapshot(version.revision), self._version_label(version)

    def _version_or_404(self, obj, version_id) -> Version:
        pk = parse_id(version_id)
        if pk is None:
            raise Http404("Choose two versions to compare.")
        return get_object_or_404(versions_of(obj), pk=pk)

    def _discarded_or_404(self, obj, discarded_id) -> DiscardedDraft:
        pk = parse_id(discarded_id)
        if pk is None or not is_draftable(type(obj)):
            raise Http404("No such discarded draft.")
        for kept in discarded_drafts(obj):
            if kept.pk == pk:
                return kept
        raise Http404("No such discarded draft.")

    def _discarded_label(self, kept: DiscardedDraft) -> str:
        return f"the draft of {kept.saved_at:%Y-%m-%d %H:%M}, discarded {kept.discarded_at:%Y-%m-%d %H:%M}"

    def restore_discarded_view(self, request, object_id, discarded_id):
        """Confirm (GET) and make (POST) a discarded draft the item's draft again."""
        obj = self.item_or_404(request, object_id, change=True)
        kept = self._discarded_or_404(obj, discarded_id)
        if request.method == "POST":
            with transaction.atomic():
                lock_content_writes()
                if stale := stale_items([(obj, request.POST.get("loaded_stamp"))]):
                    return refused_response(
                        request,
                        self,
                        stale,
                        action="Restore the discarded draft",
                        back_url=self.item_url("history", obj),
                    )
                restore_discarded_draft(obj, kept, user=request.user)
            self.log_change(request, obj, f"Restored {self._discarded_label(kept)} as the draft.")
            self.message_user(
                request,
                "The discarded draft is the draft again. Readers still see the published version.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self.item_url("change", obj))
        current = pending_change(obj)
        context = {
            **self._history_context(request, obj, f"Restore a discarded draft of {obj}?"),
            "changes": diff_snapshots(
                current_snapshot(obj), draft_snapshot(obj, as_pending_change(kept)), root_key(obj)
            ),
            "kept": kept,
            "kept_label": self._discarded_label(kept),
            "pending": current,
            "stamp": stamp_of(obj),
        }
        return TemplateResponse(request, "admin/igfapp/restore_discarded_confirm.html", context)

    def _version_label(self, version: Version) -> str:
        return f"version {stored_version_number(version)} of {version.revision.date_created:%Y-%m-%d %H:%M}"

    def revert_view(self, request, object_id, version_id):
        obj = self.item_or_404(request, object_id, change=True)
        version = self._version_or_404(obj, version_id)
        if request.method == "POST":
            return self._revert(request, obj, version)
        context = {
            **self._history_context(request, obj, f"Revert {obj}?"),
            "changes": diff_snapshots(current_snapshot(obj), revision_snapshot(version.revision), root_key(obj)),
            "version_label": self._version_label(version),
            "pending": pending_change(obj),
            "stamp": stamp_of(obj),
        }
        return TemplateResponse(request, "admin/igfapp/revert_confirm.html", context)

    def _revert(self, request, obj, version: Version):
        with transaction.atomic():
            lock_content_writes()
            if stale := stale_items([(obj, request.POST.get("loaded_stamp"))]):
                return refused_response(request, self, stale, action="Revert", back_url=self.item_url("history", obj))
            with change_note(f"Reverted to an earlier version: {self._version_label(version)}."):
                after_edit(revert(obj, version, request.user))
        self.log_change(request, obj, f"Reverted to {self._version_label(version)}.")
        self.message_user(
            request,
            format_html(
                'Reverted to {}. Readers see it now: <a href="{}">view on site</a>.',
                self._version_label(version),
                obj.get_absolute_url(),
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self.item_url("change", obj))

    # --- Recovering deleted items -------------------------------------------------------------

    def _model_url(self, name: str, *args) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=args)

    def changelist_view(self, request, extra_context=None):
        if self.recoverable() and self.has_recover_permission(request):
            extra_context = {**(extra_context or {}), "recover_url": self._model_url("recoverlist")}
        return super().changelist_view(request, extra_context)

    def has_recover_permission(self, request) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def _deleted_versions(self):
        return Version.objects.get_deleted(self.model).select_related("revision__user")

    def _recover_context(self, request, title: str) -> dict:
        if not self.has_recover_permission(request):
            raise PermissionDenied
        return {**self.admin_site.each_context(request), "title": title, "subtitle": None, "opts": self.opts}

    def recover_list_view(self, request):
        context = self._recover_context(request, f"Recover deleted {self.opts.verbose_name_plural}")
        context["deleted"] = [(v, self._model_url("recover", v.pk)) for v in self._deleted_versions()]
        return TemplateResponse(request, "admin/igfapp/recover_list.html", context)

    def recover_view(self, request, version_id):
        context = self._recover_context(request, "Recover a deleted item")
        if request.method == "POST":
            # Any version of this model: one that is no longer the deleted item's last is refused, not a 404.
            return self._recover(request, get_object_or_404(Version.objects.get_for_model(self.model), pk=version_id))
        version = get_object_or_404(self._deleted_versions(), pk=version_id)
        context |= {
            "stamp": deletion_stamp(version),
            "title": f"Recover {version.object_repr}?",
            "version": version,
            "version_label": self._version_label(version),
            "recover_list_url": self._model_url("recoverlist"),
        }
        return TemplateResponse(request, "admin/igfapp/recover_confirm.html", context)

    def _recover(self, request, version: Version):
        try:
            with transaction.atomic():
                lock_content_writes()
                if conflict := recovery_conflict(version, request.POST.get("loaded_stamp")):
                    back = self._model_url("recoverlist")
                    return refused_response(
                        request, self, [(_Deleted(version), conflict)], action="Recover", back_url=back
                    )
                obj = recover(version, request.user)
                with change_note("Brought back from the editors' history."):
                    after_edit(obj)
        except IntegrityError:  # e.g. a new item has taken its slug since
            message = f"{version.object_repr} cannot be recovered: another item now has its slug or key."
            self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(self._model_url("recoverlist"))
        self.log_change(request, obj, f"Recovered after deletion ({self._version_label(version)}).")
        self.message_user(request, f"Recovered {obj}. Check it, then export content/.", messages.SUCCESS)
        return HttpResponseRedirect(self.item_url("change", obj))


class _Deleted:
    """A deleted item as a refusal lists it: its name, and its id (the refused page links its change form)."""

    def __init__(self, version: Version):
        self.pk, self.label = version.object_id, version.object_repr

    def __str__(self) -> str:
        return self.label
