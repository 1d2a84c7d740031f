import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from igfapp.models import Article, Section


def test_home_lists_three_tiers_with_reading_time(client, small_site):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<li class="depth-card') == 3
    assert "min read" in html
    assert '<a class="button hero__start" href="/learn/basics/">Start with Basics' in html


def test_home_has_a_hidden_continue_link_per_tier_for_the_browser_to_show(client, small_site):
    """Which one shows is the browser's choice (static/js/prefs.js; tests/browser/test_depth_switch.py)."""
    html = client.get("/").content.decode()
    for slug, title in (("basics", "Basics"), ("middle", "Middle"), ("deep", "Deep")):
        assert (
            f'<a class="button hero__continue" data-continue="{slug}" href="/learn/{slug}/">'
            f"Continue at your level: {title}"
        ) in html
    client.cookies["depth"] = "middle"  # an old cookie changes nothing
    assert client.get("/").content.decode() == html


def test_article_page_full_response(client, small_site):
    response = client.get("/learn/basics/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<!doctype html>" in html.lower()
    assert html.count("<h1") == 1
    assert 'id="control"' in html and 'href="#control"' in html  # section anchor + TOC
    assert 'href="/learn/middle/#introduction"' in html  # depth link (nearest earlier topic)
    assert 'href="/learn/deep/#axis"' in html  # same topic
    assert 'rel="next" href="/learn/middle/"' in html
    assert "HX-Request" in response["Vary"]
    assert not response.cookies  # the tier read is remembered by the browser, not a cookie
    assert 'data-tier="basics"' in html


def test_article_fragment_for_htmx(client, small_site):
    response = client.get("/learn/deep/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<article id="article-content"')
    assert "<html" not in html and "site-header" not in html
    assert "HX-Request" in response["Vary"]


def test_history_restore_gets_the_whole_page(client, small_site):
    response = client.get("/learn/deep/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in response.content.decode()


@pytest.mark.parametrize("url", ["/learn/nope/", "/learn/", "/learn/basics/extra/", "/learn/ba%20sics/", "/nothing"])
def test_unknown_urls_are_404_pages(client, small_site, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_drafts_are_hidden_from_readers(client, small_site, admin_client):
    Article.objects.filter(slug="deep").update(status="draft")
    assert client.get("/learn/deep/").status_code == 404
    assert "/learn/deep/" not in client.get("/learn/middle/").content.decode()
    staff_view = admin_client.get("/learn/deep/")
    assert staff_view.status_code == 200
    assert "Draft" in staff_view.content.decode()


def test_article_query_count_does_not_grow_with_sections(client, small_site):
    def queries_for(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    few = queries_for("/learn/basics/")
    article = Article.objects.get(slug="basics")
    Section.objects.bulk_create(
        Section(
            article=article,
            order=10 + i,
            heading=f"Extra {i}",
            anchor=f"extra-{i}",
            topic="therapies",
            body_md="x",
            body_html="<p>x</p>",
        )
        for i in range(60)
    )
    many = queries_for("/learn/basics/")
    assert many == few
    html = client.get("/learn/basics/").content.decode()
    assert len(re.findall(r'id="extra-\d+"', html)) == 60
