"""Report a problem (the form, and the thank-you page after it) and /corrections/, the reports the
editors accepted.

The form is the one page readers write to. Its own URL is never cached (it carries a CSRF token
and answers per request); every other page links to it with the page's own path, so the link is the
same for every reader and those pages stay shareable. A refusal returns the form with the reader's
text in it and a status that says why: 400 (something to fix), 429 (too many reports from one
address, with Retry-After) or 503 (the database is not answering, with Retry-After).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Paginator
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from ..caching import no_content_cache
from ..models import Correction
from ..outage import RETRY_AFTER_SECONDS, outage
from ..problem_reports import ReportForm, TooMany, receive, reportable_path
from ..throttling import sender_key

CORRECTIONS_PER_PAGE = 20


@no_content_cache
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report(request):
    if request.method != "POST":
        page = reportable_path(request.GET.get("page", ""))
        return _form_page(request, ReportForm(initial={"page": page or ""}))
    form = ReportForm(request.POST)
    if form.is_robot:
        return _form_page(request, form, status=400, problem="robot")
    if not form.is_valid():
        return _form_page(request, form, status=400)
    try:
        received = receive(form, sender_key(request))
    except (OperationalError, InterfaceError) as error:
        outage.failed(error)
        return _unavailable(request, form)
    if isinstance(received, TooMany):
        response = _form_page(request, form, status=429, problem="too-many", too_many=received)
        seconds = max(1, int((received.until - timezone.now()).total_seconds()) + 1)
        response.headers["Retry-After"] = str(seconds)
        return response
    # Post/Redirect/Get: a reload of the thank-you page sends nothing again.
    return HttpResponseRedirect(f"{reverse('report-thanks')}?{urlencode({'page': received.page})}", status=303)


def _form_page(request, form: ReportForm, *, status: int = 200, **context) -> HttpResponse:
    try:
        return render(request, "reports/report.html", {"form": form, **context}, status=status)
    except (OperationalError, InterfaceError) as error:  # the site's navigation reads the database
        outage.failed(error)
        return _unavailable(request, form)


def _unavailable(request, form: ReportForm) -> HttpResponse:
    """The form, the reader's text in it, saying the report could not be kept: rendered without the
    database (no context processors, no navigation)."""
    html = render_to_string(
        "reports/unavailable.html",
        {"form": form, "csrf_token": get_token(request), "sent": form.is_bound},
    )
    response = HttpResponse(html, status=503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response._has_been_logged = True  # the outage is logged once, by `outage`
    return response


@require_safe
def report_thanks(request):
    return render(request, "reports/thanks.html", {"page": reportable_path(request.GET.get("page", ""))})


@require_safe
def corrections(request):
    """Accepted reports, newest first: the page, the public reply, the date and the change that
    fixed it. Two queries a page (the count and the page's rows, joined with their public changes),
    from public tables alone."""
    paginator = Paginator(
        Correction.objects.select_related("fixed_by").only(
            "page", "reply", "accepted_at", "fixed_by__label", "fixed_by__reason", "fixed_by__when"
        ),
        CORRECTIONS_PER_PAGE,
    )
    number = request.GET.get("page", "1")
    if not (number.isascii() and number.isdigit()):
        raise Http404("No such page of corrections.")
    try:
        shown = paginator.page(number)
    except InvalidPage:
        raise Http404("No such page of corrections.") from None
    return render(request, "reports/corrections.html", {"shown": shown})
