"""The factor table as data: the CSV and JSON downloads' records, and what a download says of itself."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from .citation_export import reference_label
from .factor_evidence import direction_phrase, evidence_phrase
from .factor_table import TableState
from .models import LifestyleFactor

DOWNLOAD_NOTICE = (
    "For rows from the document's table (in_document_table true), primary_mechanism and "
    "observed_effect quote the source document. effect and direction give the direction the document "
    "claims, in the editors' words: not an established effect. evidence lists the editors' evidence "
    "notes that checked a factor's claim, with their standing; an empty list means no note checked it. "
    "Everything else (summaries, mechanisms and their notes, and the wording of the rows the editors "
    "added) is the editors'. Educational, not medical advice."
)


def factor_record(factor: LifestyleFactor, absolute: Callable[[str], str]) -> dict:
    """One factor as plain data, for the CSV and JSON downloads (reads prefetched relations only)."""
    links = factor.links
    return {
        "slug": factor.slug,
        "name": factor.name,
        "url": absolute(factor.get_absolute_url()),
        "in_document_table": factor.in_document_table,
        "row_origin": "document" if factor.in_document_table else "editors",
        "effect": factor.effect,
        "effect_label": factor.get_effect_display(),
        "direction": direction_phrase(factor.effect),
        "evidence": [
            {
                "note": mark.slug,
                "standing": mark.standing,
                "standing_label": mark.label,
                "claim": mark.claim,
                "url": absolute(f"{reverse('sources')}#note-{mark.slug}"),
            }
            for mark in factor.evidence
        ],
        "evidence_summary": evidence_phrase(factor.evidence),
        "primary_mechanism": factor.table_mechanism,
        "observed_effect": factor.observed_effect,
        "summary": factor.summary,
        "status": factor.status,
        "mechanisms": [
            {
                "slug": link.mechanism.slug,
                "name": link.mechanism.name,
                "location": link.mechanism.location,
                "note": link.note,
            }
            for link in links
        ],
        "axis_locations": list(dict.fromkeys(link.mechanism.location for link in links)),
        "passages": [
            {"tier": group.article.title, "heading": section.heading, "url": absolute(section.get_absolute_url())}
            for group in factor.tiers
            for section in group.sections
        ],
        "references": [
            {
                "key": ref.key,
                "label": reference_label(ref),
                "doi": ref.doi,
                "pmid": ref.pmid,
                "url": absolute(ref.get_absolute_url()),
            }
            for ref in factor.sources
        ],
    }


def view_description(state: TableState) -> dict:
    """The filters and sort of a download, so the file says what it contains."""
    return {
        "q": state.q,
        "effect": state.effect,
        "location": state.location,
        "mechanism": state.mechanism,
        "origin": state.origin,
        "sort": state.sort,
        "dir": state.direction,
    }
