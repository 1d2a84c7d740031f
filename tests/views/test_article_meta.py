"""Article metadata (JSON-LD, Highwire, Open Graph) and the "Cite this page" box."""

import datetime
import html
import json
import re

import bibtexparser

from igfapp.models import Article

HOSTILE = "IGF & GH </script><script>alert(1)</script> <!-- \"quoted\" 'single' Sjögren"


def json_ld(page_html: str) -> dict:
    (block,) = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page_html, re.DOTALL)
    return json.loads(block)


def record_review(slug: str) -> None:
    """A review record of the tier on 24 November 2026, by the tests' own fixture reviewer."""
    from igfapp.models import Review, Reviewer

    reviewer, _ = Reviewer.objects.get_or_create(
        slug="test-reviewer",
        defaults={
            "name": "Test Reviewer (a test fixture)",
            "qualification": "MD (test)",
            "role": "Test",
            "conflicts": "None declared (test).",
        },
    )
    Review.objects.create(
        slug=f"{slug}-review",
        reviewer=reviewer,
        scope=Review.Scope.TIER,
        article=Article.objects.get(slug=slug),
        reviewed_on=datetime.date(2026, 11, 24),
        outcome=Review.Outcome.NO_CHANGES,
    )


def meta_values(page_html: str, attribute: str, name: str) -> list[str]:
    pattern = rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">'
    return [html.unescape(v) for v in re.findall(pattern, page_html)]


def test_json_ld_is_a_medical_web_page_with_citations_review_and_audience(client, cited_site):
    record_review("middle")
    data = json_ld(client.get("/learn/middle/").content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["url"] == "http://testserver/learn/middle/"
    assert data["name"] == "Middle: the GH/IGF-1 axis"
    assert data["lastReviewed"] == "2026-11-24"
    assert data["reviewedBy"] == {"@type": "Person", "name": "Test Reviewer (a test fixture)"}
    assert data["audience"]["@type"] == "PeopleAudience"
    assert data["isPartOf"]["@type"] == "WebSite"
    first, second = data["citation"]
    assert first["@type"] == second["@type"] == "ScholarlyArticle"
    # smith's printed details are wrong: structured data cites the real paper.
    assert first["name"] == "The real test paper"
    assert [a["name"] for a in first["author"]] == ["Smith, A.", "Sjögren, K."]
    assert first["isPartOf"] == {"@type": "Periodical", "name": "Real Journal"}
    assert first["sameAs"] == ["https://doi.org/10.1000/real.7.10", "https://pubmed.ncbi.nlm.nih.gov/12345/"]
    assert first["description"].startswith("Details corrected by the editors")
    assert "Printed in the source document (reference 1) as: Smith, A. & Co. (2000)." in first["description"]
    assert second["name"] == "Another test paper"


def test_json_ld_leaves_out_an_unknown_review_date(client, cited_site):
    data = json_ld(client.get("/learn/deep/").content.decode())
    assert "lastReviewed" not in data and "reviewedBy" not in data
    assert data["citation"] == []
    assert data["audience"] == {"@type": "MedicalAudience", "audienceType": "Clinician"}


def test_json_ld_cannot_be_broken_out_of(client, cited_site):
    Article.objects.filter(slug="middle").update(summary=HOSTILE)
    page = client.get("/learn/middle/").content.decode()
    (block,) = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.DOTALL)
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["description"] == HOSTILE
    assert "<script>alert(1)" not in page
    assert meta_values(page, "property", "og:description") == [HOSTILE]


def test_highwire_and_open_graph_tags(client, cited_site):
    record_review("middle")
    page = client.get("/learn/middle/").content.decode()
    assert meta_values(page, "name", "citation_title") == ["Middle: the GH/IGF-1 axis"]
    assert meta_values(page, "name", "citation_publication_date") == ["2026/11/24"]
    assert meta_values(page, "name", "citation_fulltext_html_url") == ["http://testserver/learn/middle/"]
    references = meta_values(page, "name", "citation_reference")
    assert references[0] == (
        "citation_author=Smith, A.; citation_author=Sjögren, K.; citation_title=The real test paper; "
        "citation_journal_title=Real Journal; citation_publication_date=2001; citation_volume=7; "
        "citation_issue=3; citation_doi=10.1000/real.7.10; citation_pmid=12345"
    )
    assert len(references) == 2
    assert meta_values(page, "property", "og:type") == ["article"]
    assert meta_values(page, "property", "og:title") == ["Middle: the GH/IGF-1 axis"]
    assert meta_values(page, "property", "og:url") == ["http://testserver/learn/middle/"]
    assert meta_values(page, "property", "og:site_name") == ["The GH/IGF-1 axis, explained"]
    assert '<link rel="canonical" href="http://testserver/learn/middle/">' in page


def test_cite_this_page_box(client, cited_site):
    record_review("basics")
    page = client.get("/learn/basics/").content.decode()
    box = page[page.index('<section id="cite-this-page"') :]
    box = box[: box.index("</section>")]
    assert (
        '<p class="cite-box__apa">The GH/IGF-1 axis, explained. (2026, November 24). <i>Basics: the GH/IGF-1 axis</i>. '
        "http://testserver/learn/basics/</p>"
    ) in box
    (bibtex,) = re.findall(r"<code>(.*?)</code>", box, re.DOTALL)
    library = bibtexparser.parse_string(html.unescape(bibtex))
    assert library.failed_blocks == []
    (entry,) = library.entries
    assert entry.key == "gh-igf1-axis-basics"
    assert entry.fields_dict["url"].value == "http://testserver/learn/basics/"
    assert entry.fields_dict["year"].value == "2026"


def test_cite_box_escapes_the_title(client, cited_site):
    Article.objects.filter(slug="basics").update(title="Basics <b>& more</b>")
    page = client.get("/learn/basics/").content.decode()
    assert "<i>Basics &lt;b&gt;&amp; more&lt;/b&gt;: the GH/IGF-1 axis</i>" in page
    assert r"Basics <b>\& more</b>" not in page  # the BibTeX is HTML-escaped too
    assert r"Basics &lt;b&gt;\&amp; more&lt;/b&gt;" in page
