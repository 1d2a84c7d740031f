"""`DraftableAdmin`: "Save draft" and "Publish" for Article, GlossaryTerm, LifestyleFactor and Question.

A new item saved as a draft is a draft item (readers get 404). Changes to a published item saved as
a draft are kept aside (drafts.py) and reloaded into the form, so editing continues where it
stopped; readers see the published text until "Publish" (or the list's "Publish selected", which
replays the saved draft through this admin's own form and inlines).
"""

from __future__ import annotations

import copy

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.http import HttpResponseRedirect, QueryDict
from django.utils.html import format_html

from ..after_change import after_edit
from ..change_log import change_note
from ..editorial.conflicts import bump_version, format_stamp, stale_draft_changes, stamp_of
from ..editorial.content_sync import lock_content_writes
from ..editorial.drafts import discard_pending_change, drop_published_draft, pending_change, save_pending_change
from ..editorial.history import ensure_baseline, record_revision
from ..editorial.previews import draft_preview
from ..editorial.public import draft_preview_url
from ..models import PendingChange, Status
from .editorial_admin import NOT_CONTENT, EditorialAdmin
from .refusals import refused_response, stale_items

# What the change log says of a list action (it has no form to ask a reason in).
LIST_ACTION_REASONS = {
    Status.PUBLISHED: "Published by the editors from the list (no reason was given).",
    Status.DRAFT: "Withdrawn by the editors: no longer shown to readers.",
}


def draft_form_data(pending: PendingChange, obj) -> QueryDict:
    """The draft's submitted form, with the stamp of the item and draft as they are now."""
    data = QueryDict(mutable=True)
    for key, values in pending.form_data.items():
        data.setlist(key, values)
    data["loaded_stamp"] = stamp_of(obj)
    return data


class DraftableAdmin(EditorialAdmin):
    """Items with a status: drafts, pending changes of published items, and one-click publishing."""

    actions = ["delete_selected", "publish_selected", "unpublish_selected"]
    # The status changes only through the buttons and actions, never by editing a field.
    exclude = ("status",)

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "publication_status")

    @admin.display(description="Status")
    def publication_status(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "New: “Save draft” keeps it hidden from readers, “Publish” shows it to them."
        pending = " Unpublished changes are waiting (see above)." if pending_change(obj) else ""
        return f"{Status(obj.status).label}.{pending}"

    def get_queryset(self, request):
        pending = PendingChange.objects.filter(
            content_type__app_label=self.opts.app_label,
            content_type__model=self.opts.model_name,
            object_id=OuterRef("pk"),
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                has_pending=Exists(pending),
                pending_id=Subquery(pending.values("pk")[:1]),
                pending_token=Subquery(pending.values("draft_token")[:1]),
            )
        )

    def row_stamp(self, obj) -> str:
        # The list's rows read their draft with them (get_queryset): no query per row.
        return format_stamp(obj.version, obj.pending_id, obj.pending_token)

    @admin.display(description="Status", ordering="status")
    def status_column(self, obj) -> str:
        label = Status(obj.status).label
        return f"{label}, with unpublished changes" if getattr(obj, "has_pending", False) else label

    def asks_public_reason(self, request, obj) -> bool:
        # Only "Publish" shows readers something; a draft may carry its reason until then.
        return self.records_public_changes and request.method == "POST" and "_publish" in request.POST

    def editorial_mode(self, request, obj) -> str:
        if "_publish" in request.POST:
            return "publish"
        if obj is None or obj.pk is None or obj.status == Status.DRAFT:
            return "draft"
        return "pending"

    def editorial_context(self, request, obj) -> dict:
        context = super().editorial_context(request, obj)
        pending = pending_change(obj)
        context.update(
            {
                "editorial_draftable": True,
                "editorial_is_draft": obj is None or obj.status == Status.DRAFT,
                "editorial_pending": pending,
                "editorial_public_url": obj.get_absolute_url() if obj else "",
                "editorial_preview_url": draft_preview_url(obj) if obj else "",
            }
        )
        # Published changes (another editor's, or a revert) that came after this draft was started.
        stale = stale_draft_changes(obj, pending) if pending is not None and obj is not None else None
        if stale is not None:
            context["editorial_stale"] = True
            context["editorial_stale_changes"] = stale
        return context

    # --- The form, bound to the saved draft -------------------------------------------------------

    def _draft_data(self, request, obj) -> QueryDict | None:
        """On opening a published item with a draft, the draft's form data (else None)."""
        if request.method != "GET" or obj is None:
            return None
        pending = pending_change(obj)
        return draft_form_data(pending, obj) if pending is not None else None

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        data = self._draft_data(request, obj)
        if data is None:
            return form_class

        def bound_to_draft(form_self, *args, **form_kwargs):
            if not args and "data" not in form_kwargs:
                form_kwargs["data"] = data
            form_class.__init__(form_self, *args, **form_kwargs)

        return type(form_class.__name__, (form_class,), {"__init__": bound_to_draft})

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        data = self._draft_data(request, obj)  # opening the form reloads the draft
        if data is not None:
            kwargs["data"] = data
        return kwargs

    # --- Saving: publish, draft item, or changes kept aside ----------------------------------------

    def save_model(self, request, obj, form, change):
        mode = form.editorial_mode
        if mode == "pending":
            return  # the published row stays as it is; save_related keeps the draft aside
        obj.status = Status.PUBLISHED if mode == "publish" else Status.DRAFT
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if form.editorial_mode != "pending":
            super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        if form.editorial_mode == "pending":
            preview = draft_preview(obj, form, formsets)
            save_pending_change(obj, form_data=self._submitted_content(request), preview=preview, user=request.user)
            return
        super().save_related(request, form, formsets, change)
        if form.editorial_mode == "publish":
            drop_published_draft(obj)

    def _submitted_content(self, request) -> dict:
        return {key: request.POST.getlist(key) for key in request.POST if key not in NOT_CONTENT}

    def revision_comment(self, form, change_message) -> str:
        prefix = "Published." if form.editorial_mode == "publish" else "Saved as a draft (readers cannot see it)."
        return f"{prefix} {super().revision_comment(form, change_message)}"

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_save(request, obj)

    def response_change(self, request, obj):
        return self._after_save(request, obj)

    def _after_save(self, request, obj):
        self.message_user(request, self._saved_message(self.editorial_mode(request, obj), obj), messages.SUCCESS)
        return HttpResponseRedirect(self.item_url("change", obj))

    def _saved_message(self, mode: str, obj) -> str:
        if mode == "pending":
            return format_html(
                "Draft saved. Readers still see the published version. "
                '<a href="{}">Preview the draft on the site</a>, then publish it when ready.',
                draft_preview_url(obj),
            )
        if mode == "publish":
            return format_html('Published: readers see it now. <a href="{}">View on site</a>.', obj.get_absolute_url())
        return format_html(
            'Saved as a draft: readers cannot see it until it is published. <a href="{}">See it on the site</a>.',
            obj.get_absolute_url(),
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id and "_discard_draft" in request.POST:
            return self._discard_draft(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _discard_draft(self, request, object_id):
        obj = self.item_or_404(request, object_id, change=True)
        with transaction.atomic():
            lock_content_writes()
            if stale := stale_items([(obj, request.POST.get("loaded_stamp"))]):
                return refused_response(
                    request, self, stale, action="Discard the draft", back_url=self.item_url("change", obj)
                )
            discard_pending_change(obj, user=request.user, reason="Discarded.")
        self.log_change(request, obj, "Discarded the unpublished draft (kept in its history).")
        self.message_user(
            request,
            format_html(
                'Draft discarded. The form shows the published version; the draft is kept in <a href="{}">the '
                "history</a>, where it can be restored.",
                self.item_url("history", obj),
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self.item_url("change", obj))

    # --- Changelist actions ------------------------------------------------------------------------

    @admin.action(description="Publish selected (drafts and unpublished changes)", permissions=["change"])
    def publish_selected(self, request, queryset):
        published, waiting = [], []
        for obj in queryset:
            pending = pending_change(obj)
            if pending is not None:
                (published if self._publish_pending(request, obj, pending) else waiting).append(str(obj))
            elif obj.status == Status.DRAFT:
                self._set_status(request, obj, Status.PUBLISHED, "Published.")
                published.append(str(obj))
        self._report_published(request, published, waiting)

    def _report_published(self, request, published: list[str], waiting: list[str]) -> None:
        if published:
            self.message_user(request, f"Published: {', '.join(published)}.", messages.SUCCESS)
        if waiting:
            self.message_user(
                request,
                f"Not published, open each to review it: {', '.join(waiting)} (the draft no longer validates, "
                "has no public reason for the change log, or started from an older version).",
                messages.WARNING,
            )

    @admin.action(description="Unpublish selected (readers will get 'not found')", permissions=["change"])
    def unpublish_selected(self, request, queryset):
        for obj in queryset.filter(status=Status.PUBLISHED):
            self._set_status(request, obj, Status.DRAFT, "Unpublished.")
        self.message_user(request, "Unpublished the selected items.", messages.SUCCESS)

    def _set_status(self, request, obj, status: str, comment: str) -> None:
        with transaction.atomic():
            ensure_baseline(obj)
            bump_version(obj)
            obj.status = status
            obj.save(update_fields=["status", "version", "updated_at"])
            with change_note(LIST_ACTION_REASONS[status]):
                after_edit(obj)
            record_revision(obj, request.user, comment)
            self.log_change(request, obj, comment)

    def _publish_pending(self, request, obj, pending) -> bool:
        """Publish a saved draft by replaying it through this admin's own form and inlines."""
        if pending.base_version != obj.version:
            return False
        # The draft's form, submitted again with "Publish": the same steps as the form's own save.
        replay = copy.copy(request)
        replay.method, replay.POST = "POST", draft_form_data(pending, obj)
        replay.POST.update({"_publish": "1"})
        with transaction.atomic():
            form = self.get_form(replay, obj, change=True)(replay.POST, instance=obj)
            # Django's own (private) formset builder, pinned by tests/admin/test_django_pins.py.
            formsets, _ = self._create_formsets(replay, obj, change=True)
            if not (form.is_valid() and all(f.is_valid() for f in formsets)):
                return False
            obj = self.save_form(replay, form, change=True)
            self.save_model(replay, obj, form, change=True)
            self.save_related(replay, form, formsets, change=True)
            self.log_change(request, obj, "Published the unpublished changes.")
        return True
