"""Review records (Reviewer, Review; igfapp/review_records.py): each tier shows its latest review and
next due date from them, each evidence note when it was last checked; with no record, the page says
plainly that no clinician has reviewed it. Records are recorded in the admin (with history), and
are in content/reviewers/ and content/reviews/ (imported, exported; an empty folder is valid).
The reviewers here are the tests' own fixtures: content/ holds none."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from igfapp.after_change import after_edit
from igfapp.exporting import export_content
from igfapp.importing import import_content
from igfapp.models import Article, EvidenceNote, Review, Reviewer
from tests.admin_helpers import committed

HOSTILE = '<script>alert("x")</script> & more'
TIERS = ["basics", "middle", "deep"]


def fixture_reviewer(**values) -> Reviewer:
    return Reviewer.objects.create(
        slug="test-reviewer",
        name="Test Reviewer (a test fixture)",
        qualification="MD (test)",
        role="Fixture clinician",
        conflicts="None declared (test).",
        **values,
    )


def tier_review(reviewer, slug="basics", **values) -> Review:
    defaults = {
        "scope": Review.Scope.TIER,
        "reviewed_on": datetime.date(2027, 1, 10),
        "outcome": Review.Outcome.NO_CHANGES,
        "next_review_due": datetime.date(2027, 7, 10),
    }
    return Review.objects.create(
        slug=f"{slug}-review", reviewer=reviewer, article=Article.objects.get(slug=slug), **{**defaults, **values}
    )


@pytest.mark.parametrize("slug", TIERS)
def test_with_no_record_every_tier_says_no_clinician_has_reviewed_it(small_site, slug):
    html = Client().get(f"/learn/{slug}/").content.decode()
    assert "No clinician has reviewed this tier yet." in html
    assert "reviewed on" not in html and "Not yet reviewed by the editors" not in html


def test_no_reviewer_is_invented_in_content():
    root = Path(settings.CONTENT_DIR)
    assert not list((root / "reviewers").glob("*.md")) and not list((root / "reviews").glob("*.md"))


def test_a_review_record_renders_on_its_tier_and_fragment_as_text(small_site):
    review = tier_review(fixture_reviewer(), note=HOSTILE)
    html = Client().get("/learn/basics/").content.decode()
    assert (
        'This tier was reviewed on <time datetime="2027-01-10">10 January 2027</time> by Test Reviewer '
        "(a test fixture), MD (test) (Fixture clinician). Outcome: checked: no changes needed. Next review due "
        '<time datetime="2027-07-10">10 July 2027</time>.'
    ) in html
    assert "conflicts of interest: None declared (test)." in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in html
    assert '"lastReviewed": "2027-01-10"' in html  # the page's metadata follows the record
    assert "No clinician has reviewed" in Client().get("/learn/middle/").content.decode()
    fragment = Client().get("/learn/basics/", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and "reviewed on" in fragment
    # A newer review of some sections is the latest.
    Review.objects.create(
        slug="later",
        reviewer=review.reviewer,
        scope=Review.Scope.SECTIONS,
        article=review.article,
        reviewed_on=datetime.date(2027, 2, 1),
        outcome=Review.Outcome.CHANGES_MADE,
    )
    assert "Some sections of this tier were reviewed on" in Client().get("/learn/basics/").content.decode()


def test_the_glossary_says_who_reviewed_it_or_that_no_clinician_has(small_site):
    html = Client().get("/glossary/").content.decode()
    assert "No clinician has reviewed the glossary yet." in html and "reviewed on" not in html
    reviewer = fixture_reviewer()
    Review.objects.create(
        slug="glossary-2027",
        reviewer=reviewer,
        scope=Review.Scope.GLOSSARY,
        reviewed_on=datetime.date(2027, 4, 2),
        outcome=Review.Outcome.CHANGES_MADE,
        note=HOSTILE,
    )
    tier_review(reviewer, reviewed_on=datetime.date(2027, 6, 1))  # a tier's review is not the glossary's
    html = Client().get("/glossary/").content.decode()
    assert (
        'The glossary was reviewed on <time datetime="2027-04-02">2 April 2027</time> by Test Reviewer '
        "(a test fixture), MD (test) (Fixture clinician). Outcome: checked: changes made."
    ) in html
    assert "No clinician has reviewed the glossary" not in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in html
    fragment = Client().get("/glossary/?q=igf", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and "reviewed" not in fragment  # the live filter swaps the results only
    assert "No clinician has reviewed this tier yet." in Client().get("/learn/middle/").content.decode()


def test_each_evidence_note_says_when_it_was_last_checked(real_site):
    note = EvidenceNote.objects.get(slug="igf-1-made-mainly-in-liver")
    html = Client().get("/sources/").content.decode()
    assert html.count("No clinician has checked this note yet.") == EvidenceNote.objects.count()
    review = Review.objects.create(
        slug="notes",
        reviewer=fixture_reviewer(),
        scope=Review.Scope.NOTES,
        reviewed_on=datetime.date(2027, 3, 5),
        outcome=Review.Outcome.NO_CHANGES,
    )
    review.notes.add(note)
    checked = 'Last checked <time datetime="2027-03-05">5 March 2027</time> by Test Reviewer (a test fixture)'
    assert checked in Client().get("/sources/").content.decode()
    tier = note.sections.first().article.slug
    assert checked in Client().get(f"/learn/{tier}/").content.decode()


def test_an_editor_records_a_review_in_the_admin_with_history(small_site, editor_client):
    reviewer = fixture_reviewer()
    data = {
        "slug": "basics-2027",
        "reviewer": reviewer.pk,
        "scope": "tier",
        "article": Article.objects.get(slug="basics").pk,
        "reviewed_on": "2027-01-10",
        "outcome": "no-changes",
        "note": "Checked the tier.",
        "next_review_due": "2027-07-10",
        "_save": "1",
    }
    with committed():
        response = editor_client.post(reverse("admin:igfapp_review_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    review = Review.objects.get(slug="basics-2027")
    assert Version.objects.get_for_object(review).exists()
    assert "reviewed on" in Client().get("/learn/basics/").content.decode()
    assert (
        "Public reason"
        not in editor_client.get(reverse("admin:igfapp_review_change", args=[review.pk])).content.decode()
    )


def test_the_stored_tier_follows_a_recorded_review(small_site):
    from igfapp.reader_pages import render_reader_pages

    render_reader_pages()
    review = tier_review(fixture_reviewer())
    with committed():
        after_edit(review)
    assert "reviewed on" in Client().get("/learn/basics/").content.decode()


def test_reviews_are_imported_and_exported_and_an_empty_folder_is_valid(db, content_dir):
    import_content(content_dir)  # no reviewers/ nor reviews/ folder
    assert not Review.objects.exists()
    (content_dir / "reviewers").mkdir()
    (content_dir / "reviews").mkdir()
    import_content(content_dir)  # empty folders
    (content_dir / "reviewers" / "test-reviewer.md").write_text(
        '---\nname: "Test Reviewer"\nqualification: "MD (test)"\nrole: "Fixture clinician"\n---\nNone declared.\n'
    )
    review_file = content_dir / "reviews" / "basics-2027.md"
    review_file.write_text(
        "---\nreviewer: test-reviewer\nscope: sections\ntier: basics\nsections:\n  - basics/introduction\n"
        "reviewed_on: 2027-01-10\noutcome: changes-made\nnext_review_due: 2027-07-10\n---\nFixed one sentence.\n"
    )
    import_content(content_dir)
    review = Review.objects.get()
    assert (review.reviewer.name, review.article.slug, review.scope) == ("Test Reviewer", "basics", "sections")
    assert [s.anchor for s in review.sections.all()] == ["introduction"]
    before = review_file.read_text()
    export_content(content_dir)
    assert review_file.read_text() == before
    # A section of another tier, or an unknown reviewer, is an error naming the file and line.
    from igfapp.kinds.records import ImportFailed

    review_file.write_text(before.replace("basics/introduction", "deep/x"))
    with pytest.raises(ImportFailed, match=r"basics-2027.md:6: section 'deep/x' is not in the tier 'basics'"):
        import_content(content_dir)
    review_file.write_text(before.replace("test-reviewer", "nobody"))
    with pytest.raises(ImportFailed, match=r"basics-2027.md:2: unknown reviewers 'nobody'"):
        import_content(content_dir)
