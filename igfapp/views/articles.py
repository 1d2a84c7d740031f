"""Home page and the three tiered articles."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..editorial.public import asks_for_draft, editorial_view
from ..models import Article
from ..page_questions import requested_answer
from ..reader_pages import TIER_FRAGMENT, TIER_TEMPLATE, serves_stored, stored_tier, tier_context
from ..selectors import articles_with_reading_time
from . import factors
from .htmx import vary_on_htmx, wants_fragment


@require_safe
def home(request):
    # "Continue at your level" is the browser's to show (static/js/prefs.js): the page is the same
    # for every reader, so a shared cache can keep it.
    return render(request, "home.html", {"tiers": articles_with_reading_time(user=request.user)})


@require_safe
@vary_on_htmx
def article_detail(request, slug):
    fragment = wants_fragment(request)  # htmx swaps only the article
    stored = serves_stored(request) and not factors.wants_table_fragment(request)
    if stored and (response := stored_tier(request, slug, fragment=fragment)) is not None:
        return response  # rendered once for this content (igfapp/reader_pages.py)
    editing = editorial_view(request, Article, slug=slug)  # None for readers: staff see drafts' state
    # ?question=<slug>&answer=<n>: the page with that question's result (a 404 if it is not one).
    # ?preview=draft also shows the questions' drafts to an editor (article_page ignores it for readers).
    context = tier_context(
        slug=slug,
        user=request.user,
        query=request.GET,
        editing=editing,
        answer=requested_answer(request.GET),
        preview=asks_for_draft(request.GET),
    )
    page = context["page"]
    if page.answered is not None and fragment and request.htmx.target == f"{page.answered.anchor}-result":
        # htmx answers in place: only the question's result, into its live region.
        return render(request, "articles/_questions.html#question-result", {"question": page.answered})
    if context["table"] is not None and factors.wants_table_fragment(request):
        return factors.table_fragment(request, context["table"])
    # The tier a reader last chose is remembered by the browser (static/js/prefs.js), never in a
    # cookie: the page stays the same bytes for every reader.
    return render(request, TIER_FRAGMENT if fragment else TIER_TEMPLATE, context)
