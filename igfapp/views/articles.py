"""Home page and the three tiered articles."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..editorial.public import asks_for_draft, editorial_view, shown_draft
from ..factor_table import factor_table
from ..learning import requested_answer
from ..models import Article
from ..selectors import article_page, articles_with_reading_time
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
    editing = editorial_view(request, Article, slug=slug)  # None for readers: staff see drafts' state
    # ?question=<slug>&answer=<n>: the page with that question's result (a 404 if it is not one).
    answer = requested_answer(request.GET)
    # ?preview=draft also shows the questions' drafts to an editor (article_page ignores it for readers).
    page = article_page(
        slug=slug, user=request.user, draft=shown_draft(editing), answer=answer, preview=asks_for_draft(request.GET)
    )
    if (
        page.answered is not None
        and wants_fragment(request)
        and request.htmx.target == f"{page.answered.anchor}-result"
    ):
        # htmx answers in place: only the question's result, into its live region.
        return render(request, "articles/_questions.html#question-result", {"question": page.answered})
    table = None
    if page.embeds_factor_table:  # the Intermediate tier shows the factor table; its links stay here
        url = page.article.get_absolute_url()
        table = factor_table(query=request.GET, user=request.user, base_url=url, embedded=True)
        if factors.wants_table_fragment(request):
            return factors.table_fragment(request, table)
    template = "articles/article.html"
    if wants_fragment(request):  # htmx swaps only the article
        template += "#article-content"
    # The tier a reader last chose is remembered by the browser (static/js/prefs.js), never in a
    # cookie: the page stays the same bytes for every reader.
    return render(request, template, {"page": page, "article": page.article, "table": table, "editing": editing})
