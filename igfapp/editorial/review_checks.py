"""Review-date checks: a tier never reviewed or overdue, and tiers that may no longer agree.

Review dates come from the review records (review_records.py: a tier's newest review, of the tier
or some of its sections), as readers see them. A sibling tier's section on the same topic edited
after this tier was last reviewed (or this section edited after a sibling's review) is flagged, so
the tiers are read together again.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from ..models import Article, Review, Section
from .check_results import INFO, WARNING, CheckResult, SectionLink, admin_url, date_text


def was_edited(section: Section) -> bool:
    """Edited since it was created: `version` is bumped by every save after the first.

    A fresh import creates every row at once, long after the review dates written in content/;
    counting creation as a change would flag every topic on a new installation.
    """
    return section.version > 1


def edited_on(section: Section) -> datetime.date:
    return timezone.localdate(section.updated_at)


def changed_after_review(section: Section, reviewed: datetime.date | None) -> bool:
    return reviewed is not None and was_edited(section) and edited_on(section) > reviewed


def reviewed_on(reviews: dict[int, Review], article_id: int) -> datetime.date | None:
    review = reviews.get(article_id)
    return review.reviewed_on if review else None


def siblings_changed_since_review(
    article: Article,
    sections: list[Section],
    reviews: dict[int, Review],
    *,
    topic: str | None = None,
    link: SectionLink = admin_url,
) -> list[CheckResult]:
    """Other tiers' sections edited after `article` was last reviewed, on a topic it also covers."""
    own = {s.topic: s for s in sections if s.article_id == article.pk and topic in (None, s.topic)}
    last_reviewed = reviewed_on(reviews, article.pk)
    results = []
    for other in sections:
        mine = own.get(other.topic)
        if other.article_id == article.pk or mine is None:
            continue
        if changed_after_review(other, last_reviewed):
            results.append(
                CheckResult(
                    WARNING,
                    f"{other.article.title}’s section “{other.heading}” ({other.get_topic_display()}) "
                    "was edited on "
                    f"{date_text(edited_on(other))}, after {article.title} was last reviewed "
                    f"({date_text(last_reviewed)}): check that “{mine.heading}” still agrees.",
                    link(mine),
                    f"Review “{mine.heading}”",
                )
            )
    return results


def section_changed_since_sibling_reviews(
    section: Section, sections: list[Section], reviews: dict[int, Review], *, place: str = "This section"
) -> list[CheckResult]:
    """This section edited after another tier with the same topic was last reviewed."""
    results = []
    for other in sections:
        if other.topic != section.topic or other.article_id == section.article_id:
            continue
        reviewed = reviewed_on(reviews, other.article_id)
        if changed_after_review(section, reviewed):
            results.append(
                CheckResult(
                    WARNING,
                    f"{place} was edited on {date_text(edited_on(section))}, after {other.article.title} was last "
                    f"reviewed ({date_text(reviewed)}): check that its section “{other.heading}” on the same topic "
                    "still agrees.",
                    admin_url(other),
                    f"Open “{other.heading}”",
                )
            )
    return results


def review_date_checks(
    article: Article, review: Review | None, today: datetime.date | None = None
) -> list[CheckResult]:
    """What the tier's newest review record (None: there is none) means for the editors."""
    today = today or timezone.localdate()
    if review is None:
        unreviewed = (
            "readers see “No clinician has reviewed this tier yet”; record a review under Reviews once one is done"
        )
        return [CheckResult(WARNING, f"{article.title} has no review record: {unreviewed}.")]
    results = [CheckResult(INFO, f"Last reviewed {date_text(review.reviewed_on)} (the newest review record).")]
    if review.next_review_due and review.next_review_due < today:
        results.append(CheckResult(WARNING, f"The next review was due on {date_text(review.next_review_due)}."))
    return results
