"""What crawlers and browsers ask for first: /robots.txt, /sitemap.xml and /favicon.ico.

Each is answered (never a 404 costing a second request) and cacheable like a page.
"""

from __future__ import annotations

from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from ..sitemaps import SITEMAPS

# Files that change only with a release: a day in any cache is fine.
ONE_DAY = 60 * 60 * 24


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        # Fragments for scripts, not pages: their content is on the pages themselves.
        "Disallow: /cards/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=ONE_DAY)
    return response


@require_safe
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    return django_sitemap(request, sitemaps=SITEMAPS)


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: send them to the hashed icon."""
    response = HttpResponseRedirect(static("img/favicon.svg"))
    patch_cache_control(response, public=True, max_age=ONE_DAY)
    return response
