"""The references page, the "Sources & evidence" page, and BibTeX/RIS exports."""

from __future__ import annotations

from collections import Counter

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .. import citation_export as export
from ..models import Article, EvidenceNote, GlossaryTerm, LifestyleFactor, Reference, Section

BIBTEX_TYPE = "application/x-bibtex; charset=utf-8"
RIS_TYPE = "application/x-research-info-systems; charset=utf-8"
LIST_FILENAME = "gh-igf1-axis-references"


def _visible_sections(user):
    """Sections of tiers this user may read, with their article (for links and labels)."""
    return Section.objects.filter(article__in=Article.objects.visible_to(user)).select_related("article")


def _in_list_order(references) -> tuple[list[Reference], list[Reference]]:
    """Document references by printed number, then the editors' by first author, year and key."""
    document = sorted(
        (r for r in references if r.origin == Reference.Origin.DOCUMENT), key=lambda r: (r.number or 0, r.key)
    )
    editors = sorted((r for r in references if r.origin != Reference.Origin.DOCUMENT), key=_author_sort_key)
    return document, editors


def _author_sort_key(ref: Reference) -> tuple:
    first = export.surname(ref.authors[0]) if ref.authors else ref.title
    return (first.casefold(), ref.year or 0, ref.key)


@require_safe
def reference_list(request):
    visible_sections = _visible_sections(request.user)
    queryset = Reference.objects.select_related("corrected_by").prefetch_related(
        "see_also",
        "corrects",
        "suggested_for",
        Prefetch("citing_sections", queryset=visible_sections.order_by("article__order", "order")),
        Prefetch("factors", queryset=LifestyleFactor.objects.visible_to(request.user)),
        Prefetch("glossary_terms", queryset=GlossaryTerm.objects.visible_to(request.user)),
        "evidence_notes",
    )
    document, editors = _in_list_order(queryset)
    for number, ref in enumerate(document + editors, start=1):
        ref.list_number = number
    return render(
        request,
        "references/index.html",
        {"document_references": document, "editors_references": editors},
    )


STANDING_ORDER = [choice for choice, _ in EvidenceNote.Standing.choices]


@require_safe
def sources(request):
    notes = EvidenceNote.objects.prefetch_related(
        Prefetch("sections", queryset=_visible_sections(request.user).order_by("article__order", "order")),
        Prefetch("factors", queryset=LifestyleFactor.objects.visible_to(request.user)),
        "references",
    )
    groups = {standing: [] for standing in STANDING_ORDER}
    for note in notes:
        groups.setdefault(note.standing, []).append(note)
    standing_groups = [
        {"standing": standing, "label": EvidenceNote.Standing(standing).label, "notes": groups[standing]}
        for standing in STANDING_ORDER
    ]
    document = (
        Reference.objects.filter(origin=Reference.Origin.DOCUMENT)
        .select_related("corrected_by")
        .prefetch_related("see_also")
        .order_by("number", "key")
    )
    return render(
        request,
        "references/sources.html",
        {
            "standing_groups": standing_groups,
            "note_count": sum(len(g) for g in groups.values()),
            "document_references": document,
            "check_summary": check_summary(document),
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
    document, editors = _in_list_order(Reference.objects.select_related("corrected_by"))
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
