"""The editors' triage of readers' problem reports: new → accepted or declined, with a public reply.

What the reader sent is shown read-only and as plain text (the admin escapes it; nothing in it is
ever rendered as HTML); editors choose the status and write the reply. Accepting a report writes its
public correction (models/reports.py), which /corrections/ lists; the tiers stored for readers are
then rendered again, as after any change readers see. Nobody adds a report here (readers send them)
and editors delete none. The form carries the decision it showed (`decision_stamp`): a decision
another editor took meanwhile is never overwritten; the late editor is told whose it is, and keeps
what they wrote.
"""

from __future__ import annotations

import hashlib

from django import forms
from django.contrib import admin
from django.utils.html import format_html

from ..after_change import queue_render
from ..models import ProblemReport, parse_id

Status = ProblemReport.Status


def decision_stamp(report: ProblemReport) -> str:
    """What the editors' decision on `report` is now (status, reply, fixing change), as a short
    digest: the form carries the one it showed, so a decision taken meanwhile is never overwritten."""
    decision = f"{report.status}\0{report.public_reply}\0{report.fixed_by_id}"
    return hashlib.sha256(decision.encode()).hexdigest()[:20]


class ProblemReportForm(forms.ModelForm):
    loaded_stamp = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ProblemReport
        fields = ("status", "public_reply", "fixed_by")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_stamp"].initial = decision_stamp(self.instance)

    def clean(self):
        data = super().clean()
        if data.get("status") == Status.ACCEPTED and not (data.get("public_reply") or "").strip():
            self.add_error("public_reply", "An accepted report needs a public reply: readers see it on /corrections/.")
        # The row as it is now (the admin's save runs in one transaction; the lock keeps it so).
        current = ProblemReport.objects.select_for_update().filter(pk=self.instance.pk).first()
        if current is not None and data.get("loaded_stamp") != decision_stamp(current):
            decided = current.get_status_display().lower()
            who = f" by {current.decided_by}" if current.decided_by else ""
            raise forms.ValidationError(
                f"Another editor changed the decision on this report after you opened it: it is now “{decided}”"
                f"{who}, with the reply “{current.public_reply}”. Nothing was saved; what you wrote is still "
                "below. Open the report again to see their decision, then decide."
            )
        return data


class ProblemReportAdmin(admin.ModelAdmin):
    form = ProblemReportForm
    list_display = ("received_at", "page", "short_text", "status", "decided_at")
    list_filter = ("status",)
    search_fields = ("page", "text", "public_reply")
    raw_id_fields = ("fixed_by",)
    readonly_fields = ("page_link", "text", "source", "email", "received_at", "decided_at", "decided_by")
    fieldsets = [
        (
            "What the reader sent (plain text, as sent; private)",
            {"fields": ("page_link", "text", "source", "email", "received_at")},
        ),
        (
            "The editors' decision",
            {
                "fields": ("status", "public_reply", "fixed_by", "decided_at", "decided_by", "loaded_stamp"),
                "description": "Accepted reports are listed on /corrections/ with the page, the date, the "
                "public reply and the change that fixed it, never with the reader's email or text.",
            },
        ),
    ]

    def get_object(self, request, object_id, from_field=None):
        """None (the admin's "no such item") for an id that is not one (models.parse_id)."""
        if from_field is None and parse_id(object_id) is None:
            return None
        return super().get_object(request, object_id, from_field)

    def has_add_permission(self, request):
        return False

    @admin.display(description="What is wrong")
    def short_text(self, obj) -> str:
        return obj.text[:90] + ("…" if len(obj.text) > 90 else "")

    @admin.display(description="Page")
    def page_link(self, obj) -> str:
        return format_html('<a href="{}">{}</a>', obj.page, obj.page)

    def save_model(self, request, obj, form, change):
        was = form.initial.get("status", Status.NEW)
        obj.decide(request.user, was=was)
        if Status.ACCEPTED in (was, obj.status):
            queue_render(factor_ids=[])  # a correction came, went or changed: the stored tiers are stale
