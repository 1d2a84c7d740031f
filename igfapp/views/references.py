"""The references page, the "Sources & evidence" page, and BibTeX/RIS exports."""

from __future__ import annotations

from collections import Counter

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .. import citation_export as export
from .. import selectors
from ..models import Reference

BIBTEX_TYPE = "application/x-bibtex; charset=utf-8"
RIS_TYPE = "application/x-research-info-systems; charset=utf-8"
LIST_FILENAME = "gh-igf1-axis-references"


@require_safe
def reference_list(request):
    document, editors = selectors.reference_list(user=request.user)
    return render(
        request,
        "references/index.html",
        {"document_references": document, "editors_references": editors},
    )


@require_safe
def sources(request):
    page = selectors.sources_page(user=request.user)
    return render(
        request,
        "references/sources.html",
        {
            "standing_groups": page.standing_groups,
            "note_count": page.note_count,
            "document_references": page.document_references,
            "check_summary": check_summary(page.document_references),
        },
    )


def check_summary(document_references) -> str:
    """One sentence counting what the check found, from the data (never a hard-coded count)."""
    counts = Counter(ref.status for ref in document_references)
    found = [
        (counts[Reference.Accuracy.MISMATCH], "point{s} to a real paper but print{s} some details wrong"),
        (counts[Reference.Accuracy.UNVERIFIED], "could not be found as printed"),
        (counts[Reference.Accuracy.VERIFIED], "{have} been verified by an editor"),
    ]
    parts = [f"{n} " + text.format(s="" if n != 1 else "s", have="have" if n != 1 else "has") for n, text in found if n]
    total = sum(counts.values())
    if not parts:
        return "The document prints no references."
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"The document prints {total} reference{'s' if total != 1 else ''}. Of these, {listed}."


# --- Exports ----------------------------------------------------------------------------------


def _download(text: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _all_citations() -> list[export.Citation]:
    document, editors = selectors.in_list_order(Reference.objects.select_related("corrected_by"))
    return [export.citation_for_export(ref) for ref in document + editors]


def _one_citation(key: str) -> export.Citation:
    ref = get_object_or_404(Reference.objects.select_related("corrected_by"), key=key)
    return export.citation_for_export(ref)


@require_safe
def export_bibtex(request):
    return _download(export.bibtex_document(_all_citations()), BIBTEX_TYPE, f"{LIST_FILENAME}.bib")


@require_safe
def export_ris(request):
    return _download(export.ris_document(_all_citations()), RIS_TYPE, f"{LIST_FILENAME}.ris")


@require_safe
def reference_bibtex(request, key):
    citation = _one_citation(key)
    return _download(export.bibtex_document([citation]), BIBTEX_TYPE, f"{citation.key}.bib")


@require_safe
def reference_ris(request, key):
    citation = _one_citation(key)
    return _download(export.ris_document([citation]), RIS_TYPE, f"{citation.key}.ris")
