"""Home page and the three tiered articles."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from ..selectors import article_page, articles_with_reading_time


@require_safe
def home(request):
    tiers = articles_with_reading_time(user=request.user)
    chosen = next((t for t in tiers if t.slug == request.COOKIES.get(settings.DEPTH_COOKIE)), None)
    return render(request, "home.html", {"tiers": tiers, "chosen_tier": chosen})


@require_safe
@vary_on_headers("HX-Request")
def article_detail(request, slug):
    page = article_page(slug=slug, user=request.user)
    template = "articles/article.html"
    # htmx swaps only the article; a history-restore request needs the whole page.
    if request.htmx and not request.htmx.history_restore_request:
        template += "#article-content"
    response = render(request, template, {"page": page, "article": page.article})
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
