"""What editors see of an item on its public page: the draft banners, and `?preview=draft`.

Readers get nothing from here (None, and no query is made for them); who counts as an editor is
the one staff-visibility rule, `models.is_editor`. Which draft a page shows is decided here, and the
page is then read by the same selector as for readers, given that draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse

from ..models import LifestyleFactor, PendingChange, is_editor
from .drafts import pending_change

PREVIEW_PARAMETER = "preview"


def asks_for_draft(query) -> bool:
    """Whether a query string asks to preview drafts (`?preview=draft`); only editors get them."""
    return query.get(PREVIEW_PARAMETER) == "draft"


@dataclass
class EditorialView:
    """What staff see about an item on its public page (readers get None: no queries, no banner)."""

    obj: object
    pending: PendingChange | None
    previewing: bool

    @property
    def shown_draft(self) -> PendingChange | None:
        """The draft the page shows instead of the published item, if any."""
        return self.pending if self.previewing else None

    @property
    def admin_url(self) -> str:
        opts = type(self.obj)._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.obj.pk])


def editorial_view(request: HttpRequest, model, **lookup) -> EditorialView | None:
    """For an editor, the item of `model` found by `lookup` (drafts included), its draft, and
    whether they asked to preview it; None for readers and for an item that does not exist."""
    if not is_editor(request.user):
        return None
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return None
    pending = pending_change(obj)
    return EditorialView(obj, pending, previewing=pending is not None and asks_for_draft(request.GET))


def shown_draft(editing: EditorialView | None) -> PendingChange | None:
    """The draft a page should show: an editor's previewed draft, else None (readers too)."""
    return editing.shown_draft if editing is not None else None


def draft_preview_url(obj) -> str:
    """The public page of `obj` showing its pending draft (the query goes before any #fragment)."""
    path, _, fragment = obj.get_absolute_url().partition("#")
    query = {PREVIEW_PARAMETER: "draft"}
    if isinstance(obj, LifestyleFactor):
        query["open"] = obj.slug  # a factor's draft shows in its row's details: open them
    return f"{path}?{urlencode(query)}" + (f"#{fragment}" if fragment else "")
