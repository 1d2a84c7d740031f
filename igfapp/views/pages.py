"""Pages about the site itself (content/pages/), e.g. the editorial standards: stored HTML, one query."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from ..models import SitePage


@require_safe
def site_page(request, slug: str):
    page = get_object_or_404(SitePage.objects.only("slug", "title", "summary", "body_html"), slug=slug)
    return render(request, "pages/site_page.html", {"site_page": page})
