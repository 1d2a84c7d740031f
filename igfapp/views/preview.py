"""The admin's live preview: markdown rendered by the very pipeline the stored HTML comes from (html_fields.py).

Staff only, POST with the CSRF token (the text can be long, and a preview must never be a way to
run the renderer for strangers). What is rendered, and how, is editorial/live_preview.py's.
"""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ..caching import no_content_cache
from ..editorial.live_preview import MAX_PREVIEW_CHARS, live_preview
from ..models import is_editor, parse_id


@no_content_cache
@never_cache
@require_POST
def markdown_preview(request) -> HttpResponse:
    if not is_editor(request.user):
        return HttpResponseForbidden("Previews are for editors: log in to the admin first.")
    source = request.POST.get("source", "")
    text = request.POST.get(source, "") if source else ""
    if len(text) > MAX_PREVIEW_CHARS:
        return HttpResponseBadRequest("This text is too long to preview.")
    # An inline's field is named "<prefix>-<index>-<field>"; the field is the last part.
    field_name = source.rsplit("-", 1)[-1]
    raw_id = request.POST.get("object_id", "")  # empty for an item not saved yet
    object_id = parse_id(raw_id) if raw_id else None
    if raw_id and object_id is None:
        return HttpResponseBadRequest("Unknown item to preview.")
    preview = live_preview(request.POST.get("model", ""), field_name, text, object_id)
    if preview is None:
        return HttpResponseBadRequest("Unknown field to preview.")
    return render(request, "admin/igfapp/preview_fragment.html", {"html": preview.html, "cited": preview.cited})
