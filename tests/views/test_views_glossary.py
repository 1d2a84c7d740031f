"""Glossary index (A–Z, filter with and without htmx), term pages, and the pop-up preference."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from igfapp.after_change import after_everything_changed
from igfapp.models import Article, GlossaryTerm, Section
from igfapp.views.glossary import first_letter


def listed_terms(html: str) -> list[str]:
    return re.findall(r'<dt><a href="/glossary/[^"]+/">([^<]+)</a>', html)


def queries_for(client, url: str, **kwargs) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len(ctx)


def add_terms(count: int, *, prefix: str = "Zeta term") -> None:
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(term=f"{prefix} {i}", slug=f"{prefix.lower().replace(' ', '-')}-{i}", plain_definition="d")
        for i in range(count)
    )


# --- Index -----------------------------------------------------------------------------------


def test_index_lists_terms_a_to_z_under_letter_headings(client, small_site):
    html = client.get("/glossary/").content.decode()
    assert listed_terms(html) == ["Growth hormone", "IGF-1", "Pituitary gland"]
    assert re.findall(r'<h2 id="letter-(\w+)-heading">', html) == ["g", "i", "p"]
    assert '<a href="#letter-g">G</a>' in html
    assert '<span class="letter-nav__empty" title="No terms under A">A</span>' in html
    assert "3 terms." in html


def test_the_filter_works_as_a_plain_get_form(client, small_site):
    response = client.get("/glossary/", {"q": "gh"})
    html = response.content.decode()
    assert "<html" in html
    assert listed_terms(html) == ["Growth hormone"]  # through its alias GH
    assert "(also called GH)" in html
    assert "1 of 3 terms match “gh”." in html
    assert 'value="gh"' in html


def test_the_filter_answers_htmx_with_only_the_results_and_the_status(client, small_site):
    response = client.get("/glossary/", {"q": "pituitary"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="glossary-results"')
    assert "<html" not in html and "<h1" not in html
    assert listed_terms(html) == ["Growth hormone", "Pituitary gland"]
    assert '<p id="glossary-status" data-hx-swap-oob="innerHTML">2 of 3 terms match “pituitary”.</p>' in html
    assert "HX-Request" in response["Vary"]


def test_the_filter_reads_name_prefixes_and_definition_words(client, small_site):
    assert listed_terms(client.get("/glossary/", {"q": "pitu"}).content.decode()) == [
        "Growth hormone",
        "Pituitary gland",
    ]
    assert listed_terms(client.get("/glossary/", {"q": "pea"}).content.decode()) == ["Pituitary gland"]
    # "liver" is only in IGF-1's definition; "gro" starts "growth" in a name and a definition.
    assert listed_terms(client.get("/glossary/", {"q": "liver"}).content.decode()) == ["IGF-1"]
    assert listed_terms(client.get("/glossary/", {"q": "GROWTH liver"}).content.decode()) == ["IGF-1"]


def test_a_history_restore_gets_the_whole_index(client, small_site):
    response = client.get(
        "/glossary/", {"q": "gh"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in response.content.decode()


def test_a_filter_that_matches_nothing_offers_a_way_on(client, small_site):
    html = client.get("/glossary/", {"q": "<b>zzz</b>"}).content.decode()
    assert listed_terms(html) == []
    assert "No term matches “&lt;b&gt;zzz&lt;/b&gt;”." in html
    assert 'href="/search/?q=%3Cb%3Ezzz%3C/b%3E"' in html
    assert "<b>zzz</b>" not in html


def test_an_overlong_filter_is_cut_not_refused(client, small_site):
    assert client.get("/glossary/", {"q": "x" * 5000}).status_code == 200


def test_index_letters_ignore_accents_and_file_symbols_apart():
    assert first_letter("Éstrogen") == "E"
    assert first_letter("5-alpha reductase") == "#"
    assert first_letter(" ghrelin") == "G"


def test_drafts_are_listed_only_for_staff(client, admin_client, small_site):
    GlossaryTerm.objects.filter(slug="igf-1").update(status="draft")
    assert "IGF-1" not in listed_terms(client.get("/glossary/").content.decode())
    staff_html = admin_client.get("/glossary/").content.decode()
    assert "IGF-1" in listed_terms(staff_html)
    assert "tag--draft" in staff_html


def test_index_query_count_does_not_grow_with_terms(client, small_site):
    few = queries_for(client, "/glossary/")
    add_terms(80)
    many = queries_for(client, "/glossary/")
    assert many == few
    assert len(listed_terms(client.get("/glossary/").content.decode())) == 83


# --- Term page -------------------------------------------------------------------------------


def test_term_page_shows_definitions_aliases_related_and_explanation(client, small_site):
    html = client.get("/glossary/growth-hormone/").content.decode()
    assert html.count("<h1") == 1
    assert "Also called: GH" in html
    assert "A hormone from the pituitary gland that tells the body to grow and repair." in html
    assert "In technical terms" in html and "A pituitary peptide hormone that drives hepatic IGF-1 synthesis." in html
    assert "<p>Explained at length.</p>" in html
    related = re.search(r'<ul class="related-terms">(.*?)</ul>', html, re.DOTALL).group(1)
    assert re.findall(r">([^<]+)</a>", related) == ["Pituitary gland"]


def test_related_terms_include_terms_that_point_here(client, small_site):
    html = client.get("/glossary/pituitary-gland/").content.decode()
    related = re.search(r'<ul class="related-terms">(.*?)</ul>', html, re.DOTALL).group(1)
    assert re.findall(r">([^<]+)</a>", related) == ["Growth hormone"]


def test_term_page_links_back_to_every_section_that_uses_it_tier_by_tier(client, small_site):
    html = client.get("/glossary/growth-hormone/").content.decode()
    block = re.search(r'<h2 id="appears-title">Where it appears</h2>(.*?)</section>', html, re.DOTALL).group(1)
    tiers = re.findall(r'<h3 class="appears-in__tier"><a href="([^"]+)">([^<]+)</a>', block)
    assert tiers == [("/learn/basics/", "Basics"), ("/learn/middle/", "Middle")]
    assert re.findall(r'<li><a href="([^"]+)">', block) == [
        "/learn/basics/#introduction",
        "/learn/basics/#control",
        "/learn/middle/#sleep",
    ]


def test_sections_of_a_draft_tier_are_not_listed_for_readers(client, small_site):
    Article.objects.filter(slug="middle").update(status="draft")
    html = client.get("/glossary/growth-hormone/").content.decode()
    assert "/learn/middle/" not in html


def test_a_term_used_nowhere_says_so(client, small_site):
    GlossaryTerm.objects.create(term="Lonely", slug="lonely", plain_definition="Used nowhere.")
    html = client.get("/glossary/lonely/").content.decode()
    assert "not linked in any of the three tiers yet" in html


def test_draft_terms_are_404_for_readers_and_bannered_for_staff(client, admin_client, small_site):
    GlossaryTerm.objects.filter(slug="igf-1").update(status="draft")
    assert client.get("/glossary/igf-1/").status_code == 404
    response = admin_client.get("/glossary/igf-1/")
    assert response.status_code == 200
    assert "readers cannot see this term" in response.content.decode()


def test_a_draft_related_term_is_hidden_from_readers(client, small_site):
    GlossaryTerm.objects.filter(slug="pituitary-gland").update(status="draft")
    html = client.get("/glossary/growth-hormone/").content.decode()
    assert "/glossary/pituitary-gland/" not in html


@pytest.mark.parametrize("url", ["/glossary/nope/", "/glossary/growth-hormone/extra/", "/glossary/Growth%20hormone/"])
def test_unknown_term_urls_are_404(client, small_site, url):
    assert client.get(url).status_code == 404


def test_term_page_query_count_does_not_grow_with_links(client, small_site):
    few = queries_for(client, "/glossary/growth-hormone/")
    gh = GlossaryTerm.objects.get(slug="growth-hormone")
    add_terms(30, prefix="Related")
    gh.related.add(*GlossaryTerm.objects.filter(slug__startswith="related-"))
    article = Article.objects.get(slug="basics")
    Section.objects.bulk_create(
        Section(
            article=article,
            order=20 + i,
            heading=f"Extra {i}",
            anchor=f"extra-{i}",
            topic="therapies",
            body_md="Growth hormone again.",
        )
        for i in range(25)
    )
    after_everything_changed()
    many = queries_for(client, "/glossary/growth-hormone/")
    assert many == few
    html = client.get("/glossary/growth-hormone/").content.decode()
    assert html.count('href="/learn/basics/#extra-') == 25


# --- Pop-up preference -----------------------------------------------------------------------


def test_the_popup_preference_page_is_the_same_for_everyone_and_needs_script(client, small_site):
    """The switch is the browser's (static/js/prefs.js; tests/browser/test_popups.py): no form, no
    cookie, no CSRF token, so the page is cacheable like any other."""
    response = client.get("/preferences/pop-ups/", {"next": "/learn/basics/"})
    html = response.content.decode()
    assert '<button type="button" class="button" data-popups-toggle' in html
    assert "<noscript>" in html and "csrfmiddlewaretoken" not in html and not response.cookies
    assert 'href="/learn/basics/"' in html
    assert client.post("/preferences/pop-ups/", {"popups": "off"}).status_code == 405


def test_the_preference_page_never_links_off_site(client, small_site):
    html = client.get("/preferences/pop-ups/", {"next": "https://evil.example/"}).content.decode()
    assert "evil.example" not in html


def test_term_page_lists_its_sources_as_citations_with_previews(client, small_site):
    from igfapp.models import Reference

    GlossaryTerm.objects.get(slug="igf-1").references.add(Reference.objects.get(key="smith"))
    html = client.get("/glossary/igf-1/").content.decode()
    assert (
        '<a class="cite" href="/references/#ref-smith" data-ref="smith">Smith, A. (2000)</a>: A made-up test paper'
        in html
    )


def test_the_index_reads_no_attribute_a_term_lacks(client, real_site, monkeypatch):
    """A missing attribute sends Django's template lookup to dir() on the instance, per term."""
    from django.template import base

    asked = []
    # The lookup calls the builtin by name: a module global of the same name is found first.
    monkeypatch.setattr(base, "dir", lambda obj: asked.append(type(obj).__name__) or dir(obj), raising=False)
    assert client.get("/glossary/").status_code == 200
    assert "GlossaryTerm" not in asked
