"""Reviews: content/reviews/<slug>.md: one review by one reviewer (its `reviewer` slug) of a tier,
some of a tier's sections, evidence notes or the glossary: when, the outcome, when the next is due,
and the reviewer's public note as the body (plain text). The folder may be empty or absent.
"""

from __future__ import annotations

from ..content_files import ContentError, EntryFile, FrontMatter
from ..models import Article, Review
from . import reviewers
from .entries import Links, Names, canonical_body, values_of
from .records import ContentSet, Fields, ImportReport, Kind, Record
from .rows import delete_missing, set_links, upsert

FIELDS = ["scope", "reviewed_on", "outcome", "next_review_due", "note"]


def read(entry: EntryFile, errors: list) -> Record:
    f = Fields(entry, errors)
    f.check_known_keys({"reviewer", "scope", "tier", "sections", "notes", "reviewed_on", "outcome", "next_review_due"})
    values = {
        "scope": f.choice("scope", Review.Scope),
        "reviewed_on": f.date("reviewed_on"),
        "outcome": f.choice("outcome", Review.Outcome),
        "next_review_due": f.date("next_review_due"),
        "note": entry.body,
    }
    if values["reviewed_on"] is None:
        f.fail("missing required field 'reviewed_on' (a date like 2027-01-31)", "reviewed_on")
    reviewer = f.text("reviewer", required=True)
    tier = f.text("tier")
    links = {
        "reviewer": [(reviewer, entry.line_of("reviewer"))] if reviewer else [],
        "tier": [(tier, entry.line_of("tier"))] if tier else [],
        "sections": f.slugs("sections"),
        "notes": f.slugs("notes"),
    }
    scope = values["scope"]
    if scope in (Review.Scope.TIER, Review.Scope.SECTIONS) and not tier:
        f.fail(f"a review of {'a tier' if scope == Review.Scope.TIER else 'sections'} names its 'tier'", "scope")
    if scope == Review.Scope.SECTIONS and not links["sections"]:
        f.fail("a review of sections lists its 'sections' (article/anchor)", "scope")
    if scope == Review.Scope.NOTES and not links["notes"]:
        f.fail("a review of evidence notes lists its 'notes'", "scope")
    for section, line in links["sections"]:
        if tier and not section.startswith(f"{tier}/"):
            errors.append(ContentError(entry.path, line, f"section '{section}' is not in the tier '{tier}'"))
    return Record(entry, values, links)


def apply(content: ContentSet, loaded: dict, report: ImportReport) -> dict[str, Review]:
    sections, notes, people = loaded["articles"], loaded["evidence"], loaded["reviewers"]
    named = {tier for record in content["reviews"].values() for tier, _ in record.links["tier"]}
    tiers = {article.slug: article for article in Article.objects.filter(slug__in=named)}
    reviews = {}
    for slug, record in content["reviews"].items():
        tier = record.links["tier"][0][0] if record.links["tier"] else None
        values = {
            **record.values,
            "reviewer": people[record.links["reviewer"][0][0]],
            "article": tiers.get(tier) if tier else None,
        }
        reviews[slug], changed = upsert(Review, {"slug": slug}, values, report, "reviews")
        review = reviews[slug]
        covered = set_links(review.sections, [sections[s] for s, _ in record.links["sections"]])
        checked = set_links(review.notes, [notes[s] for s, _ in record.links["notes"]])
        report.touch("reviews", slug, changed or covered or checked)
    delete_missing(Review, "slug", set(content["reviews"]), report, "reviews")
    reviewers.delete_unlisted(content, report)  # after the reviews that named them
    return reviews


def entries(names: Names) -> dict[str, tuple[dict, Links]]:
    sections = names.linked(Review, "sections", names.sections)
    notes = names.linked(Review, "notes", names.evidence)
    return {
        review.slug: (
            values_of(review, FIELDS),
            {
                "reviewer": [review.reviewer.slug],
                "tier": [review.article.slug] if review.article_id else [],
                "sections": sections(review),
                "notes": notes(review),
            },
        )
        for review in Review.objects.select_related("reviewer", "article").order_by("slug")
    }


def write(values: dict, links: Links) -> str:
    front = (
        FrontMatter()
        .value("reviewer", links["reviewer"][0])
        .value("scope", values["scope"])
        .optional("tier", links["tier"][0] if links["tier"] else "")
        .optional_items("sections", links["sections"])
        .optional_items("notes", links["notes"])
        .value("reviewed_on", values["reviewed_on"])
        .value("outcome", values["outcome"])
        .optional("next_review_due", values["next_review_due"])
    )
    return front.document(canonical_body(values["note"]))


KIND = Kind(name="reviews", model=Review, name_field="slug", read=read, apply=apply, entries=entries, write=write)
