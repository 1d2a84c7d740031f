"""Article reference lists, the references page, the Sources & evidence page and the exports."""

import re
from html.parser import HTMLParser

import bibtexparser
import pytest
import rispy
from django.db import connection
from django.test.utils import CaptureQueriesContext

from igfapp.models import Article, EvidenceNote, GlossaryTerm, Reference, Section
from igfapp.views.references import check_summary
from tests.reference_factories import SMITH_PRINTED


class LinkMap(HTMLParser):
    """Every id on the page and every fragment link, with the element that holds it."""

    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.links: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a" and attrs.get("href", "").startswith("#"):
            self.links.append((attrs["href"][1:], attrs))


def link_map(html: str) -> LinkMap:
    parser = LinkMap()
    parser.feed(html)
    return parser


def query_count(client, url) -> int:
    """Queries for one request; call it right after a change, before the page cache has the page."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    client.last_html = response.content.decode()
    return len(ctx)


# --- An article's own reference list ----------------------------------------------------------


def test_citations_are_numbered_and_the_list_follows_their_numbers(client, cited_site):
    html = client.get("/learn/middle/").content.decode()
    assert re.findall(r'<a class="cite" id="(cite-[\w-]+)" href="#ref-([\w-]+)"[^>]*>(\d+)</a>', html) == [
        ("cite-smith-1", "smith", "1"),
        ("cite-jones-1", "jones", "2"),
        ("cite-smith-2", "smith", "1"),
    ]
    listed = re.findall(r'<li id="ref-([\w-]+)" value="(\d+)"', html)
    assert listed == [("smith", "1"), ("jones", "2")]


def test_every_citation_and_back_link_lands_on_an_element_of_the_page(client, cited_site):
    page = link_map(client.get("/learn/middle/").content.decode())
    assert len(page.ids) == len(set(page.ids)), "ids must be unique"
    citations = [(target, a) for target, a in page.links if "cite" in a.get("class", "").split()]
    backlinks = [(target, a) for target, a in page.links if a.get("class") == "backlink"]
    assert {t for t, _ in citations} == {"ref-smith", "ref-jones"}
    assert sorted(t for t, _ in backlinks) == ["cite-jones-1", "cite-smith-1", "cite-smith-2"]
    for target, _ in citations + backlinks:
        assert target in page.ids


def test_reference_entry_shows_printed_form_status_and_correction(client, cited_site):
    html = client.get("/learn/middle/").content.decode()
    entry = html[html.index('<li id="ref-smith"') : html.index('<li id="ref-jones"')]
    escaped_printed = (
        SMITH_PRINTED.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )
    assert escaped_printed in entry
    assert "Printed details wrong" in entry
    assert "The real paper appeared in 2001 in another journal." in entry
    assert '<a href="https://doi.org/10.1000/real.7.10">DOI: 10.1000/real.7.10</a>' in entry
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/12345/">PubMed: 12345</a>' in entry
    assert "Smith, A., &amp; Sjögren, K. (2001). The real test paper." in entry
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/67890/">PubMed: 67890</a>' in entry  # see also


def test_article_without_citations_has_no_reference_list(client, cited_site):
    html = client.get("/learn/deep/").content.decode()
    assert 'id="references"' not in html
    assert "Cite this page" in html


def test_reference_list_comes_with_the_htmx_fragment(client, cited_site):
    html = client.get("/learn/middle/", headers={"HX-Request": "true"}).content.decode()
    assert html.lstrip().startswith('<article id="article-content"')
    assert '<li id="ref-smith"' in html and "Cite this page" in html


def test_article_query_count_does_not_grow_with_references(client, cited_site):
    few = query_count(client, "/learn/middle/")
    article = Article.objects.get(slug="middle")
    extra = Reference.objects.bulk_create(
        Reference(key=f"extra-{i}", origin="editors", authors=[f"Author{i}, A."], year=2000 + i, title=f"Paper {i}")
        for i in range(15)
    )
    for ref in extra:
        ref.see_also.set(extra[:3])
    index = article.citation_index + [
        {"key": ref.key, "number": 3 + i, "places": [f"cite-{ref.key}-1"]} for i, ref in enumerate(extra)
    ]
    Article.objects.filter(pk=article.pk).update(citation_index=index)
    assert query_count(client, "/learn/middle/") == few
    assert client.last_html.count('class="reference reference--') == 17


# --- The references page ----------------------------------------------------------------------


def test_references_page_lists_document_references_first_then_editors(client, cited_site):
    html = client.get("/references/").content.decode()
    order = re.findall(r'<li id="ref-([\w-]+)" value="(\d+)"', html)
    assert order == [("smith", "1"), ("jones", "2"), ("sjogren-2002", "3"), ("smith-real", "4")]
    assert 'start="2"' in html
    assert html.count("<h1") == 1


def test_references_page_says_where_each_reference_is_cited(client, cited_site):
    html = client.get("/references/").content.decode()
    smith = html[html.index('<li id="ref-smith"') : html.index('<li id="ref-jones"')]
    assert '<a href="/learn/middle/#food">Middle: Food</a>' in smith
    real = html[html.index('<li id="ref-smith-real"') :]
    assert '<a href="/sources/#note-liver-makes-igf-1">' in real
    assert 'The real paper behind <a href="#ref-smith">document reference 1</a>' in real
    assert 'href="/references/smith-real.bib"' in real and 'href="/references/smith-real.ris"' in real


def test_references_page_lists_glossary_terms_citing_a_reference(client, cited_site):
    term = GlossaryTerm.objects.get(slug="igf-1")
    term.references.add(Reference.objects.get(key="jones"))
    html = client.get("/references/").content.decode()
    jones = html[html.index('<li id="ref-jones"') :]
    assert f'Glossary: <a href="{term.get_absolute_url()}">' in jones


def test_references_page_hides_sections_of_draft_tiers_from_readers(client, admin_client, cited_site):
    Article.objects.filter(slug="middle").update(status="draft")
    assert "/learn/middle/#food" not in client.get("/references/").content.decode()
    assert "/learn/middle/#food" in admin_client.get("/references/").content.decode()


def test_references_page_escapes_what_editors_type(client, cited_site):
    Reference.objects.filter(key="jones").update(title="<script>alert(1)</script>", status_note="a & b")
    html = client.get("/references/").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_references_page_query_count_is_constant(client, cited_site):
    few = query_count(client, "/references/")
    middle = Section.objects.get(article__slug="middle", anchor="food")
    note = EvidenceNote.objects.first()
    extra = Reference.objects.bulk_create(
        Reference(key=f"extra-{i}", origin="editors", authors=[f"Author{i}, A."], year=2000 + i, title=f"Paper {i}")
        for i in range(20)
    )
    for ref in extra:
        ref.citing_sections.add(middle)
        ref.evidence_notes.add(note)
        ref.see_also.set(extra[:2])
    assert query_count(client, "/references/") == few
    assert client.last_html.count('class="reference reference--') == 24


# --- Sources & evidence -----------------------------------------------------------------------


def test_sources_page_groups_notes_by_standing_and_summarises_the_check(client, cited_site):
    html = client.get("/sources/").content.decode()
    headings = re.findall(r'<h3 id="standing-([\w-]+)">', html)
    assert headings == ["supported", "supported-with-nuance", "contested", "unsupported", "promotional"]
    nuance = html[html.index('id="standing-supported-with-nuance"') : html.index('id="standing-contested"')]
    assert 'id="note-liver-makes-igf-1"' in nuance and "Evidence: Supported, with nuance" in nuance
    assert '<a href="/learn/basics/#introduction">Basics: Introduction</a>' in nuance
    assert "The document prints 1 reference. Of these, 1 points to a real paper but prints some details wrong." in html
    assert 'href="/references/#ref-smith-real"' in html  # the correction, beside the printed form


def test_sources_page_hides_sections_of_draft_tiers(client, cited_site):
    Article.objects.filter(slug="basics").update(status="draft")
    assert "/learn/basics/#introduction" not in client.get("/sources/").content.decode()


def test_sources_page_query_count_is_constant(client, cited_site):
    few = query_count(client, "/sources/")
    sections = list(Section.objects.all())
    notes = EvidenceNote.objects.bulk_create(
        EvidenceNote(
            slug=f"note-{i}", claim=f"Claim {i}", standing="contested", explanation_md="x", explanation_html="<p>x</p>"
        )
        for i in range(12)
    )
    for note in notes:
        note.sections.set(sections)
        note.references.set(Reference.objects.all())
    assert query_count(client, "/sources/") == few
    assert client.last_html.count('class="evidence-summary"') == 14


def test_check_summary_counts_from_the_data():
    refs = [Reference(status="mismatch"), Reference(status="mismatch"), Reference(status="as-printed-unverified")]
    assert check_summary(refs) == (
        "The document prints 3 references. Of these, 2 point to a real paper but print some details wrong"
        " and 1 could not be found as printed."
    )
    assert check_summary([]) == "The document prints no references."


# --- Exports ----------------------------------------------------------------------------------


def test_whole_list_bibtex_export(client, cited_site):
    response = client.get("/references/export.bib")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="gh-igf1-axis-references.bib"'
    library = bibtexparser.parse_string(response.content.decode("utf-8"))
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == ["smith", "jones", "sjogren-2002", "smith-real"]
    smith = library.entries_dict["smith"].fields_dict
    assert smith["journal"].value == "Real Journal"  # exported with its correction
    assert r"Test Journal \& Letters" in smith["note"].value  # printed form kept in the note


def test_whole_list_ris_export(client, cited_site):
    response = client.get("/references/export.ris")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="gh-igf1-axis-references.ris"'
    records = rispy.loads(response.content.decode("utf-8"))
    assert [r["id"] for r in records] == ["smith", "jones", "sjogren-2002", "smith-real"]
    assert any(SMITH_PRINTED in note for note in records[0]["notes"])


@pytest.mark.parametrize(
    ("url", "content_type", "filename"),
    [
        ("/references/smith-real.bib", "application/x-bibtex; charset=utf-8", "smith-real.bib"),
        ("/references/smith-real.ris", "application/x-research-info-systems; charset=utf-8", "smith-real.ris"),
    ],
)
def test_single_reference_export(client, cited_site, url, content_type, filename):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert "Sjögren" in response.content.decode("utf-8")


@pytest.mark.parametrize(
    "url", ["/references/nobody.bib", "/references/nobody.ris", "/references/Sm%20ith.bib", "/references/smith.txt"]
)
def test_unknown_reference_export_is_404(client, cited_site, url):
    assert client.get(url).status_code == 404


def test_exports_refuse_writes(client, cited_site):
    assert client.post("/references/export.bib").status_code == 405
    assert client.head("/references/smith.ris").status_code == 200


# --- Citation placement in the real articles --------------------------------------------------

EDITORIAL_MARK = "<!-- editorial: the citation markers in this section were placed by the editors"


def test_every_placed_citation_is_marked_editorial_and_the_mark_is_never_shown(real_site):
    from igfapp.rendering import cited_keys, count_words

    sections = list(Section.objects.select_related("article"))
    cited = [s for s in sections if cited_keys(s.body_md)]
    assert {s.article.slug for s in cited} == {"fundamentals", "intermediate", "academic"}
    for section in cited:
        assert section.body_md.startswith(EDITORIAL_MARK), f"{section} has citations but no editorial mark"
        assert "editorial" not in section.body_html
        assert section.word_count == count_words(section.body_md.split("-->", 1)[1])
    # Every one of the document's eight references is cited somewhere in the tiers.
    document_keys = set(Reference.objects.filter(origin="document").values_list("key", flat=True))
    assert len(document_keys) == 8
    assert document_keys <= {key for s in cited for key in cited_keys(s.body_md)}


# Every identifier in content/references, copied from shared/source/references-checked.md (the
# only source the editors may take identifiers from): key → (DOI, PMID).
CHECKED_IDENTIFIERS = {
    "laron-2001": ("10.1136/mp.54.5.311", "11577173"),
    "clemmons-2007": ("10.1038/nrd2359", "17906644"),
    "jones-clemmons-1995": ("", "7758431"),
    "veldhuis-bowers-2009": ("10.1210/jc.2008-2767", "19351731"),
    "veldhuis-bowers-2010": ("10.1155/2010/879503", "20798846"),
    "testosterone-delay-1988": ("", "3200264"),
    "prakash-goa-1999": ("10.2165/00063030-199912020-00007", ""),
    "sigalos-pastuszak-2018": ("10.1016/j.sxmr.2017.02.004", "28400207"),
    "koutkia-2004-jama": ("10.1001/jama.292.2.210", "15249570"),
    "stanley-2012": ("10.1093/cid/cis251", "22495074"),
    "davis-2019": ("10.1210/jc.2019-01603", "31498871"),  # testosterone in women (the therapies table)
    "sjogren-1999": ("", "10359843"),
    "yakar-1999": ("", "10377413"),
    "van-cauter-plat-1996": ("", "8627466"),
    "fontana-2008": ("", "18843793"),
    "fontana-2016": ("", "26443692"),
    "amiri-2021": ("", "33442864"),
    "sinha-2020": ("", "32257855"),
}


def test_no_identifier_is_invented(real_site):
    found = {key: (doi, pmid) for key, doi, pmid in Reference.objects.values_list("key", "doi", "pmid") if doi or pmid}
    assert found == CHECKED_IDENTIFIERS
    document = Reference.objects.filter(origin="document")
    assert not document.exclude(doi="", pmid="").exists(), "printed references carry no identifiers"
    assert set(document.values_list("status", flat=True)) == {"mismatch", "as-printed-unverified"}
    assert set(document.filter(status="mismatch").values_list("key", flat=True)) == {"leroith", "walker", "koutkia"}
