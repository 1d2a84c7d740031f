"""Citations leaving the site: BibTeX, RIS, APA-style text, short labels and structured data.

Everything here is a pure function of `Reference` objects (or anything with the same fields), so the
formats can be tested without a database. Two rules run through all of it:

- a document reference whose printed details are wrong (`mismatch`) is exported with the corrected
  details (its `corrected_by` reference), and the printed form travels along in a note, so a
  reader's library never silently inherits the document's error;
- nothing is invented: an empty field stays empty, and identifiers are only those stored.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

SITE_NAME = "The GH/IGF-1 axis, explained"

DOI_RESOLVER = "https://doi.org/"
PUBMED = "https://pubmed.ncbi.nlm.nih.gov/"


def doi_url(doi: str) -> str:
    return f"{DOI_RESOLVER}{doi}" if doi else ""


def pubmed_url(pmid: str) -> str:
    return f"{PUBMED}{pmid}/" if pmid else ""


# --- What is exported for one reference --------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """The bibliographic details to export for one reference, and a note about their standing."""

    key: str
    authors: tuple[str, ...]
    year: int | None
    title: str
    journal: str
    volume: str
    issue: str
    pages: str
    doi: str
    pmid: str
    url: str
    note: str
    kind: str = "journal-article"  # Reference.Kind: decides the BibTeX and RIS entry types
    et_al: bool = False  # the author list is cut short: more authors follow
    published_on: datetime.date | None = None
    document_number: str = ""

    @property
    def is_article(self) -> bool:
        return self.kind == "journal-article"


def _accuracy_note(ref) -> str:
    if ref.origin == "document":
        printed = f"Printed in the source document (reference {ref.number}) as: {ref.printed}"
        if ref.status == "mismatch" and ref.corrected_by is not None:
            lead = "Details corrected by the editors of the GH/IGF-1 axis site."
        elif ref.status == "verified":
            lead = "Details verified by the editors of the GH/IGF-1 axis site."
        else:
            lead = "No paper matching these printed details was found in the editors' check."
        return " ".join(part for part in (lead, printed, ref.status_note) if part)
    lead = "Added by the editors of the GH/IGF-1 axis site."
    if ref.status == "verified":
        lead += " Details verified against the paper."
    return " ".join(part for part in (lead, ref.status_note) if part)


def citation_for_export(ref) -> Citation:
    """What to export for `ref`: its own details, or for a mismatch its correction's."""
    source = ref.corrected_by if ref.status == "mismatch" and ref.corrected_by is not None else ref
    return Citation(
        key=ref.key,
        authors=tuple(source.authors or ()),
        year=source.year,
        title=source.title,
        journal=source.journal,
        volume=source.volume,
        issue=source.issue,
        pages=source.pages,
        doi=source.doi,
        pmid=source.pmid,
        url=source.url,
        note=_accuracy_note(ref),
        kind=source.kind,
        et_al=source.et_al,
        published_on=source.published_on,
        document_number=source.document_number,
    )


# --- Names and labels -------------------------------------------------------------------------


def surname(author: str) -> str:
    """'Le Roith, D.' → 'Le Roith'; 'Sjögren' → 'Sjögren'."""
    return author.split(",", 1)[0].strip()


def _short_title(title: str, words: int = 4) -> str:
    parts = title.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def author_year_label(authors, year: int | None, title: str = "", et_al: bool = False) -> str:
    """A short in-text label: 'Sjögren 1999', 'Veldhuis & Bowers 2009', 'Koutkia et al. 2004'.

    `et_al`: the stored list names only the first authors, so one or two names still get 'et al.'.
    """
    names = [surname(a) for a in authors or () if a.strip()]
    if not names:
        who = f"“{_short_title(title)}”" if title else "Anonymous"
    elif et_al:
        who = f"{names[0]} et al."
    elif len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} & {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who} {year or 'n.d.'}"


def reference_label(ref) -> str:
    """`author_year_label` for a Reference (or anything with its fields)."""
    return author_year_label(ref.authors, ref.year, ref.title, et_al=ref.et_al)


def apa_authors(authors, et_al: bool = False) -> str:
    """APA 7 author list: 'A', 'A, & B', 'A, B, & C' (up to 20 names); 'A, B, et al.' when cut short."""
    names = [a.strip() for a in authors or () if a.strip()]
    if et_al and names:
        return ", ".join(names) + ", et al."
    if len(names) > 20:
        names = names[:19] + ["…", names[-1]]
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return f"{names[0]}, & {names[1]}"
    return ", ".join(names[:-1]) + f", & {names[-1]}"


def page_range(pages: str, dash: str = "–") -> str:
    return re.sub(r"\s*[-–—]+\s*", dash, pages.strip())


def sentence(text: str) -> str:
    """Text ending in exactly one full stop (unless it already ends with punctuation)."""
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."


def apa_date(year: int | None, published_on: datetime.date | None) -> str:
    """APA's date in brackets: '(2013, March 4)' with a full date, '(2019)', or '(n.d.)'."""
    if published_on:
        return f"({published_on.year}, {published_on:%B} {published_on.day})"
    return f"({year})" if year else "(n.d.)"


def apa_reference(citation: Citation) -> str:
    """An APA-style reference as plain text (journal and volume would be italic in print)."""
    authors = apa_authors(citation.authors, citation.et_al)
    year = apa_date(citation.year, citation.published_on)
    if authors:
        parts = [f"{authors} {year}.", sentence(citation.title)]
    else:
        # APA moves the title to the author position when there is no author.
        parts = [f"{sentence(citation.title)} {year}." if citation.title else f"{year}."]
    source = citation.journal
    if citation.volume:
        source += f", {citation.volume}" + (f"({citation.issue})" if citation.issue else "")
    if citation.pages:
        source += f", {page_range(citation.pages)}"
    if citation.document_number:
        source += f", {citation.document_number}"
    parts.append(sentence(source.lstrip(", ")))
    if citation.doi:
        parts.append(doi_url(citation.doi))
    elif citation.pmid:
        parts.append(f"PMID {citation.pmid}")
    elif citation.url:
        parts.append(citation.url)
    return " ".join(part for part in parts if part)


# --- BibTeX -----------------------------------------------------------------------------------

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_RE = re.compile("|".join(re.escape(c) for c in _LATEX_SPECIALS))
# Words with two or more capitals (IGF, GHRH, HIV, IGF1) keep their case whatever the style does.
_ACRONYM_RE = re.compile(r"\b[0-9A-Za-z]*[A-Z][0-9a-z]*[A-Z][0-9A-Za-z]*\b")


def bibtex_escape(text: str) -> str:
    """Escape LaTeX's special characters; keep other Unicode (biber and bibtexparser read UTF-8)."""
    return _LATEX_RE.sub(lambda m: _LATEX_SPECIALS[m.group(0)], " ".join(text.split()))


def _bibtex_title(text: str) -> str:
    return _ACRONYM_RE.sub(lambda m: "{" + m.group(0) + "}", bibtex_escape(text))


def _bibtex_verbatim(text: str) -> str:
    """DOI/URL fields are read verbatim: only braces (which would unbalance the entry) are encoded."""
    return "".join(text.split()).replace("{", "%7B").replace("}", "%7D")


def _bibtex_author(name: str) -> str:
    escaped = bibtex_escape(name)
    # " and " separates names in BibTeX; a name containing it is kept whole in braces.
    return "{" + escaped + "}" if re.search(r"\sand\s", escaped, re.IGNORECASE) else escaped


def bibtex_key(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_:.-]", "-", key)


def _bibtex_authors(citation: Citation) -> str:
    # A regulatory document's or web page's author is an organisation: braced, so that it is never
    # split into a first and a last name. "and others" is BibTeX's own "et al.".
    if citation.is_article:
        names = [_bibtex_author(a) for a in citation.authors]
    else:
        names = ["{" + bibtex_escape(a) + "}" for a in citation.authors]
    if citation.et_al and names:
        names.append("others")
    return " and ".join(names)


def _bibtex_source(citation: Citation) -> list[tuple[str, str]]:
    """Where the work appeared: a journal's fields for an article, `howpublished` for the rest
    (standard BibTeX's @misc has no journal; a Federal Register notice keeps volume and pages)."""
    pages = bibtex_escape(page_range(citation.pages, "--"))
    if citation.is_article:
        return [
            ("journal", bibtex_escape(citation.journal)),
            ("volume", bibtex_escape(citation.volume)),
            ("number", bibtex_escape(citation.issue)),
            ("pages", pages),
        ]
    return [
        ("howpublished", bibtex_escape(citation.journal)),
        ("volume", bibtex_escape(citation.volume)),
        ("pages", pages),
        ("number", bibtex_escape(citation.document_number)),
    ]


BIBTEX_TYPES = {"journal-article": "article", "regulatory-document": "misc", "web-page": "misc"}


def bibtex_entry(citation: Citation) -> str:
    fields: list[tuple[str, str]] = [
        ("author", _bibtex_authors(citation)),
        ("title", _bibtex_title(citation.title)),
        ("year", str(citation.year or "")),
        ("date", citation.published_on.isoformat() if citation.published_on else ""),
        *_bibtex_source(citation),
        ("doi", _bibtex_verbatim(citation.doi)),
        ("pmid", _bibtex_verbatim(citation.pmid)),
        ("url", _bibtex_verbatim(citation.url)),
        ("note", bibtex_escape(citation.note)),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{BIBTEX_TYPES.get(citation.kind, 'misc')}{{{bibtex_key(citation.key)},\n{body}\n}}\n"


def bibtex_document(citations) -> str:
    header = f"% References from {SITE_NAME} (UTF-8). Notes record what the editors' check found.\n\n"
    return header + "\n".join(bibtex_entry(c) for c in citations)


# --- RIS --------------------------------------------------------------------------------------


def _ris_value(text: str) -> str:
    # RIS has no escaping: one line per tag, so a line break inside a value could forge a tag.
    return " ".join(str(text).split())


# RIS reference types: a journal article, a government document, an electronic source (web page).
RIS_TYPES = {"journal-article": "JOUR", "regulatory-document": "GOVDOC", "web-page": "ELEC"}


def ris_record(citation: Citation) -> str:
    lines = [("TY", RIS_TYPES.get(citation.kind, "GEN")), ("ID", citation.key)]
    # RIS has a tag per author and none for "et al.": a cut-short list is said in a note below.
    lines += [("AU", author) for author in citation.authors]
    if citation.year:
        lines.append(("PY", str(citation.year)))
    if citation.published_on:
        lines.append(("DA", citation.published_on.strftime("%Y/%m/%d/")))
    lines += [("TI", citation.title), ("T2", citation.journal), ("VL", citation.volume), ("IS", citation.issue)]
    if citation.pages:
        start, _, end = page_range(citation.pages, "-").partition("-")
        lines += [("SP", start), ("EP", end)]
    lines += [("M1", citation.document_number)]
    lines += [("DO", citation.doi), ("UR", citation.url), ("UR", pubmed_url(citation.pmid))]
    if citation.pmid:
        lines.append(("N1", f"PMID: {citation.pmid}"))
    if citation.et_al:
        lines.append(("N1", "Further authors not listed (et al.)."))
    lines.append(("N1", citation.note))
    text = "".join(f"{tag}  - {_ris_value(value)}\r\n" for tag, value in lines if _ris_value(value))
    return text + "ER  - \r\n"


def ris_document(citations) -> str:
    return "\r\n".join(ris_record(c) for c in citations)


# --- Citing a page of this site ---------------------------------------------------------------


@dataclass(frozen=True)
class PageCitation:
    """Citing a page of this site. No access date: the page is a pure function of the content (it
    is cached and revalidated by ETag), and reference managers record the access date themselves."""

    title: str
    url: str
    reviewed: datetime.date | None

    @property
    def date_text(self) -> str:
        if self.reviewed is None:
            return "n.d."
        return f"{self.reviewed.year}, {self.reviewed:%B} {self.reviewed.day}"

    def apa(self) -> str:
        """APA 7 for a web page whose author is the site itself (so the site name is not repeated)."""
        return f"{SITE_NAME}. ({self.date_text}). {self.title}. {self.url}"

    def bibtex(self, key: str) -> str:
        fields = [
            ("author", "{" + bibtex_escape(SITE_NAME) + "}"),  # a group author: never split into names
            ("title", _bibtex_title(self.title)),
            ("year", str(self.reviewed.year) if self.reviewed else ""),
            ("url", _bibtex_verbatim(self.url)),
            ("note", f"Last reviewed {self.reviewed.isoformat()}" if self.reviewed else ""),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        return f"@misc{{{bibtex_key(key)},\n{body}\n}}\n"


# --- Structured data for reference managers and search engines --------------------------------


def highwire_reference(citation: Citation) -> str:
    """One `citation_reference` meta value ('citation_title=…; citation_author=…; …')."""
    pairs = [("citation_author", a) for a in citation.authors]
    pairs += [
        ("citation_title", citation.title),
        ("citation_journal_title", citation.journal),
        ("citation_publication_date", str(citation.year or "")),
        ("citation_volume", citation.volume),
        ("citation_issue", citation.issue),
        ("citation_doi", citation.doi),
        ("citation_pmid", citation.pmid),
    ]
    # The format separates pairs with ';', so a ';' inside a value would split it.
    return "; ".join(f"{name}={' '.join(value.replace(';', ',').split())}" for name, value in pairs if value)


SCHEMA_ORG_TYPES = {"journal-article": "ScholarlyArticle", "regulatory-document": "CreativeWork", "web-page": "WebPage"}


def schema_org_work(citation: Citation) -> dict:
    """A schema.org work (ScholarlyArticle, WebPage or CreativeWork) for a `citation` property."""
    work: dict = {"@type": SCHEMA_ORG_TYPES.get(citation.kind, "CreativeWork")}
    if citation.title:
        work["name"] = citation.title
    if citation.authors:
        who = "Person" if citation.is_article else "Organization"
        work["author"] = [{"@type": who, "name": a} for a in citation.authors]
    if citation.published_on:
        work["datePublished"] = citation.published_on.isoformat()
    elif citation.year:
        work["datePublished"] = str(citation.year)
    if citation.journal:
        periodical = "Periodical" if citation.kind != "web-page" else "WebSite"
        work["isPartOf"] = {"@type": periodical, "name": citation.journal}
    if citation.pages:
        work["pagination"] = page_range(citation.pages, "-")
    same_as = [u for u in (doi_url(citation.doi), pubmed_url(citation.pmid), citation.url) if u]
    if citation.doi:
        work["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": citation.doi}
    if same_as:
        work["sameAs"] = same_as
    if citation.note:  # what the editors' check found, so the printed form never travels alone
        work["description"] = citation.note
    return work
