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
    )


# --- Names and labels -------------------------------------------------------------------------


def surname(author: str) -> str:
    """'Le Roith, D.' → 'Le Roith'; 'Sjögren' → 'Sjögren'."""
    return author.split(",", 1)[0].strip()


def _short_title(title: str, words: int = 4) -> str:
    parts = title.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def author_year_label(authors, year: int | None, title: str = "") -> str:
    """A short in-text label: 'Sjögren 1999', 'Veldhuis & Bowers 2009', 'Koutkia et al. 2004'."""
    names = [surname(a) for a in authors or () if a.strip()]
    if not names:
        who = f"“{_short_title(title)}”" if title else "Anonymous"
    elif len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} & {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who} {year or 'n.d.'}"


def apa_authors(authors) -> str:
    """APA 7 author list: 'A', 'A, & B', 'A, B, & C' (up to 20 names)."""
    names = [a.strip() for a in authors or () if a.strip()]
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


def apa_reference(citation: Citation) -> str:
    """An APA-style reference as plain text (journal and volume would be italic in print)."""
    authors = apa_authors(citation.authors)
    year = f"({citation.year})" if citation.year else "(n.d.)"
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
    parts.append(sentence(source.lstrip(", ")))
    if citation.doi:
        parts.append(doi_url(citation.doi))
    elif citation.pmid:
        parts.append(f"PMID {citation.pmid}")
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


def bibtex_entry(citation: Citation, entry_type: str = "article") -> str:
    fields: list[tuple[str, str]] = [
        ("author", " and ".join(_bibtex_author(a) for a in citation.authors)),
        ("title", _bibtex_title(citation.title)),
        ("journal", bibtex_escape(citation.journal)),
        ("year", str(citation.year or "")),
        ("volume", bibtex_escape(citation.volume)),
        ("number", bibtex_escape(citation.issue)),
        ("pages", bibtex_escape(page_range(citation.pages, "--"))),
        ("doi", _bibtex_verbatim(citation.doi)),
        ("pmid", _bibtex_verbatim(citation.pmid)),
        ("url", _bibtex_verbatim(citation.url)),
        ("note", bibtex_escape(citation.note)),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{entry_type}{{{bibtex_key(citation.key)},\n{body}\n}}\n"


def bibtex_document(citations) -> str:
    header = f"% References from {SITE_NAME} (UTF-8). Notes record what the editors' check found.\n\n"
    return header + "\n".join(bibtex_entry(c) for c in citations)


# --- RIS --------------------------------------------------------------------------------------


def _ris_value(text: str) -> str:
    # RIS has no escaping: one line per tag, so a line break inside a value could forge a tag.
    return " ".join(str(text).split())


def ris_record(citation: Citation) -> str:
    lines = [("TY", "JOUR"), ("ID", citation.key)]
    lines += [("AU", author) for author in citation.authors]
    if citation.year:
        lines.append(("PY", str(citation.year)))
    lines += [("TI", citation.title), ("T2", citation.journal), ("VL", citation.volume), ("IS", citation.issue)]
    if citation.pages:
        start, _, end = page_range(citation.pages, "-").partition("-")
        lines += [("SP", start), ("EP", end)]
    lines += [("DO", citation.doi), ("UR", citation.url), ("UR", pubmed_url(citation.pmid))]
    if citation.pmid:
        lines.append(("N1", f"PMID: {citation.pmid}"))
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


def schema_org_work(citation: Citation) -> dict:
    """A schema.org ScholarlyArticle for a `citation` property."""
    work: dict = {"@type": "ScholarlyArticle"}
    if citation.title:
        work["name"] = citation.title
    if citation.authors:
        work["author"] = [{"@type": "Person", "name": a} for a in citation.authors]
    if citation.year:
        work["datePublished"] = str(citation.year)
    if citation.journal:
        work["isPartOf"] = {"@type": "Periodical", "name": citation.journal}
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
