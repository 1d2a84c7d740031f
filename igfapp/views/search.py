"""Site search page: one URL for the page and for the live (htmx) results."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..search import clean_query, popular_terms, search
from .htmx import vary_on_htmx, wants_fragment


@require_safe
@vary_on_htmx
def search_page(request):
    query = clean_query(request.GET.get("q"))
    results = search(query, user=request.user)
    context = {
        "query": query,
        "results": results,
        # An empty search offers somewhere to start.
        "popular": popular_terms() if not query else [],
    }
    template = "search/search.html"
    # Live results swap only the results.
    if wants_fragment(request):
        template += "#search-results"
        context["is_fragment"] = True
    return render(request, template, context)
