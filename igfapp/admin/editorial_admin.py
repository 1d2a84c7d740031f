"""`EditorialAdmin`, the base of every content model's admin: editing, saving and recording history.

Markdown fields get the live-preview editor and JSON lists are edited one item per line; every
save bumps the version (the form refuses stale saves, forms.EditorialForm), re-renders the HTML it
affects (once, here, never per request) and records a revision; deletions are remembered so an
import does not bring the item back (content_sync.py). Every write takes the lock an import takes
too (content_sync.lock_content_writes), first, so the two never interleave. History screens:
admin_history.py.
"""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import unquote
from django.core.exceptions import BadRequest
from django.db import router, transaction
from django.template.response import TemplateResponse
from django.utils.html import format_html

from ..after_change import after_delete, after_edit
from ..change_log import change_note
from ..editorial.conflicts import bump_version, stamp_of
from ..editorial.content_sync import lock_content_writes, record_admin_deletion
from ..editorial.drafts import discard_pending_change
from ..editorial.history import ensure_baseline, record_revision
from ..html_fields import markdown_fields
from ..models import parse_id
from .forms import EditorialForm, LinesField, MarkdownWidget
from .history_admin import HistoryAdminMixin
from .refusals import refused_response, stale_items

# Submitted values that are not the item's content.
NOT_CONTENT = {"csrfmiddlewaretoken", "loaded_stamp", "_publish", "_draft", "_save", "_continue"}
# A list row's stamp travels as `loaded_stamp_<id>` beside its checkbox (EditorialAdmin.action_checkbox).
ROW_STAMP = "loaded_stamp_{}"
LIST_FIELDS = {"aliases", "authors", "plain_words_evidence"}


def change_message_text(change_message) -> str:
    """Django's structured change message (a list) in words, as the admin's history shows it."""
    return LogEntry(change_message=json.dumps(change_message)).get_change_message()


class MarkdownFieldsMixin:
    """Markdown fields (html_fields.markdown_fields) get the preview editor; JSON lists one item per line."""

    markdown_rows = 24  # the editor's height; one-line texts (a question, a choice) ask for less

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in markdown_fields(self.model):
            kwargs["widget"] = MarkdownWidget({"rows": self.markdown_rows}, preview_model=self.model._meta.model_name)
        if db_field.name in LIST_FIELDS:
            return LinesField(
                required=not db_field.blank,
                label=db_field.verbose_name.capitalize(),
                help_text=db_field.help_text or "One per line.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class EditorialAdmin(HistoryAdminMixin, MarkdownFieldsMixin, admin.ModelAdmin):
    form = EditorialForm
    # Ours (below) in place of the site's delete_selected: its confirmation carries the rows' stamps.
    actions = ["delete_selected"]
    change_form_template = "admin/igfapp/change_form.html"
    save_on_top = False

    # Whether a save from this admin changes what readers see (so it asks the public reason).
    records_public_changes = True

    # The concurrency tokens and the public note are rendered once by the change form template,
    # never as form rows.
    def get_fields(self, request, obj=None):
        hidden = (*EditorialForm.TOKENS, *EditorialForm.PUBLIC_NOTE)
        return [f for f in super().get_fields(request, obj) if f not in hidden]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        form_class.asks_public_reason = self.asks_public_reason(request, obj)
        return form_class

    def asks_public_reason(self, request, obj) -> bool:
        """A save that shows readers something asks its public reason: here, every save."""
        return self.records_public_changes and request.method == "POST"

    def public_note(self, form) -> tuple[str, bool]:
        data = getattr(form, "cleaned_data", None) or {}
        return data.get("public_reason") or "", bool(data.get("public_minor"))

    def get_object(self, request, object_id, from_field=None):
        """None (so a 404, or the admin's "no such item") for an id that is not one (models.parse_id)."""
        if from_field is None and parse_id(object_id) is None:
            return None
        return super().get_object(request, object_id, from_field)

    def editorial_mode(self, request, obj) -> str:
        """What a save of `obj` from this request does: 'save' for plain models; for draftable ones
        'publish', 'draft' (a draft item) or 'pending' (a published item's draft). The same before
        and after the save (a save keeps the status the mode was read from), so every step of one
        save reads it alike: from the form (`save_form` sets `form.editorial_mode`) or from here."""
        return "save"

    def save_form(self, request, form, change):
        form.editorial_mode = self.editorial_mode(request, form.instance)
        return super().save_form(request, form, change)

    # Every write of the admin takes the lock an import takes, first in its transaction (Django's
    # own, nested inside this one), before the form reads the item's row: an import and a save
    # queue on the lock rather than deadlock.
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if obj is not None or not object_id:  # a missing item: Django's own "no such item" redirect
            extra_context = {**(extra_context or {}), **self.editorial_context(request, obj)}
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        with transaction.atomic(using=router.db_for_write(self.model)):
            lock_content_writes()
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        if request.method != "POST":
            return super().delete_view(request, object_id, extra_context)
        with transaction.atomic(using=router.db_for_write(self.model)):
            lock_content_writes()
            obj = self.get_object(request, unquote(object_id))
            allowed = obj is not None and self.has_delete_permission(request, obj)
            if allowed and (stale := stale_items([(obj, request.POST.get("loaded_stamp"))])):
                return refused_response(request, self, stale, action="Delete", back_url=self.item_url("change", obj))
            return super().delete_view(request, object_id, extra_context)

    def render_delete_form(self, request, context):
        # The confirmation carries the stamp of the item it shows (conflicts.py).
        obj = context.get("object")
        context["editorial_stamp"] = stamp_of(obj) if obj is not None and obj.pk else ""
        return super().render_delete_form(request, context)

    # --- Actions on list rows -------------------------------------------------------------------
    # Each row carries its stamp beside its checkbox; an action on rows that changed since the list
    # was shown (or that it never showed: "select all" across pages) is refused whole.

    delete_selected_confirmation_template = "admin/igfapp/delete_selected_confirmation.html"

    def action_checkbox(self, obj):
        checkbox = super().action_checkbox(obj)
        return format_html("{}{}", checkbox, forms.HiddenInput().render(ROW_STAMP.format(obj.pk), self.row_stamp(obj)))

    def row_stamp(self, obj) -> str:
        """The stamp a list row carries (conflicts.stamp_of)."""
        return stamp_of(obj)

    def response_action(self, request, queryset, **kwargs):
        with transaction.atomic():
            lock_content_writes()
            if refusal := self._refusal_for_rows(request, queryset):
                return refusal
            return super().response_action(request, queryset, **kwargs)

    def _refusal_for_rows(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if any(parse_id(pk) is None for pk in selected):
            raise BadRequest("A chosen row is not an item id.")  # never asked of the database: a 400
        if not selected and request.POST.get("select_across") != "1":
            return None  # Django answers "no items selected" itself
        action = request.POST.get("action", "")
        if action not in dict(self.get_action_choices(request)):
            return None
        rows = queryset.filter(pk__in=selected) if request.POST.get("select_across") != "1" else queryset
        stale = stale_items((obj, request.POST.get(ROW_STAMP.format(obj.pk))) for obj in rows)
        if not stale:
            return None
        label = dict(self.get_action_choices(request))[action]
        return refused_response(request, self, stale, action=str(label), back_url=request.get_full_path())

    @admin.action(description="Delete selected %(verbose_name_plural)s", permissions=["delete"])
    def delete_selected(self, request, queryset):
        """Django's own, whose confirmation carries each row's stamp on to the deletion."""
        response = delete_selected(self, request, queryset)
        if isinstance(response, TemplateResponse):
            response.context_data["editorial_stamps"] = [(obj.pk, stamp_of(obj)) for obj in queryset]
        return response

    def editorial_context(self, request, obj) -> dict:
        return {
            "editorial_history_url": self.item_url("history", obj) if obj else "",
            "editorial_public_note": self.records_public_changes,
        }

    # --- Saving ---------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if change:
            ensure_baseline(obj)
            bump_version(obj)
        super().save_model(request, obj, form, change)

    # Before a deletion, the item's history gets its state (if it has none yet), so it can be
    # recovered, and its draft (if any) is kept with the discarded drafts.
    def delete_model(self, request, obj):
        self._keep_for_recovery(request, obj)
        super().delete_model(request, obj)
        after_delete()

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._keep_for_recovery(request, obj)
        super().delete_queryset(request, queryset)
        after_delete()

    def _keep_for_recovery(self, request, obj) -> None:
        ensure_baseline(obj)
        record_admin_deletion(obj, request.user)
        discard_pending_change(obj, user=request.user, reason="Its item was deleted.")

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for removed in formset.deleted_objects:
            removed.delete()
        for instance in instances:
            if instance.pk and hasattr(instance, "version"):
                bump_version(instance)
            instance.save()
        formset.save_m2m()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        with change_note(*self.public_note(form)):
            after_edit(obj)
        message = self.construct_change_message(request, form, formsets, add=not change)
        record_revision(obj, request.user, self.revision_comment(form, message))

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(form, "editorial_mode", "") == "pending":
            text = change_message_text(self._draft_change_message(form, formsets))
            return f"Saved unpublished changes (readers still see the published version). {text}"
        return super().construct_change_message(request, form, formsets, add)

    def _draft_change_message(self, form, formsets) -> list[dict]:
        """Like Django's change message, for a draft whose inline rows were not saved."""
        fields = [
            form.fields[name].label or name
            for name in form.changed_data
            if name not in NOT_CONTENT and name not in EditorialForm.PUBLIC_NOTE
        ]
        message = [{"changed": {"fields": fields}}] if fields else []
        for formset in formsets:
            message.extend(
                {
                    "changed": {
                        "name": str(formset.model._meta.verbose_name),
                        "object": str(inline_form.instance),
                        "fields": inline_form.changed_data,
                    }
                }
                for inline_form in formset.forms
                if inline_form.has_changed()
            )
        return message

    def revision_comment(self, form, change_message) -> str:
        """The comment of the revision a save records (django-reversion's)."""
        return change_message_text(change_message) or "Saved with no changes."
