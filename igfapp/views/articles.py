"""Home page and the three tiered articles."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..editorial.public import editorial_view, shown_draft
from ..factor_table import factor_table
from ..models import Article
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
    editing = editorial_view(request, Article, slug=slug)  # None for readers: staff see drafts' state
    page = article_page(slug=slug, user=request.user, draft=shown_draft(editing))
    table = None
    if page.embeds_factor_table:  # the Intermediate tier shows the factor table; its links stay here
        url = page.article.get_absolute_url()
        table = factor_table(query=request.GET, user=request.user, base_url=url, embedded=True)
        if factors.wants_table_fragment(request):
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
