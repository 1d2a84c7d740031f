"""BibTeX, RIS and APA-style output: parsed back with real parser libraries, special characters kept."""

import datetime

import bibtexparser
import pytest
import rispy
from bibtexparser import middlewares
from pylatexenc.latex2text import LatexNodes2Text

from igfapp import citation_export as export
from igfapp.models import Reference

# Every character that needs care in at least one format: LaTeX specials, HTML, quotes, Unicode.
TRICKY_TITLE = 'IGF-1 & <b>"liver"</b> {braces} 50% $5 #1 snake_case ~tilde back\\slash — Ünïcödé'


def reference(**values) -> Reference:
    defaults = {
        "key": "sjogren-1999",
        "origin": Reference.Origin.EDITORS,
        "authors": ["Sjögren, K.", 'O\'Brien, "Jo"', "Ohlsson, C."],
        "year": 1999,
        "title": TRICKY_TITLE,
        "journal": "Endocrinology & Metabolism <Test>",
        "volume": "96",
        "issue": "12",
        "pages": "7088-7092",
        "doi": "10.1073/pnas.96.12.7088",
        "pmid": "10359843",
        "status": Reference.Accuracy.UNVERIFIED,
        "status_note": 'Authors to confirm: "quotes" & <tags> {braces}.',
    }
    defaults.update(values)
    return Reference(**defaults)


def mismatched() -> Reference:
    """A document reference whose printed details are wrong, with its correction."""
    real = reference(
        key="koutkia-2004-jama",
        authors=["Koutkia, P.", "Grinspoon, S."],
        year=2004,
        title="Growth hormone-releasing hormone in HIV-infected men with lipodystrophy",
        journal="JAMA",
        volume="292",
        issue="2",
        pages="210-218",
        doi="10.1001/jama.292.2.210",
        pmid="15249570",
    )
    printed = (
        "Koutkia, P. et al. (2004). Tesamorelin, a GHRH analog, improves body composition. "
        "Journal of Clinical Endocrinology & Metabolism, 89(6), 2855-2861."
    )
    return reference(
        key="koutkia",
        origin=Reference.Origin.DOCUMENT,
        number=8,
        printed=printed,
        authors=["Koutkia, P."],
        year=2004,
        title="Tesamorelin, a GHRH analog, improves body composition",
        journal="Journal of Clinical Endocrinology & Metabolism",
        volume="89",
        issue="6",
        pages="2855-2861",
        doi="",
        pmid="",
        status=Reference.Accuracy.MISMATCH,
        status_note="The real paper is in JAMA.",
        corrected_by=real,
    )


def parse_bibtex(text: str):
    library = bibtexparser.parse_string(text, append_middleware=[middlewares.LatexDecodingMiddleware()])
    assert library.failed_blocks == []
    return library


def bibtex_authors(text: str) -> list[str]:
    """Authors split the BibTeX way (respecting braces), then decoded from LaTeX."""
    library = bibtexparser.parse_string(text, append_middleware=[middlewares.SeparateCoAuthors()])
    decode = LatexNodes2Text().latex_to_text
    return [decode(name) for name in library.entries[0].fields_dict["author"].value]


# --- BibTeX -----------------------------------------------------------------------------------


def test_bibtex_round_trips_through_bibtexparser():
    text = export.bibtex_document([export.citation_for_export(reference())])
    library = parse_bibtex(text)
    (entry,) = library.entries
    fields = {f.key: f.value for f in entry.fields}
    assert entry.entry_type == "article" and entry.key == "sjogren-1999"
    assert fields["title"] == TRICKY_TITLE
    assert fields["journal"] == "Endocrinology & Metabolism <Test>"
    assert fields["year"] == "1999" and fields["volume"] == "96" and fields["number"] == "12"
    assert fields["pages"] == "7088–7092"  # written as LaTeX's "--"
    assert fields["pmid"] == "10359843"
    assert 'Authors to confirm: "quotes" & <tags> {braces}.' in fields["note"]
    assert bibtex_authors(text) == ["Sjögren, K.", 'O\'Brien, "Jo"', "Ohlsson, C."]


def test_bibtex_escapes_latex_specials_and_keeps_unicode():
    text = export.bibtex_entry(export.citation_for_export(reference()))
    assert r"\&" in text and r"\{braces\}" in text and r"50\%" in text and r"\$5" in text
    assert r"\#1" in text and r"snake\_case" in text and r"back\textbackslash{}slash" in text
    assert "Sjögren" in text  # UTF-8, as biber and bibtexparser read it
    assert text.count("{") == text.count("}") + text.count(r"\{") - text.count(r"\}")
    assert export.bibtex_escape("a^b") == r"a\textasciicircum{}b"


def test_bibtex_keeps_acronyms_capitalised():
    entry = export.bibtex_entry(export.citation_for_export(reference(title="IGF1 in HIV and Growth")))
    assert "title = {{IGF1} in {HIV} and Growth}" in entry


def test_bibtex_doi_and_url_are_verbatim_but_cannot_unbalance_the_entry():
    citation = export.citation_for_export(reference(doi="10.1000/a_b&c{d}", url="https://example.org/?a=1&b={x}"))
    raw = bibtexparser.parse_string(export.bibtex_entry(citation))
    fields = {f.key: f.value for f in raw.entries[0].fields}
    assert fields["doi"] == "10.1000/a_b&c%7Bd%7D"
    assert fields["url"] == "https://example.org/?a=1&b=%7Bx%7D"


def test_bibtex_author_containing_and_is_kept_whole():
    citation = export.citation_for_export(reference(authors=["Smith and Sons", "Jones, A."]))
    assert bibtex_authors(export.bibtex_entry(citation)) == ["Smith and Sons", "Jones, A."]


def test_empty_fields_are_left_out_never_invented():
    sparse = reference(authors=["Amiri"], title="", volume="", issue="", pages="", doi="", pmid="")
    entry = export.bibtex_entry(export.citation_for_export(sparse))
    for name in ("title", "volume", "number", "pages", "doi", "pmid", "url"):
        assert f"  {name} = " not in entry
    record = rispy.loads(export.ris_record(export.citation_for_export(sparse)))[0]
    assert "title" not in record and "doi" not in record and "urls" not in record


def test_mismatch_exports_the_correction_with_the_printed_form_in_the_note():
    library = parse_bibtex(export.bibtex_document([export.citation_for_export(mismatched())]))
    fields = library.entries[0].fields_dict
    assert library.entries[0].key == "koutkia"
    assert fields["journal"].value == "JAMA" and fields["volume"].value == "292"
    assert fields["doi"].value == "10.1001/jama.292.2.210"
    assert "Tesamorelin" not in fields["title"].value
    assert (
        "Printed in the source document (reference 8) as: Koutkia, P. et al. (2004). Tesamorelin"
        in fields["note"].value
    )
    assert "Journal of Clinical Endocrinology & Metabolism, 89(6)" in fields["note"].value


def test_unverified_document_reference_exports_as_printed_and_says_so():
    printed = reference(
        key="lupu", origin=Reference.Origin.DOCUMENT, number=2, printed="Lupu, F. (2004). As printed.", doi="", pmid=""
    )
    citation = export.citation_for_export(printed)
    assert citation.title == TRICKY_TITLE
    assert citation.note.startswith("No paper matching these printed details was found")
    assert "(reference 2) as: Lupu, F. (2004). As printed." in citation.note


# --- RIS --------------------------------------------------------------------------------------


def test_ris_round_trips_through_rispy():
    text = export.ris_document([export.citation_for_export(reference()), export.citation_for_export(mismatched())])
    first, second = rispy.loads(text)
    assert first["type_of_reference"] == "JOUR" and first["id"] == "sjogren-1999"
    assert first["authors"] == ["Sjögren, K.", 'O\'Brien, "Jo"', "Ohlsson, C."]
    assert first["title"] == TRICKY_TITLE  # RIS has no escaping: every character survives as is
    assert first["secondary_title"] == "Endocrinology & Metabolism <Test>"
    assert (first["year"], first["volume"], first["number"]) == ("1999", "96", "12")
    assert (first["start_page"], first["end_page"]) == ("7088", "7092")
    assert first["doi"] == "10.1073/pnas.96.12.7088"
    assert "https://pubmed.ncbi.nlm.nih.gov/10359843/" in first["urls"]
    assert any('"quotes" & <tags> {braces}' in note for note in first["notes"])
    assert second["secondary_title"] == "JAMA"
    assert any("Tesamorelin, a GHRH analog" in note for note in second["notes"])


def test_ris_line_breaks_cannot_forge_tags():
    sneaky = reference(title="Line one\nER  - \nTY  - BOOK", status_note="two\r\nlines")
    records = rispy.loads(export.ris_record(export.citation_for_export(sneaky)))
    assert len(records) == 1
    assert records[0]["title"] == "Line one ER - TY - BOOK"


def test_ris_uses_crlf_and_ends_each_record():
    text = export.ris_record(export.citation_for_export(reference()))
    assert text.startswith("TY  - JOUR\r\n") and text.endswith("ER  - \r\n")


# --- Labels and APA ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("authors", "year", "title", "label"),
    [
        (["Sjögren"], 1999, "", "Sjögren 1999"),
        (["Veldhuis, J. D.", "Bowers, C. Y."], 2009, "", "Veldhuis & Bowers 2009"),
        (["Koutkia, P.", "Canavan, B.", "Breu, J."], 2004, "", "Koutkia et al. 2004"),
        (["Le Roith, D."], None, "", "Le Roith n.d."),
        ([], 1988, "Testosterone treatment in adolescent boys", "“Testosterone treatment in adolescent…” 1988"),
    ],
)
def test_author_year_label(authors, year, title, label):
    assert export.author_year_label(authors, year, title) == label


def test_apa_reference_text():
    real = mismatched().corrected_by
    assert export.apa_reference(export.citation_for_export(real)) == (
        "Koutkia, P., & Grinspoon, S. (2004). Growth hormone-releasing hormone in HIV-infected men with "
        "lipodystrophy. JAMA, 292(2), 210–218. https://doi.org/10.1001/jama.292.2.210"
    )
    question = reference(
        authors=["Walker, R. F."],
        year=2006,
        title="Sermorelin: a better approach?",
        journal="Clinical Interventions in Aging",
        volume="1",
        issue="4",
        pages="307-308",
        doi="",
    )
    assert export.apa_reference(export.citation_for_export(question)) == (
        "Walker, R. F. (2006). Sermorelin: a better approach? Clinical Interventions in Aging, 1(4), 307–308. PMID 10359843"
    )


def test_apa_author_lists():
    assert export.apa_authors(["A, B."]) == "A, B."
    assert export.apa_authors(["A, B.", "C, D."]) == "A, B., & C, D."
    assert export.apa_authors(["A", "B", "C"]) == "A, B, & C"


def test_page_citation_apa_and_bibtex():
    cite = export.PageCitation(
        title="Fundamentals: the GH/IGF-1 axis",
        url="https://example.org/learn/fundamentals/",
        reviewed=datetime.date(2026, 11, 24),
    )
    assert cite.apa() == (
        "The GH/IGF-1 axis, explained. (2026, November 24). Fundamentals: the GH/IGF-1 axis. "
        "https://example.org/learn/fundamentals/"
    )
    library = parse_bibtex(cite.bibtex("gh-igf1-axis-fundamentals"))
    fields = library.entries[0].fields_dict
    assert library.entries[0].entry_type == "misc"
    assert fields["year"].value == "2026" and fields["note"].value == "Last reviewed 2026-11-24"
    assert fields["url"].value == "https://example.org/learn/fundamentals/"
    assert fields["title"].value == "Fundamentals: the GH/IGF-1 axis"
    # A group author in braces, so BibTeX never splits it into "explained, The GH/IGF-1 axis".
    assert "author = {{The GH/IGF-1 axis, explained}}" in cite.bibtex("k")


def test_page_citation_without_review_date_says_no_date():
    cite = export.PageCitation("T", "https://e.org/", None)
    assert cite.apa() == "The GH/IGF-1 axis, explained. (n.d.). T. https://e.org/"
    assert "year =" not in cite.bibtex("k")


# --- Regulatory documents, web pages and cut-short author lists (issue 12) ----------------------


def federal_register_notice() -> Reference:
    return reference(
        key="fda-geref-2013",
        kind=Reference.Kind.REGULATORY,
        authors=["U.S. Food and Drug Administration"],
        year=2013,
        published_on=datetime.date(2013, 3, 4),
        title="[Determination about GEREF]",
        journal="Federal Register",
        volume="78",
        issue="",
        pages="14095-14096",
        document_number="FR Doc 2013-04827",
        doi="",
        pmid="",
        url="http://www.gpo.gov/fdsys/pkg/FR-2013-03-04/html/2013-04827.htm",
    )


def web_page() -> Reference:
    return reference(
        key="wada-prohibited-list-s2",
        kind=Reference.Kind.WEB_PAGE,
        authors=["World Anti-Doping Agency"],
        year=None,
        title="Prohibited List, section S2",
        journal="",
        volume="",
        issue="",
        pages="",
        doi="",
        pmid="",
        url="http://list.wada-ama.org/list/s2-peptide-hormones-growth-factors-and-related-substances/",
    )


def test_a_regulatory_document_is_a_bibtex_misc_entry_with_an_organisation_as_author():
    library = parse_bibtex(export.bibtex_entry(export.citation_for_export(federal_register_notice())))
    entry = library.entries[0]
    fields = {f.key: f.value for f in entry.fields}
    assert entry.entry_type == "misc"
    assert "journal" not in fields  # standard @misc has none: where it appeared is `howpublished`
    assert fields["howpublished"] == "Federal Register"
    assert fields["volume"] == "78" and fields["pages"] == "14095–14096"
    assert fields["number"] == "FR Doc 2013-04827" and fields["date"] == "2013-03-04"
    # Braced: a reference manager must not read "Administration, U.S. Food and Drug" as a person.
    authors = (
        bibtexparser.parse_string(
            export.bibtex_entry(export.citation_for_export(federal_register_notice())),
            append_middleware=[middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()],
        )
        .entries[0]
        .fields_dict["author"]
        .value
    )
    assert len(authors) == 1 and authors[0].last == ["{U.S. Food and Drug Administration}"]


def test_a_web_page_is_a_bibtex_misc_entry_with_its_url():
    entry = parse_bibtex(export.bibtex_entry(export.citation_for_export(web_page()))).entries[0]
    fields = {f.key: f.value for f in entry.fields}
    assert entry.entry_type == "misc" and fields["url"].startswith("http://list.wada-ama.org/")
    assert "year" not in fields  # the page gives none: never invented


def test_ris_types_follow_the_kind_of_work():
    notice, page = (
        rispy.loads(export.ris_record(export.citation_for_export(r)))[0]
        for r in (federal_register_notice(), web_page())
    )
    article = rispy.loads(export.ris_record(export.citation_for_export(reference())))[0]
    assert (article["type_of_reference"], notice["type_of_reference"], page["type_of_reference"]) == (
        "JOUR",
        "GOVDOC",
        "ELEC",
    )
    assert notice["date"] == "2013/03/04/" and notice["volume"] == "78" and notice["start_page"] == "14095"
    assert notice["note"] == "FR Doc 2013-04827"  # rispy's name for M1
    assert page["urls"] == [web_page().url]


def test_et_al_is_said_in_every_format():
    stanley = reference(key="stanley-2012", authors=["Stanley, T. L.", "Falutz, J."], et_al=True, year=2012)
    citation = export.citation_for_export(stanley)
    assert export.reference_label(stanley) == "Stanley et al. 2012"  # not "Stanley & Falutz"
    assert export.apa_reference(citation).startswith("Stanley, T. L., Falutz, J., et al. (2012).")
    assert bibtex_authors(export.bibtex_entry(citation)) == ["Stanley, T. L.", "Falutz, J.", "others"]
    record = rispy.loads(export.ris_record(citation))[0]
    assert record["authors"] == ["Stanley, T. L.", "Falutz, J."]
    assert any("et al." in note for note in record["notes"])


def test_apa_gives_a_regulatory_documents_full_date_and_number():
    text = export.apa_reference(export.citation_for_export(federal_register_notice()))
    assert text.startswith("U.S. Food and Drug Administration (2013, March 4).")
    assert "Federal Register, 78, 14095–14096, FR Doc 2013-04827." in text
    assert text.endswith("2013-04827.htm")
