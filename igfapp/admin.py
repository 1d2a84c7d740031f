"""The editors' admin: every content model, with live preview, drafts, history and no lost edits.

The rules live in editorial.py; this module wires them into Django's admin:
- `EditorialAdmin` (all content models): markdown fields get the live-preview editor, every save
  bumps the version, re-renders the HTML it affects (once, here, never per request) and records a
  revision; the form refuses stale saves (forms.EditorialForm); History lists, compares and reverts.
- `DraftableAdmin` (Article, GlossaryTerm, LifestyleFactor): "Save draft" and "Publish" buttons.
  A published item's draft is kept aside (PendingChange) and reloaded into the form; readers see
  the published text until "Publish".
"""

from __future__ import annotations

import json

from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from reversion.models import Version

from . import content_sync, editorial
from .forms import EditorialForm, InlineForm, LinesField, MarkdownWidget, SectionInlineForm
from .models import (
    Article,
    EvidenceNote,
    FactorMechanism,
    GlossaryTerm,
    LifestyleFactor,
    Mechanism,
    PendingChange,
    Reference,
    Section,
    Status,
)

admin.site.site_header = "GH/IGF-1 axis: editors"
admin.site.site_title = "GH/IGF-1 editors"
admin.site.index_title = "Content"

# Submitted values that are not the item's content.
NOT_CONTENT = {"csrfmiddlewaretoken", "loaded_version", "loaded_draft", "_publish", "_draft", "_save", "_continue"}
LIST_FIELDS = {"aliases", "authors"}


class MarkdownFieldsMixin:
    """Markdown fields get the preview editor; JSON lists are edited one item per line."""

    markdown_fields: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.markdown_fields:
            kwargs["widget"] = MarkdownWidget(preview_model=self.model._meta.model_name)
        if db_field.name in LIST_FIELDS:
            return LinesField(
                required=not db_field.blank,
                label=db_field.verbose_name.capitalize(),
                help_text=db_field.help_text or "One per line.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class EditorialAdmin(MarkdownFieldsMixin, admin.ModelAdmin):
    form = EditorialForm
    change_form_template = "admin/igfapp/change_form.html"
    object_history_template = "admin/igfapp/object_history.html"
    save_on_top = False

    # The concurrency tokens are rendered once by the change form template, never as form rows.
    def get_fields(self, request, obj=None):
        return [f for f in super().get_fields(request, obj) if f not in EditorialForm.TOKENS]

    # --- Saving ---------------------------------------------------------------------------------

    def editorial_mode(self, request, obj) -> str:
        """'save' for plain models; for draftable ones 'publish', 'draft' (a draft item) or 'pending'."""
        return "save"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if object_id and obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if request.method == "POST":
            request.editorial_mode = self.editorial_mode(request, obj)
        extra_context = {**(extra_context or {}), **self.editorial_context(request, obj)}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def editorial_context(self, request, obj) -> dict:
        return {"editorial_history_url": self._url("history", obj) if obj else ""}

    def save_model(self, request, obj, form, change):
        if change:
            editorial.ensure_baseline(obj)
            editorial.bump_version(obj)
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        content_sync.record_admin_deletion(obj, request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            content_sync.record_admin_deletion(obj, request.user)
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for removed in formset.deleted_objects:
            removed.delete()
        for instance in instances:
            if instance.pk and hasattr(instance, "version"):
                editorial.bump_version(instance)
            instance.save()
        formset.save_m2m()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        editorial.rerender_after_save(obj)
        message = self.construct_change_message(request, form, formsets, add=not change)
        editorial.record_revision(obj, request.user, self.revision_comment(request, message))

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "editorial_mode", "") == "pending":
            return self._draft_change_message(form, formsets)
        return super().construct_change_message(request, form, formsets, add)

    def _draft_change_message(self, form, formsets) -> list[dict]:
        """Like Django's change message, for a draft whose inline rows were not saved."""
        fields = [form.fields[name].label or name for name in form.changed_data if name not in NOT_CONTENT]
        message = [{"changed": {"fields": fields}}] if fields else []
        for formset in formsets:
            for inline_form in formset.forms:
                if inline_form.has_changed():
                    message.append(
                        {
                            "changed": {
                                "name": str(formset.model._meta.verbose_name),
                                "object": str(inline_form.instance),
                                "fields": inline_form.changed_data,
                            }
                        }
                    )
        return message

    def revision_comment(self, request, change_message) -> str:
        text = LogEntry(change_message=json.dumps(change_message)).get_change_message()
        return text or "Saved with no changes."

    # --- History: list, compare, revert ------------------------------------------------------------

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
        ]
        return own + super().get_urls()

    def _url(self, name: str, obj, *args) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=[obj.pk, *args])

    def _object_or_404(self, request, object_id, *, change: bool = False):
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
            "change_url": self._url("change", obj),
            "history_url": self._url("history", obj),
            "compare_url": self._url("compare", obj),
            "has_change_permission": self.has_change_permission(request, obj),
        }

    def history_view(self, request, object_id, extra_context=None):
        obj = self._object_or_404(request, object_id)
        rows = editorial.revision_rows(obj)
        for row in rows:
            row["revert_url"] = self._url("revert", obj, row["version"].pk)
        context = {
            **self._history_context(request, obj, f"History: {obj}"),
            "rows": rows,
            "pending": editorial.pending_change(obj),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.object_history_template, context)

    def compare_view(self, request, object_id):
        """Two versions side by side as a diff; 'current' and 'draft' stand for now and the pending draft."""
        obj = self._object_or_404(request, object_id)
        older, older_label = self._snapshot_for(obj, request.GET.get("from", ""))
        newer, newer_label = self._snapshot_for(obj, request.GET.get("to", "current"))
        changes = editorial.diff_snapshots(older, newer, editorial.root_key(obj))
        context = {
            **self._history_context(request, obj, f"Compare versions: {obj}"),
            "changes": changes,
            "older_label": older_label,
            "newer_label": newer_label,
        }
        return TemplateResponse(request, "admin/igfapp/compare.html", context)

    def _snapshot_for(self, obj, choice: str):
        if choice == "current":
            return editorial.current_snapshot(obj), "the published version" if editorial.is_draftable(
                type(obj)
            ) else "now"
        if choice == "draft":
            pending = editorial.pending_change(obj)
            if pending is None:
                raise Http404("There is no pending draft.")
            return editorial.pending_snapshot(obj, pending), "the unpublished draft"
        version = self._version_or_404(obj, choice)
        return editorial.revision_snapshot(version.revision), self._version_label(version)

    def _version_or_404(self, obj, version_id) -> Version:
        if not str(version_id).isdigit():
            raise Http404("Choose two versions to compare.")
        return get_object_or_404(editorial.versions_of(obj), pk=version_id)

    def _version_label(self, version: Version) -> str:
        return f"version {editorial.stored_version_number(version)} of {version.revision.date_created:%Y-%m-%d %H:%M}"

    def revert_view(self, request, object_id, version_id):
        obj = self._object_or_404(request, object_id, change=True)
        version = self._version_or_404(obj, version_id)
        if request.method == "POST":
            editorial.revert(obj, version, request.user)
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
            return HttpResponseRedirect(self._url("change", obj))
        changes = editorial.diff_snapshots(
            editorial.current_snapshot(obj), editorial.revision_snapshot(version.revision), editorial.root_key(obj)
        )
        context = {
            **self._history_context(request, obj, f"Revert {obj}?"),
            "changes": changes,
            "version_label": self._version_label(version),
            "pending": editorial.pending_change(obj),
        }
        return TemplateResponse(request, "admin/igfapp/revert_confirm.html", context)


class DraftableAdmin(EditorialAdmin):
    """Items with a status: drafts, pending changes of published items, and one-click publishing."""

    actions = ["publish_selected", "unpublish_selected"]
    # The status changes only through the buttons and actions, never by editing a field.
    exclude = ("status",)

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "publication_status")

    @admin.display(description="Status")
    def publication_status(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "New: “Save draft” keeps it hidden from readers, “Publish” shows it to them."
        pending = " Unpublished changes are waiting (see above)." if editorial.pending_change(obj) else ""
        return f"{Status(obj.status).label}.{pending}"

    def get_queryset(self, request):
        pending = PendingChange.objects.filter(
            content_type__app_label=self.opts.app_label,
            content_type__model=self.opts.model_name,
            object_id=OuterRef("pk"),
        )
        return super().get_queryset(request).annotate(has_pending=Exists(pending))

    @admin.display(description="Status", ordering="status")
    def status_column(self, obj) -> str:
        label = Status(obj.status).label
        return f"{label}, with unpublished changes" if getattr(obj, "has_pending", False) else label

    def editorial_mode(self, request, obj) -> str:
        if "_publish" in request.POST:
            return "publish"
        if obj is None or obj.status == Status.DRAFT:
            return "draft"
        return "pending"

    def editorial_context(self, request, obj) -> dict:
        context = super().editorial_context(request, obj)
        pending = editorial.pending_change(obj)
        context.update(
            {
                "editorial_draftable": True,
                "editorial_is_draft": obj is None or obj.status == Status.DRAFT,
                "editorial_pending": pending,
                "editorial_public_url": obj.get_absolute_url() if obj else "",
                "editorial_preview_url": editorial.draft_preview_url(obj) if obj else "",
            }
        )
        if pending is not None and obj is not None and pending.base_version != obj.version:
            # Published changes (another editor's, or a revert) came after this draft was started.
            base = editorial.revision_for_version(obj, pending.base_version)
            if base is not None:
                context["editorial_stale_changes"] = editorial.diff_snapshots(
                    editorial.revision_snapshot(base.revision), editorial.current_snapshot(obj), editorial.root_key(obj)
                )
            context["editorial_stale"] = True
        return context

    # A published item's draft is reloaded into the form, so editing continues where it stopped.
    def _draft_data(self, request, obj) -> QueryDict | None:
        if request.method != "GET" or obj is None:
            return None
        pending = editorial.pending_change(obj)
        if pending is None:
            return None
        data = QueryDict(mutable=True)
        for key, values in pending.form_data.items():
            data.setlist(key, values)
        data["loaded_version"] = str(obj.version)
        data["loaded_draft"] = str(pending.revision)
        return data

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
        # Publishing a saved draft from the list replays it; opening the form reloads it.
        data = getattr(request, "editorial_replay_data", None) or self._draft_data(request, obj)
        if data is not None:
            kwargs["data"] = data
        return kwargs

    def save_model(self, request, obj, form, change):
        mode = request.editorial_mode
        if mode == "pending":
            return  # the published row stays as it is; save_related keeps the draft aside
        obj.status = Status.PUBLISHED if mode == "publish" else Status.DRAFT
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if request.editorial_mode != "pending":
            super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        if request.editorial_mode == "pending":
            editorial.save_pending_change(
                obj,
                form_data=self._submitted_content(request),
                preview=self.draft_preview(obj, form, formsets),
                user=request.user,
            )
            return
        super().save_related(request, form, formsets, change)
        if request.editorial_mode == "publish":
            editorial.discard_pending_change(obj)

    def draft_preview(self, obj, form, formsets) -> dict:
        """What `?preview=draft` shows of an unpublished edit, rendered now (see PendingChange.preview)."""
        return editorial.standalone_preview(obj)

    def _submitted_content(self, request) -> dict:
        return {key: request.POST.getlist(key) for key in request.POST if key not in NOT_CONTENT}

    def revision_comment(self, request, change_message) -> str:
        prefix = "Published." if request.editorial_mode == "publish" else "Saved as a draft (readers cannot see it)."
        return f"{prefix} {super().revision_comment(request, change_message)}"

    def log_change(self, request, obj, message):
        if getattr(request, "editorial_mode", "") == "pending":
            text = (
                LogEntry(change_message=json.dumps(message)).get_change_message()
                if isinstance(message, list)
                else message
            )
            message = f"Saved unpublished changes (readers still see the published version). {text}"
        return super().log_change(request, obj, message)

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_save(request, obj)

    def response_change(self, request, obj):
        return self._after_save(request, obj)

    def _after_save(self, request, obj):
        mode = request.editorial_mode
        public_url = obj.get_absolute_url()
        if mode == "pending":
            message = format_html(
                "Draft saved. Readers still see the published version. "
                '<a href="{}">Preview the draft on the site</a>, then publish it when ready.',
                editorial.draft_preview_url(obj),
            )
        elif mode == "publish":
            message = format_html('Published: readers see it now. <a href="{}">View on site</a>.', public_url)
        else:
            message = format_html(
                'Saved as a draft: readers cannot see it until it is published. <a href="{}">See it on the site</a>.',
                public_url,
            )
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(self._url("change", obj))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id and "_discard_draft" in request.POST:
            return self._discard_draft(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _discard_draft(self, request, object_id):
        obj = self._object_or_404(request, object_id, change=True)
        editorial.discard_pending_change(obj)
        self.log_change(request, obj, "Discarded the unpublished draft.")
        self.message_user(request, "Draft discarded. The form shows the published version.", messages.SUCCESS)
        return HttpResponseRedirect(self._url("change", obj))

    # --- Changelist actions ------------------------------------------------------------------------

    @admin.action(description="Publish selected (drafts and unpublished changes)", permissions=["change"])
    def publish_selected(self, request, queryset):
        published, waiting = [], []
        for obj in queryset:
            pending = editorial.pending_change(obj)
            if pending is not None:
                if self._publish_pending(request, obj, pending):
                    published.append(str(obj))
                else:
                    waiting.append(str(obj))
            elif obj.status == Status.DRAFT:
                self._set_status(request, obj, Status.PUBLISHED, "Published.")
                published.append(str(obj))
        if published:
            self.message_user(request, f"Published: {', '.join(published)}.", messages.SUCCESS)
        if waiting:
            self.message_user(
                request,
                f"Not published, open each to review it: {', '.join(waiting)} (the draft no longer validates "
                "or started from an older version).",
                messages.WARNING,
            )

    @admin.action(description="Unpublish selected (readers will get 'not found')", permissions=["change"])
    def unpublish_selected(self, request, queryset):
        for obj in queryset.filter(status=Status.PUBLISHED):
            self._set_status(request, obj, Status.DRAFT, "Unpublished.")
        self.message_user(request, "Unpublished the selected items.", messages.SUCCESS)

    def _set_status(self, request, obj, status: str, comment: str) -> None:
        with transaction.atomic():
            editorial.ensure_baseline(obj)
            editorial.bump_version(obj)
            obj.status = status
            obj.save(update_fields=["status", "version", "updated_at"])
            editorial.rerender_after_save(obj)
            editorial.record_revision(obj, request.user, comment)
            self.log_change(request, obj, comment)

    def _publish_pending(self, request, obj, pending) -> bool:
        """Publish a saved draft by replaying it through this admin's own form and inlines."""
        if pending.base_version != obj.version:
            return False
        data = QueryDict(mutable=True)
        for key, values in pending.form_data.items():
            data.setlist(key, values)
        data["loaded_version"], data["loaded_draft"] = str(obj.version), str(pending.revision)
        request.editorial_replay_data = data
        request.editorial_mode = "publish"
        try:
            with transaction.atomic():
                form = self.get_form(request, obj, change=True)(data, instance=obj)
                formsets, _ = self._create_formsets(request, obj, change=True)
                if not (form.is_valid() and all(f.is_valid() for f in formsets)):
                    return False
                obj = self.save_form(request, form, change=True)
                self.save_model(request, obj, form, change=True)
                self.save_related(request, form, formsets, change=True)
                self.log_change(request, obj, "Published the unpublished changes.")
            return True
        finally:
            del request.editorial_replay_data


# --- Inlines ----------------------------------------------------------------------------------


class SectionInline(MarkdownFieldsMixin, admin.StackedInline):
    model = Section
    form = SectionInlineForm
    markdown_fields = ("body_md",)
    fields = ("order", "heading", "anchor", "topic", "body_md")
    prepopulated_fields = {"anchor": ("heading",)}
    extra = 0
    show_change_link = False


class FactorMechanismLinkInline(admin.TabularInline):
    """A factor's links to mechanisms (with the note on how it uses each), seen from either side."""

    form = InlineForm
    model = FactorMechanism
    extra = 0


class FactorMechanismInline(FactorMechanismLinkInline):
    fields = ("order", "mechanism", "note")
    autocomplete_fields = ["mechanism"]
    verbose_name = "mechanism"
    verbose_name_plural = "Mechanisms (how this factor acts on the axis)"


class MechanismFactorInline(FactorMechanismLinkInline):
    fields = ("factor", "order", "note")
    autocomplete_fields = ["factor"]
    verbose_name = "factor"
    verbose_name_plural = "Factors acting through this mechanism"


class FactorCitationInline(admin.TabularInline):
    form = InlineForm
    model = LifestyleFactor.references.through
    autocomplete_fields = ["reference"]
    extra = 0
    verbose_name = "citation"
    verbose_name_plural = "Citations (references supporting this factor)"


# --- One admin per content model ------------------------------------------------------------------


@admin.register(Article)
class ArticleAdmin(DraftableAdmin):
    list_display = (
        "title",
        "order",
        "status_column",
        "section_count",
        "last_reviewed",
        "next_review_due",
        "updated_at",
    )
    list_filter = ("status",)
    search_fields = ("title", "summary", "sections__heading")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [SectionInline]
    fieldsets = [
        (None, {"fields": ("title", "slug", "summary", "order", "publication_status")}),
        (
            "Review (shown to readers)",
            {
                "fields": ("last_reviewed", "reviewed_by", "next_review_due", "review_note"),
                "description": "Change these only at a real review: minor edits keep the last review date.",
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(number_of_sections=models.Count("sections"))

    @admin.display(description="Sections", ordering="number_of_sections")
    def section_count(self, obj) -> int:
        return obj.number_of_sections

    def draft_preview(self, obj, form, formsets) -> dict:
        sections = [
            section_form.instance
            for formset in formsets
            if formset.model is Section
            for section_form in editorial.kept_inline_forms(formset)
        ]
        return editorial.article_preview(obj, sections)


@admin.register(Section)
class SectionAdmin(EditorialAdmin):
    """Sections are listed and searched here but edited inside their article.

    Citation numbers run across the whole page, and an article's draft and history cover all its
    sections, so one form per page keeps numbering, drafts and conflict checks whole.
    """

    list_display = ("heading", "article", "topic", "order", "word_count", "updated_at")
    list_filter = ("article", "topic")
    search_fields = ("heading", "anchor", "body_md")
    list_select_related = ("article",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # only inside the article, where its history can bring a section back

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        section = self.get_object(request, unquote(object_id)) if object_id else None
        if section is None:
            raise Http404("Sections are added inside their article.")
        position = list(section.article.sections.order_by("order").values_list("pk", flat=True)).index(section.pk)
        url = reverse("admin:igfapp_article_change", args=[section.article_id])
        return HttpResponseRedirect(f"{url}#sections-{position}")


@admin.register(Reference)
class ReferenceAdmin(EditorialAdmin):
    list_display = ("key", "origin", "number", "year", "short_title", "status")
    list_filter = ("origin", "status", "year")
    search_fields = ("key", "title", "printed", "journal", "doi", "pmid")
    autocomplete_fields = ["corrected_by", "see_also"]
    markdown_fields = ("note_md",)

    @admin.display(description="Title", ordering="title")
    def short_title(self, obj) -> str:
        return obj.title[:80] + ("…" if len(obj.title) > 80 else "")


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(DraftableAdmin):
    list_display = ("term", "slug", "alias_list", "status_column", "updated_at")
    list_filter = ("status",)
    search_fields = ("term", "slug", "aliases", "plain_definition")
    prepopulated_fields = {"slug": ("term",)}
    autocomplete_fields = ["related", "references"]
    markdown_fields = ("explanation_md",)
    fields = (
        "term",
        "slug",
        "publication_status",
        "aliases",
        "plain_definition",
        "technical_definition",
        "explanation_md",
        "related",
        "references",
    )

    @admin.display(description="Aliases")
    def alias_list(self, obj) -> str:
        return ", ".join(obj.aliases)


@admin.register(Mechanism)
class MechanismAdmin(EditorialAdmin):
    list_display = ("name", "location", "slug", "updated_at")
    list_filter = ("location",)
    search_fields = ("name", "slug", "explanation_md")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["glossary_terms", "references"]
    markdown_fields = ("explanation_md",)
    inlines = [MechanismFactorInline]


@admin.register(LifestyleFactor)
class LifestyleFactorAdmin(DraftableAdmin):
    list_display = ("name", "order", "effect", "in_document_table", "status_column", "updated_at")
    list_filter = ("effect", "status", "in_document_table")
    search_fields = ("name", "slug", "table_mechanism", "observed_effect", "summary")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["passages"]
    markdown_fields = ("detail_md",)
    exclude = ("references", "status")
    inlines = [FactorMechanismInline, FactorCitationInline]

    def draft_preview(self, obj, form, formsets) -> dict:
        return editorial.factor_preview(obj, form, formsets)


@admin.register(EvidenceNote)
class EvidenceNoteAdmin(EditorialAdmin):
    list_display = ("short_claim", "standing", "slug", "updated_at")
    list_filter = ("standing",)
    search_fields = ("slug", "claim", "explanation_md")
    prepopulated_fields = {"slug": ("claim",)}
    autocomplete_fields = ["sections", "factors", "references"]
    markdown_fields = ("explanation_md",)

    @admin.display(description="Claim", ordering="claim")
    def short_claim(self, obj) -> str:
        return obj.claim[:90] + ("…" if len(obj.claim) > 90 else "")
