"""Home page and the three tiered articles."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..editorial import article_page_preview, editorial_view
from ..selectors import article_page, articles_with_reading_time
from . import factors
from .htmx import vary_on_htmx, wants_fragment


@require_safe
def home(request):
    tiers = articles_with_reading_time(user=request.user)
    chosen = next((t for t in tiers if t.slug == request.COOKIES.get(settings.DEPTH_COOKIE)), None)
    return render(request, "home.html", {"tiers": tiers, "chosen_tier": chosen})


@require_safe
@vary_on_htmx
def article_detail(request, slug):
    page = article_page(slug=slug, user=request.user)
    editing = editorial_view(request, page.article)  # None for readers: staff see drafts' state
    if editing is not None and editing.previewing:
        page = article_page_preview(page, editing.pending)
    table = factors.embedded_table(request, page)  # the Intermediate tier shows the factor table
    if table is not None and factors.wants_table_fragment(request):
        return factors.table_fragment(request, table)
    template = "articles/article.html"
    if wants_fragment(request):  # htmx swaps only the article
        template += "#article-content"
    response = render(request, template, {"page": page, "article": page.article, "table": table, "editing": editing})
    if request.COOKIES.get(settings.DEPTH_COOKIE) != slug:
        response.set_cookie(
            settings.DEPTH_COOKIE,
            slug,
            max_age=settings.PREFERENCE_COOKIE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    return response
