"""Site search: ranking, snippets, escaping, empty and no-result states, htmx, query counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from igfapp.after_change import after_everything_changed
from igfapp.models import Article, GlossaryTerm, LifestyleFactor, Section
from igfapp.search import search
from igfapp.search_index import rebuild_index


def hits(html: str) -> list[tuple[str, str]]:
    """(kind label, title text) of each result, in order."""
    found = re.findall(
        r'<p class="search-hit__kind">([^<·]+?)\s*(?:·[^<]*)?(?:<span[^>]*>[^<]*</span>)?</p>\s*'
        r'<h2 class="search-hit__title">(.*?)</h2>',
        html,
        re.DOTALL,
    )
    return [(kind.strip(), re.sub(r"<[^>]+>", "", title).strip()) for kind, title in found]


def get(client, q, headers=None):
    return client.get("/search/", {"q": q}, headers=headers)


def add_factor(**values):
    defaults = {
        "slug": "sleep-well",
        "name": "Sleep well",
        "order": 1,
        "effect": "supports",
        "table_mechanism": "Deep sleep brings the largest pulses",
        "observed_effect": "More GH at night",
    }
    defaults.update(values)
    return LifestyleFactor.objects.create(**defaults)


# --- Ranking ---------------------------------------------------------------------------------


def test_title_and_term_matches_come_before_text_matches(client, small_site):
    results = hits(get(client, "pituitary").content.decode())
    # The term itself first; then a term that only mentions it; then sections whose text does.
    assert results[0] == ("Glossary", "Pituitary gland")
    kinds = [kind for kind, _ in results]
    assert kinds.index("Article section") > 0
    assert ("Article section", "Control") in results and ("Article section", "Axis") in results


def test_an_alias_counts_as_the_terms_title(client, small_site):
    html = get(client, "GH").content.decode()
    assert hits(html)[0] == ("Glossary", "Growth hormone")
    assert "also called GH" in html


def test_a_heading_match_outranks_a_body_match(client, small_site):
    article = Article.objects.get(slug="middle")
    Section.objects.filter(article=article, anchor="food").update(heading="Protein and the liver")
    after_everything_changed()
    results = hits(get(client, "liver").content.decode())
    sections = [title for kind, title in results if kind == "Article section"]
    assert sections[0] == "Protein and the liver"
    assert "Introduction" in sections  # "…which makes IGF-1" — the body mentions the liver


def test_every_word_must_be_present_but_in_any_order(client, small_site):
    results = hits(get(client, "hormone pulses").content.decode())
    assert results == [("Article section", "Sleep")]


def add_terms(*names_and_definitions):
    """Glossary terms named and defined as given, indexed."""
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(term=name, slug=f"t-{i}", plain_definition=definition)
        for i, (name, definition) in enumerate(names_and_definitions)
    )
    rebuild_index()


def titles(client, q) -> list[str]:
    return [title for _, title in hits(get(client, q).content.decode())]


def test_short_words_match_whole_words_and_long_words_match_prefixes(client, db):
    add_terms(("GHRH", "ghrelin and weight"), ("GH-IGF-1 axis", "two hormones"), ("Growth hormone", "made by cells"))
    assert titles(client, "GH") == ["GH-IGF-1 axis"]  # not "GHRH", not "ghrelin"
    assert titles(client, "horm") == ["Growth hormone", "GH-IGF-1 axis"]  # "hormone" in the title first
    assert titles(client, "IGF-1") == ["GH-IGF-1 axis"]


def test_ranks_exact_then_prefix_then_inside_then_words_then_text(client, db):
    add_terms(
        ("Sleep", "hormone for growth"),
        ("Hormone of growth", "x"),
        ("Rest", "growth hormone, growth hormone"),
        ("Human growth hormone", "x"),
        ("Growth hormone receptor", "x"),
        ("Growth  Hormone", "x"),
        ("Other", "hormone only"),
    )
    assert titles(client, "growth hormone") == [
        "Growth  Hormone",  # the title, exactly
        "Growth hormone receptor",  # the title starts with it
        "Human growth hormone",  # the title holds the phrase
        "Hormone of growth",  # the title holds the words
        "Rest",  # the text holds the phrase
        "Sleep",  # the text holds the words
    ]  # "hormone only": a word missing


def test_factors_are_found_by_name_and_columns(client, small_site):
    add_factor()
    rebuild_index()
    results = hits(get(client, "largest pulses").content.decode())
    assert results == [("Lifestyle factor", "Sleep well")]
    assert 'href="/factors/#factor-sleep-well"' in get(client, "sleep well").content.decode()


def test_drafts_are_found_by_staff_only(client, admin_client, small_site):
    GlossaryTerm.objects.filter(slug="pituitary-gland").update(status="draft")
    Article.objects.filter(slug="deep").update(status="draft")
    add_factor(status="draft")
    rebuild_index()
    reader = hits(get(client, "pituitary").content.decode())
    assert ("Glossary", "Pituitary gland") not in reader
    assert ("Article section", "Axis") not in reader
    assert hits(get(client, "largest pulses").content.decode()) == []
    staff = get(admin_client, "pituitary").content.decode()
    assert ("Glossary", "Pituitary gland") in hits(staff) and ("Article section", "Axis") in hits(staff)
    assert "tag--draft" in staff


# --- Snippets and escaping -------------------------------------------------------------------


def test_section_results_link_to_the_section_with_a_highlighted_snippet(client, small_site):
    html = get(client, "pulses").content.decode()
    assert '<a href="/learn/middle/#sleep">Sleep</a>' in html
    assert "Article section · Middle" in html
    assert '<p class="search-hit__snippet">Deep sleep brings growth hormone <mark>pulses</mark>.</p>' in html


def test_snippets_are_cut_at_words_around_the_match(client, db):
    text = " ".join(f"word{i}" for i in range(100)) + " target " + " ".join(f"tail{i}" for i in range(100))
    add_terms(("Long", text))
    html = re.search(r'<p class="search-hit__snippet">(.*?)</p>', get(client, "target").content.decode()).group(1)
    assert html.startswith("… word") and html.endswith(" …")
    assert "<mark>target</mark>" in html
    assert re.match(r"… word\d+ ", html) and re.search(r" tail\d+ …$", html)  # whole words at both ends


XSS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "' onmouseover='alert(1)", "</mark><b>x"]


@pytest.mark.parametrize("query", XSS)
def test_the_query_is_escaped_everywhere_it_is_shown(client, small_site, query):
    for headers in (None, {"HX-Request": "true"}):
        html = get(client, query, headers).content.decode()
        assert query not in html
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>x" not in html
        assert escape(query) in html


def test_text_that_looks_like_markup_is_escaped_and_still_highlighted(client, small_site):
    GlossaryTerm.objects.filter(slug="igf-1").update(plain_definition="Rises when <b>GH</b> & insulin act.")
    rebuild_index()
    html = get(client, "insulin").content.decode()
    assert "Rises when &lt;b&gt;GH&lt;/b&gt; &amp; <mark>insulin</mark> act." in html


def test_highlight_marks_words_without_letting_markup_through(client, db):
    add_terms(("Marked", "a <i>GH</i> b \ue000forged\ue001 c"))
    html = get(client, "gh").content.decode()
    assert '<p class="search-hit__snippet">a &lt;i&gt;<mark>GH</mark>&lt;/i&gt; b forged c</p>' in html


def test_regex_characters_in_the_query_are_literal(client, small_site):
    for query in ["(", "a|b", ".*", "[", "\\", "IGF-1?"]:
        assert get(client, query).status_code == 200


# --- Empty and no-result states --------------------------------------------------------------


def test_an_empty_search_suggests_the_most_used_terms(client, small_site):
    html = get(client, "").content.decode()
    assert "Terms readers meet most often" in html
    chips = re.findall(r'<a class="term-chip" href="([^"]+)">([^<]+)</a>', html)
    assert chips[0] == ("/glossary/growth-hormone/", "Growth hormone")  # linked in the most sections
    assert hits(html) == []


def test_a_search_that_finds_nothing_suggests_close_glossary_terms(client, small_site):
    html = get(client, "pituitry").content.decode()
    assert "Nothing found for “pituitry”." in html
    assert "Did you mean one of these glossary terms?" in html
    assert '<a class="term-chip" href="/glossary/pituitary-gland/">Pituitary gland</a>' in html
    assert 'href="/glossary/"' in html


def test_blank_and_huge_queries_are_harmless(client, small_site):
    assert "Terms readers meet most often" in get(client, "    ").content.decode()
    response = get(client, "pituitary " * 500)
    assert response.status_code == 200
    assert len(search("x" * 5000, user=None).query) == 5000  # the view cuts; search itself copes


# --- htmx, URLs and query counts -------------------------------------------------------------


def test_live_search_answers_htmx_with_only_the_results_and_the_status(client, small_site):
    response = client.get("/search/", {"q": "pulses"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="search-results"')
    assert "<html" not in html and "<h1" not in html
    assert '<p id="search-status" data-hx-swap-oob="innerHTML">1 result for “pulses”.</p>' in html
    assert "HX-Request" in response["Vary"]


def test_the_full_page_has_a_plain_get_form(client, small_site):
    html = get(client, "pulses").content.decode()
    assert '<form class="filter-form" role="search" method="get" action="/search/"' in html
    assert 'name="q" value="pulses"' in html
    assert "1 result for “pulses”." in html


def test_search_without_slash_redirects_keeping_the_query(client, small_site):
    response = client.get("/search?q=gh")
    assert response.status_code == 301 and response["Location"] == "/search/?q=gh"


def test_search_query_count_does_not_grow_with_content(client, small_site):
    def count(q):
        with CaptureQueriesContext(connection) as ctx:
            assert get(client, q).status_code == 200
        return len(ctx)

    few = count("growth")
    article = Article.objects.get(slug="basics")
    Section.objects.bulk_create(
        Section(
            article=article,
            order=20 + i,
            heading=f"Growth {i}",
            anchor=f"growth-{i}",
            topic="therapies",
            body_md="Growth hormone again.",
            body_text="Growth hormone again.",
        )
        for i in range(40)
    )
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(term=f"Growth factor {i}", slug=f"growth-factor-{i}", plain_definition="Growth.")
        for i in range(40)
    )
    rebuild_index()
    many = count("growth")
    assert many == few
