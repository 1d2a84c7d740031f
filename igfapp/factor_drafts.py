"""An editor's preview of factor drafts in the table: each drafted row shown as its draft has it.

Values and rendered detail are set on the (never saved) instances; the links a draft keeps apart
(mechanisms, references, passages) are read for all drafted rows at once.
"""

from __future__ import annotations

from .editorial.drafts import draft_mechanism_links, show_pending_values
from .factor_details import FactorLinks, mechanism_details, visible_passages
from .models import LifestyleFactor, Mechanism, PendingChange, Reference


def _draft_ids(previews: list[dict], key: str) -> set[int]:
    return {pk for preview in previews for pk in preview.get(key, [])}


def show_drafts(factors: list[LifestyleFactor], drafts: dict[int, PendingChange], *, user) -> dict[int, FactorLinks]:
    """Show the factors that have an unpublished draft as the draft has them, for an editor's preview.

    Values and rendered detail are set on the (never saved) instances; their links, which a draft
    keeps apart, are returned by factor id. Three queries, however many drafts.
    """
    previews = [pending.preview for pending in drafts.values()]
    mechanism_ids = {row["mechanism"] for preview in previews for row in preview.get("mechanism_links", [])}
    mechanisms = Mechanism.objects.prefetch_related(*mechanism_details(user, prefix="")).in_bulk(mechanism_ids)
    references = Reference.objects.select_related("corrected_by").in_bulk(_draft_ids(previews, "references"))
    sections = visible_passages(user).in_bulk(_draft_ids(previews, "passages"))
    shown = {}
    for factor in factors:
        pending = drafts.get(factor.pk)
        if pending is None:
            continue
        show_pending_values(factor, pending)
        factor.shows_draft = True
        if "mechanism_links" in pending.preview:  # drafts saved before links were kept show values only
            shown[factor.pk] = FactorLinks(
                draft_mechanism_links(factor, pending.preview, mechanisms),
                [references[pk] for pk in pending.preview["references"] if pk in references],
                sorted(
                    (sections[pk] for pk in pending.preview["passages"] if pk in sections),
                    key=lambda section: (section.article.order, section.order),
                ),
            )
    return shown
