"""What the review records say of a page: a tier's latest review, the glossary's, and when each
evidence note was last checked. Read from `Review` rows only (content/reviews/, or recorded in the admin): with no
record a page says plainly that no clinician has reviewed it, never anything else.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F

from .models import Article, EvidenceNote, Review


def latest_tier_review(article: Article) -> Review | None:
    """The newest review of the tier, or of some of its sections, with its reviewer (one query)."""
    return (
        Review.objects.filter(article=article, scope__in=[Review.Scope.TIER, Review.Scope.SECTIONS])
        .select_related("reviewer")
        .order_by("-reviewed_on", "-pk")
        .first()
    )


def latest_glossary_review() -> Review | None:
    """The newest review of the glossary, with its reviewer (one query)."""
    return (
        Review.objects.filter(scope=Review.Scope.GLOSSARY)
        .select_related("reviewer")
        .order_by("-reviewed_on", "-pk")
        .first()
    )


def latest_tier_reviews() -> dict[int, Review]:
    """Each reviewed tier's newest review (of the tier or some of its sections), by article id (one
    query): what the editors' review-date checks compare edits with."""
    latest: dict[int, Review] = {}
    reviews = Review.objects.filter(scope__in=[Review.Scope.TIER, Review.Scope.SECTIONS], article__isnull=False)
    for review in reviews.only("article_id", "reviewed_on", "next_review_due").order_by("reviewed_on", "pk"):
        latest[review.article_id] = review  # the newest last
    return latest


def attach_note_checks(notes: Iterable[EvidenceNote]) -> None:
    """Set `last_check` on each note: the newest review that checked it, or None (one query)."""
    notes = list(notes)
    latest: dict[int, Review] = {}
    reviews = (
        Review.objects.filter(scope=Review.Scope.NOTES, notes__in={note.pk for note in notes})
        .select_related("reviewer")
        .annotate(checked_note=F("notes"))
        .order_by("reviewed_on", "pk")
    )
    for review in reviews:
        latest[review.checked_note] = review  # the newest last
    for note in notes:
        note.last_check = latest.get(note.pk)
