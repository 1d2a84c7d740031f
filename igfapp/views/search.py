"""Site search page: one URL for the page and for the live (htmx) results."""

from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from ..search import clean_query, popular_terms, search


@require_safe
@vary_on_headers("HX-Request")
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
    # Live results swap only the results; a history-restore request needs the whole page.
    if request.htmx and not request.htmx.history_restore_request:
        template += "#search-results"
        context["is_fragment"] = True
    return render(request, template, context)
