"""editorial/checks.py (and review_checks.py): the checks on the article, section and glossary-term forms."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from igfapp.after_change import after_everything_changed
from igfapp.editorial import checks
from igfapp.editorial.check_results import admin_url, by_severity
from igfapp.editorial.review_checks import review_date_checks
from igfapp.importing import import_content
from igfapp.models import Article, GlossaryTerm, Mechanism, Review, Reviewer, Section, Status
from tests.admin_helpers import article_url

EASY = "The cat sat on the mat. The dog ran to the park. We had fun in the sun all day."
HARD = (
    "Circulating insulin-like growth factor concentrations demonstrate considerable interindividual "
    "variability attributable to heterogeneous physiological, nutritional and pharmacological determinants."
)


def messages(results) -> list[str]:
    return [f"{r.level}: {r.message}" for r in results]


def only(results, level: str, containing: str):
    found = [r for r in results if r.level == level and containing in r.message]
    assert len(found) == 1, messages(results)
    return found[0]


# --- Pure functions -------------------------------------------------------------------------------


def test_readability_check_warns_only_above_the_target():
    assert checks.readability_check("x", HARD, 9).level == "warning"
    assert checks.readability_check("x", EASY, 9).level == "info"
    assert checks.readability_check("x", HARD, None).level == "info"
    assert "rough guide" in checks.readability_check("x", EASY, 9).message


def test_review_date_checks():
    article = Article(title="Basics")
    assert only(review_date_checks(article, None), "warning", "has no review record")
    review = Review(reviewed_on=datetime.date(2026, 1, 1), next_review_due=datetime.date(2026, 6, 1))
    results = review_date_checks(article, review, today=datetime.date(2026, 7, 1))
    assert only(results, "warning", "next review was due on 1 June 2026")
    assert only(results, "info", "Last reviewed 1 January 2026")
    assert len(review_date_checks(article, review, today=datetime.date(2026, 5, 1))) == 1


def record_review(slug: str, on: datetime.date, scope: str = "tier") -> None:
    """A review record of tier `slug` (the tests' own fixture reviewer: never in content/)."""
    reviewer, _ = Reviewer.objects.get_or_create(
        slug="test-reviewer",
        defaults={"name": "Test Reviewer", "qualification": "MD (test)", "role": "Test", "conflicts": "None."},
    )
    Review.objects.create(
        slug=f"{slug}-{on:%Y%m%d}-{scope}",
        reviewer=reviewer,
        scope=scope,
        article=Article.objects.get(slug=slug),
        reviewed_on=on,
        outcome=Review.Outcome.NO_CHANGES,
    )


def test_the_checks_read_the_newest_review_record_of_the_tier_or_its_sections(small_site):
    assert only(checks.article_checks(Article.objects.get(slug="basics")), "warning", "Basics has no review record")
    record_review("middle", datetime.date(2026, 4, 1))  # another tier's review says nothing of this one
    record_review("basics", datetime.date(2026, 1, 1))
    record_review("basics", datetime.date(2026, 3, 1), scope="sections")
    results = checks.article_checks(Article.objects.get(slug="basics"))
    assert only(results, "info", "Last reviewed 1 March 2026")
    assert not any("no review record" in r.message for r in results)


# --- Articles and sections ------------------------------------------------------------------------


def set_body(anchor: str, text: str, article: str = "basics") -> None:
    """Change a section's markdown as a save would: the checks read its stored plain text too."""
    Section.objects.filter(article__slug=article, anchor=anchor).update(body_md=text)
    after_everything_changed()


def test_article_checks_report_the_tier_readability_and_compare_tiers(small_site):
    results = checks.article_checks(Article.objects.get(slug="basics"))
    assert any(r.message.startswith("Readability of this tier") for r in results)
    assert any(r.message.startswith("For comparison, Middle") for r in results)
    assert results == by_severity(results)


def test_unknown_citations_glossary_links_and_section_breaks_are_reported_with_in_page_links(small_site):
    GlossaryTerm.objects.filter(slug="igf-1").update(status=Status.DRAFT)
    set_body(
        "control",
        "The pituitary [@nobody].\n\n## Sub heading\n\nSee [IGF-1](/glossary/igf-1/) and [x](/glossary/gone/).",
    )

    results = checks.article_checks(Article.objects.get(slug="basics"))

    assert only(results, "error", "citation [@nobody] matches no reference").link == "#sections-1"
    assert only(results, "error", "line 3 starts with '## '")
    assert only(results, "error", "glossary term 'gone', which does not exist")
    assert only(results, "warning", "glossary term 'igf-1', a draft readers cannot open")


def test_technical_terms_without_a_glossary_entry_are_flagged_in_the_shallowest_tier_only(small_site):
    set_body("introduction", "Growth hormone reaches the liver, which makes IGF-1 and IGFBP-3, as GHRH does.")
    set_body("introduction", "The liver makes IGFBP-3.", article="middle")

    basics = checks.article_checks(Article.objects.get(slug="basics"))
    middle = checks.article_checks(Article.objects.get(slug="middle"))

    assert only(basics, "warning", "technical term “IGFBP-3”").link == "#sections-0"
    assert only(basics, "warning", "technical term “GHRH”")
    assert not any("technical term" in r.message for r in middle)


def test_a_draft_glossary_entry_is_mentioned(small_site):
    GlossaryTerm.objects.create(slug="ghrh", term="GHRH", plain_definition="p", status=Status.DRAFT)
    set_body("introduction", "GHRH reaches the liver.")
    results = checks.article_checks(Article.objects.get(slug="basics"))
    assert "A draft entry exists: publish it." in only(results, "warning", "“GHRH”").message


def edit_section(slug: str, anchor: str, on: datetime.date, version: int = 2) -> Section:
    when = datetime.datetime.combine(on, datetime.time(12), tzinfo=datetime.UTC)
    Section.objects.filter(article__slug=slug, anchor=anchor).update(updated_at=when, version=version)
    return Section.objects.select_related("article").get(article__slug=slug, anchor=anchor)


def test_a_sibling_section_edited_after_this_tier_was_reviewed_is_flagged(small_site):
    record_review("basics", datetime.date(2026, 3, 1))
    edit_section("middle", "introduction", datetime.date(2026, 3, 10))  # topic overview, as basics' introduction

    results = checks.article_checks(Article.objects.get(slug="basics"))

    warning = only(results, "warning", "Middle’s section “Introduction” (Overview) was edited on 10 March 2026")
    assert "after Basics was last reviewed (1 March 2026)" in warning.message
    assert warning.link == "#sections-0"


def test_the_section_form_says_which_sibling_tier_to_check(small_site):
    record_review("basics", datetime.date(2026, 3, 1))
    section = edit_section("middle", "introduction", datetime.date(2026, 3, 10))

    warning = only(checks.section_checks(section), "warning", "after Basics was last reviewed")

    assert "This section was edited on 10 March 2026" in warning.message
    basics_intro = Section.objects.get(article__slug="basics", anchor="introduction")
    assert warning.link == admin_url(basics_intro)


@pytest.mark.parametrize(
    "edited_on, version",
    [(datetime.date(2026, 2, 1), 2), (datetime.date(2026, 3, 1), 2), (datetime.date(2026, 3, 10), 1)],
    ids=["edited before the review", "edited on the review day", "never edited since created"],
)
def test_no_sibling_warning_without_a_later_edit(small_site, edited_on, version):
    record_review("basics", datetime.date(2026, 3, 1))
    edit_section("middle", "introduction", edited_on, version)
    results = checks.article_checks(Article.objects.get(slug="basics"))
    assert not any("was edited on" in r.message for r in results), messages(results)


def test_article_checks_take_the_same_queries_for_little_or_much_content(small_site):
    with CaptureQueriesContext(connection) as few:
        checks.article_checks(Article.objects.get(slug="basics"))
    import_content(Path(settings.CONTENT_DIR))
    with CaptureQueriesContext(connection) as many:
        checks.article_checks(Article.objects.get(slug="fundamentals"))
    assert len(many) == len(few)


# --- Glossary terms -------------------------------------------------------------------------------


def test_glossary_term_checks(small_site):
    term = GlossaryTerm.objects.get(slug="growth-hormone")
    term.aliases = ["GH", "pituitary"]  # "pituitary" belongs to Pituitary gland
    term.explanation_md = "See [@nobody] and [x](/glossary/none/)."
    term.plain_definition = HARD
    term.save()
    term.related.add(GlossaryTerm.objects.get(slug="igf-1"))
    GlossaryTerm.objects.filter(slug="igf-1").update(status=Status.DRAFT)

    results = checks.glossary_term_checks(term)

    assert only(results, "error", "“pituitary” is also used by “Pituitary gland”")
    assert only(results, "error", "cites [@nobody]")
    assert only(results, "error", "links to glossary term 'none'")
    assert only(results, "warning", "Related term “IGF-1” is a draft")
    assert only(results, "warning", "Readability of the plain definition")


def test_a_draft_term_that_published_items_refer_to(small_site):
    igf = GlossaryTerm.objects.get(slug="igf-1")
    GlossaryTerm.objects.get(slug="growth-hormone").related.add(igf)
    Mechanism.objects.create(slug="m", name="M", location="liver", explanation_md="x").glossary_terms.add(igf)
    igf.status = Status.DRAFT
    igf.save()
    assert only(checks.glossary_term_checks(igf), "warning", "yet 2 published entries")


def test_checks_for_chooses_by_model_and_skips_unsaved_items(small_site):
    assert checks.checks_for(None) == []
    assert checks.checks_for(Article(title="New")) == []
    assert checks.checks_for(Mechanism.objects.create(slug="m", name="M", location="liver", explanation_md="x")) == []
    assert checks.checks_for(GlossaryTerm.objects.get(slug="igf-1"))


# --- On the admin's change forms -----------------------------------------------------------------


def test_the_article_change_form_shows_the_checks(small_site, editor_client):
    set_body("control", "The pituitary [@nobody].")
    html = editor_client.get(article_url("basics")).content.decode()
    assert '<h2 id="editorial-checks-title">Editorial checks</h2>' in html
    assert '<li class="error"><strong>Error:</strong>' in html
    assert "citation [@nobody] matches no reference" in html
    assert "readability scores and review dates</summary>" in html


def test_the_glossary_change_form_shows_the_checks(small_site, editor_client):
    term = GlossaryTerm.objects.get(slug="igf-1")
    html = editor_client.get(reverse("admin:igfapp_glossaryterm_change", args=[term.pk])).content.decode()
    assert "Editorial checks" in html


def test_other_change_forms_and_add_forms_show_no_checks(small_site, editor_client):
    mechanism = Mechanism.objects.create(slug="m", name="M", location="liver", explanation_md="x")
    assert (
        "Editorial checks"
        not in editor_client.get(reverse("admin:igfapp_mechanism_change", args=[mechanism.pk])).content.decode()
    )
    assert "Editorial checks" not in editor_client.get(reverse("admin:igfapp_glossaryterm_add")).content.decode()
