"""A reader's report of a problem: the form, which pages may be reported, the per-address limit,
and storing it. The one place anonymous readers write (views/reports.py serves it).

Everything a reader sends is kept as plain text, as sent, and shown only autoescaped (the
admin, /corrections/): never rendered as HTML, never markdown. Refusals lose nothing: the form comes
back with the reader's text in it and says why (too long, a field only robots fill, too many
reports from one address, the database not answering).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone

from .models import ProblemReport
from .models.reports import PAGE_MAX_LENGTH, SOURCE_MAX_LENGTH, TEXT_MAX_LENGTH

# URL names a reader cannot usefully report (not pages of the site's content).
NOT_REPORTABLE_NAMESPACES = {"admin"}
NOT_REPORTABLE_NAMES = {"report", "report-thanks", "healthz", "livez", "readyz", "markdown-preview"}


def reportable_path(value: str) -> str | None:
    """`value` as a path on this site a reader may report (query kept, fragment dropped), else None.

    Only a local path: no scheme, no host, not `//host`, no backslash or control character, and one
    that this site's URLs resolve (not the admin's, not the report form itself).
    """
    value = (value or "").strip()
    if not value.startswith("/") or value.startswith("//") or len(value) > PAGE_MAX_LENGTH:
        return None
    if "\\" in value or any(ord(char) < 32 or ord(char) == 127 for char in value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    try:
        match = resolve(parts.path)
    except (Resolver404, ValueError):
        return None
    if NOT_REPORTABLE_NAMESPACES & set(match.namespaces) or match.url_name in NOT_REPORTABLE_NAMES:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


class ReportForm(forms.Form):
    page = forms.CharField(
        label="Which page",
        max_length=PAGE_MAX_LENGTH,
        help_text="The address of the page on this site, starting with /.",
    )
    text = forms.CharField(
        label="What is wrong",
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=f"What the page says, and what you think is wrong with it (at most {TEXT_MAX_LENGTH} characters).",
    )
    source = forms.CharField(
        label="Your source (optional)",
        max_length=SOURCE_MAX_LENGTH,
        required=False,
        help_text="Where you read otherwise: a link, or a paper's authors, title and year.",
    )
    email = forms.EmailField(
        label="Your email (optional)",
        required=False,
        help_text="Only if you would like a reply. Only the editors see it; it is never shown on the site.",
    )
    # A honeypot: hidden from people (CSS, and out of the tab order); robots fill every field.
    website = forms.CharField(label="Leave this field empty", required=False, max_length=200)

    def clean_page(self) -> str:
        page = reportable_path(self.cleaned_data["page"])
        if page is None:
            raise forms.ValidationError(
                "This is not the address of a page on this site. Give the part after the site's name, "
                "starting with / (for example /learn/fundamentals/)."
            )
        return page

    @property
    def is_robot(self) -> bool:
        return bool(self.is_bound and (self.data.get("website") or "").strip())


@dataclass(frozen=True)
class TooMany:
    """The address sent its share of reports in the window; the earliest may be sent again at `until`."""

    limit: int
    until: datetime


def receive(form: ReportForm, sender: str) -> ProblemReport | TooMany:
    """Store a valid report, unless its sender is over the limit. Database errors propagate (the
    view keeps the reader's text and says the site cannot take reports just now)."""
    now = timezone.now()
    since = now - settings.REPORT_WINDOW
    with transaction.atomic():
        # The fingerprints of reports older than the window have done their work: clear them.
        ProblemReport.objects.filter(received_at__lt=since).exclude(sender_key="").update(sender_key="")
        recent = list(
            ProblemReport.objects.filter(sender_key=sender, received_at__gte=since)
            .order_by("received_at")
            .values_list("received_at", flat=True)[: settings.REPORTS_PER_WINDOW]
        )
        if len(recent) >= settings.REPORTS_PER_WINDOW:
            first = recent[0] if recent else now
            return TooMany(settings.REPORTS_PER_WINDOW, first + settings.REPORT_WINDOW)
        data = form.cleaned_data
        return ProblemReport.objects.create(
            page=data["page"],
            text=data["text"],
            source=data["source"],
            email=data["email"],
            sender_key=sender,
            received_at=now,
        )
