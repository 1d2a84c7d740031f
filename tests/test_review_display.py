"""The "last reviewed" block on every tier, and review dates that only an editor changes."""

import datetime

import pytest
from django.test import Client
from pytest_django.asserts import assertInHTML

from igfapp.models import Article
from tests.admin_helpers import (
    article_url,
    form_data,
    section_field,
    submit,
)

REVIEWED = datetime.date(2026, 11, 24)


def set_review(slug: str, **values) -> None:
    Article.objects.filter(slug=slug).update(**values)


def test_a_reviewed_tier_shows_date_reviewer_next_review_and_note(small_site):
    set_review(
        "basics",
        last_reviewed=REVIEWED,
        reviewed_by="Editorial team",
        next_review_due=datetime.date(2027, 5, 24),
        review_note="Checked every reference.",
    )

    html = Client().get("/learn/basics/").content.decode()

    assertInHTML(
        """<div class="review">
          <p class="meta">Last reviewed <time datetime="2026-11-24">24 November 2026</time> by Editorial team;
            next review due <time datetime="2027-05-24">24 May 2027</time>.</p>
          <p class="meta">What changed at this review: Checked every reference.</p>
        </div>""",
        html,
    )


def test_only_what_is_set_is_shown(small_site):
    set_review("basics", last_reviewed=REVIEWED)

    html = Client().get("/learn/basics/").content.decode()

    assertInHTML(
        '<div class="review"><p class="meta">Last reviewed '
        '<time datetime="2026-11-24">24 November 2026</time>.</p></div>',
        html,
    )


@pytest.mark.parametrize("slug", ["basics", "middle", "deep"])
def test_every_tier_without_a_review_date_says_so_plainly(small_site, slug):
    html = Client().get(f"/learn/{slug}/").content.decode()

    assertInHTML('<div class="review"><p class="meta">Not yet reviewed by the editors.</p></div>', html)


def test_the_review_block_is_in_the_htmx_fragment_too(small_site):
    """The depth switch swaps the article in place; the swapped-in tier still shows its review."""
    set_review("deep", last_reviewed=REVIEWED)

    fragment = Client().get("/learn/deep/", headers={"HX-Request": "true"}).content.decode()

    assert "<html" not in fragment
    assert "Last reviewed" in fragment


def test_the_review_note_is_text_not_html(small_site):
    set_review("basics", last_reviewed=REVIEWED, review_note='<script>alert("x")</script> & more')

    html = Client().get("/learn/basics/").content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in html


def test_saving_an_article_never_touches_its_review_date(small_site):
    set_review("basics", last_reviewed=REVIEWED, reviewed_by="Editorial team")
    article = Article.objects.get(slug="basics")

    article.summary = "A minor edit."
    article.save()

    article.refresh_from_db()
    assert article.last_reviewed == REVIEWED
    assert article.reviewed_by == "Editorial team"


def test_a_minor_edit_published_in_the_admin_keeps_the_review_date(small_site, editor_client):
    set_review("basics", last_reviewed=REVIEWED, reviewed_by="Editorial team")
    url = article_url("basics")
    data = form_data(editor_client.get(url), "article")
    data[section_field(data, "control", "body_md")] = ["The pituitary gland releases growth hormone, a typo fixed."]

    response = submit(editor_client, url, data, "_publish")

    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="basics")
    assert article.sections.get(anchor="control").body_md.endswith("a typo fixed.")
    assert article.last_reviewed == REVIEWED
    assert "24 November 2026" in Client().get("/learn/basics/").content.decode()


def test_an_editor_sets_the_review_date_in_the_admin(small_site, editor_client):
    url = article_url("basics")
    data = form_data(editor_client.get(url), "article")
    data.update(last_reviewed=["2026-12-01"], reviewed_by=["A. Editor"], review_note=["Rewrote the summary."])

    response = submit(editor_client, url, data, "_publish")

    assert response.status_code == 302, response.content.decode()[:2000]
    html = Client().get("/learn/basics/").content.decode()
    assert 'Last reviewed <time datetime="2026-12-01">1 December 2026</time> by A. Editor.' in html
    assert "What changed at this review: Rewrote the summary." in html
