"""The lifestyle-factor table: its page, its htmx fragments, and CSV/JSON downloads of a view."""

from __future__ import annotations

import csv
import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from ..factor_downloads import DOWNLOAD_NOTICE, factor_record, view_description
from ..factor_evidence import NOT_CHECKED
from ..factor_table import FactorTable, embedding_article, factor_table
from .htmx import vary_on_htmx, wants_fragment

TABLE_TEMPLATE = "factors/table.html"
# The htmx targets inside the table; each gets its own partial.
RESULTS_TARGET = "factor-results"
TABLE_TARGETS = {"factor-table", RESULTS_TARGET}
DOWNLOAD_NAME = "igf1-lifestyle-factors"


def wants_table_fragment(request: HttpRequest) -> bool:
    """An htmx request from inside the table (on /factors/ or an article that embeds it)."""
    return wants_fragment(request) and request.htmx.target in TABLE_TARGETS


def table_fragment(request: HttpRequest, table: FactorTable) -> HttpResponse:
    """Only what the htmx request replaces: the results (with the count, out of band) or the table."""
    partial = "factor-results-swap" if request.htmx.target == RESULTS_TARGET else "factor-table"
    return render(request, f"{TABLE_TEMPLATE}#{partial}", {"table": table})


@require_safe
@vary_on_htmx
def factor_index(request: HttpRequest) -> HttpResponse:
    table = factor_table(query=request.GET, user=request.user, base_url=reverse("factors"))
    if wants_table_fragment(request):
        return table_fragment(request, table)
    context = {"table": table, "embedding_article": embedding_article(user=request.user)}
    return render(request, "factors/index.html", context)


# --- Downloads -----------------------------------------------------------------------------------


def _download_table(request: HttpRequest) -> FactorTable:
    # The downloads list each row's mechanisms, passages and references: read them (relations=True).
    return factor_table(query=request.GET, user=request.user, base_url=reverse("factors"), relations=True)


def _attachment(response: HttpResponse, extension: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{DOWNLOAD_NAME}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# A spreadsheet treats a cell starting with these as a formula; a leading apostrophe keeps it text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_PREFIXES) else value


CSV_COLUMNS = [
    "name",
    "slug",
    "row_origin",
    "effect",
    "direction",
    "evidence",
    "primary_mechanism",
    "observed_effect",
    "summary",
    "mechanisms",
    "axis_locations",
    "passages",
    "references",
    "url",
]


def csv_row(record: dict) -> list[str]:
    values = {
        **record,
        "mechanisms": "; ".join(m["name"] for m in record["mechanisms"]),
        "axis_locations": "; ".join(record["axis_locations"]),
        "passages": " ".join(p["url"] for p in record["passages"]),
        "references": "; ".join(r["key"] for r in record["references"]),
        # The standing of each note that checked the claim, or that none did (factor_evidence.py).
        "evidence": "; ".join(f"{e['standing_label']}: {e['note']}" for e in record["evidence"]) or NOT_CHECKED,
    }
    return [spreadsheet_safe(str(values[column])) for column in CSV_COLUMNS]


@require_safe
def factors_csv(request: HttpRequest) -> HttpResponse:
    """The current view as CSV: one row per factor, lists joined with '; '."""
    table = _download_table(request)
    # The byte-order mark lets spreadsheet programs detect UTF-8 (names use en dashes).
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")
    writer = csv.writer(response, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for factor in table.factors:
        writer.writerow(csv_row(factor_record(factor, request.build_absolute_uri)))
    return _attachment(response, "csv")


@require_safe
def factors_json(request: HttpRequest) -> HttpResponse:
    """The current view as JSON, with the filters that produced it and whose words are whose."""
    table = _download_table(request)
    data = {
        "title": "Lifestyle factors and IGF-1",
        "source": request.build_absolute_uri(table.standalone_url),
        "notice": DOWNLOAD_NOTICE,
        "view": view_description(table.state),
        "count": len(table.factors),
        "factors": [factor_record(factor, request.build_absolute_uri) for factor in table.factors],
    }
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return _attachment(HttpResponse(body, content_type="application/json; charset=utf-8"), "json")
