"""The page an admin action answers with when what it acts on changed after the page was opened.

Every state-changing action (conflicts.py says which, and how the stamp travels) checks its items
with `stale_items` under the content-write lock, in the transaction that would act, and answers
`refused_response` instead of acting when any changed: 409 Conflict, nothing done, each item with
who changed it and what (the same diff a refused save shows), and a link back to a fresh page.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.template.response import TemplateResponse
from django.urls import reverse

from ..editorial.conflicts import Conflict, conflict_since


def stale_items(stamped: Iterable[tuple[object, str | None]]) -> list[tuple[object, Conflict]]:
    """The items, of (item, the stamp the page carried), that changed since; [] when none did."""
    return [(obj, conflict) for obj, stamp in stamped if (conflict := conflict_since(obj, stamp)) is not None]


def refused_response(request, model_admin, stale: list[tuple[object, Conflict]], *, action: str, back_url: str):
    """409: `action` (e.g. "Discard the draft") was not done, because of what `stale` shows."""
    opts = model_admin.opts
    items = [
        {
            "label": str(obj),
            "url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
            "conflict": conflict,
        }
        for obj, conflict in stale
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Not done: {action[0].lower()}{action[1:]}",
        "subtitle": None,
        "opts": opts,
        "action": action,
        "items": items,
        "back_url": back_url,
    }
    return TemplateResponse(request, "admin/igfapp/refused.html", context, status=409)
