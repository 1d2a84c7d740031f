"""The review page (/review/) and the questions and glossary to take elsewhere (CSV, Anki)."""

from __future__ import annotations

import csv
import functools

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from ..content_revision import current_content_revision
from ..learning_downloads import GLOSSARY_COLUMNS, QUESTION_COLUMNS, anki_package, glossary_records, question_records
from ..review_page import quiz_json_ld, review_page
from ..templatetags.citation_tags import public_url, script_safe_json
from .htmx import vary_on_htmx, wants_fragment

DOWNLOAD_NAME = "igf1-axis"


@require_safe
@vary_on_htmx
def review(request: HttpRequest) -> HttpResponse:
    """Due questions (the browser's schedule, static/js/review.js) or, without JavaScript, practice."""
    page = review_page(request.GET)  # Http404 for a bad tier or answer
    if (
        page.answered is not None
        and wants_fragment(request)
        and request.htmx.target == f"{page.answered.anchor}-result"
    ):
        return render(request, "articles/_questions.html#question-result", {"question": page.answered})
    absolute = functools.partial(public_url, request)
    context = {
        "review": page,
        "canonical_url": absolute(reverse("review") + (f"?tier={page.chosen.slug}" if page.chosen else "")),
        "json_ld": script_safe_json(quiz_json_ld(page, absolute=absolute)),
    }
    return render(request, "review/review.html", context)


def _csv(name: str, columns: list[str], rows: list[list[str]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")  # spreadsheet programs then read the file as UTF-8
    writer = csv.writer(response, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    response["Content-Disposition"] = f'attachment; filename="{DOWNLOAD_NAME}-{name}.csv"'
    return response


@require_safe
def questions_csv(request: HttpRequest) -> HttpResponse:
    """Every question with its choices, the right answer, every explanation and its passage's URL."""
    return _csv("questions", QUESTION_COLUMNS, [r.csv_row() for r in question_records(request.build_absolute_uri)])


@require_safe
def glossary_csv(request: HttpRequest) -> HttpResponse:
    """Every glossary term with its plain definition."""
    return _csv("glossary", GLOSSARY_COLUMNS, glossary_records(request.build_absolute_uri))


@require_safe
def anki_deck(request: HttpRequest) -> HttpResponse:
    """The questions and the glossary as one Anki deck."""
    absolute = request.build_absolute_uri
    changed = current_content_revision().changed_at.timestamp()  # Anki updates notes older than this
    body = anki_package(question_records(absolute), glossary_records(absolute), timestamp=changed)
    response = HttpResponse(body, content_type="application/octet-stream")  # no registered type for a deck
    response["Content-Disposition"] = f'attachment; filename="{DOWNLOAD_NAME}.apkg"'
    return response
