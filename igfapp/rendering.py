"""Markdown → safe HTML, done once at import/save time.

The pipeline, in order:
1. inline citations `[@key]` / `[@a; @b]` become numbered superscript links (numbers are per page,
   so a `CitationState` is shared by every body rendered onto the same page);
2. Python-Markdown renders the text;
3. glossary terms and aliases become links (one compiled matcher; first occurrence per body;
   never inside headings, links, code or citations);
4. nh3 sanitises the result against an allow-list, so hostile markdown never yields script.

Everything here is a pure function of its inputs: no database access, no settings.
"""

from __future__ import annotations

import copy
import html
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser

import markdown
import nh3

# --- Citations ------------------------------------------------------------------------------

# `[@key]` or `[@key1; @key2]`; keys are slugs.
CITATION_RE = re.compile(r"\[@([a-z0-9][a-z0-9-]*(?:\s*;\s*@[a-z0-9][a-z0-9-]*)*)\]")
CITATION_KEY_RE = re.compile(r"@([a-z0-9][a-z0-9-]*)")


def cited_keys(markdown_text: str) -> list[str]:
    """Citation keys in order of appearance (with repeats)."""
    keys: list[str] = []
    for match in CITATION_RE.finditer(markdown_text):
        keys.extend(CITATION_KEY_RE.findall(match.group(0)))
    return keys


def citation_lines(markdown_text: str) -> list[tuple[str, int]]:
    """(key, 1-based line within the text) for every citation, for error messages."""
    found = []
    for match in CITATION_RE.finditer(markdown_text):
        line = markdown_text.count("\n", 0, match.start()) + 1
        found.extend((key, line) for key in CITATION_KEY_RE.findall(match.group(0)))
    return found


@dataclass
class CitationState:
    """Numbering for one page: numbers in order of first use, and every place each key is cited."""

    numbers: dict[str, int] = field(default_factory=dict)
    places: dict[str, list[str]] = field(default_factory=dict)

    def cite(self, key: str) -> tuple[int, str]:
        number = self.numbers.setdefault(key, len(self.numbers) + 1)
        places = self.places.setdefault(key, [])
        place_id = f"cite-{key}-{len(places) + 1}"
        places.append(place_id)
        return number, place_id

    def index(self) -> list[dict]:
        """JSON-ready list of {key, number, places}, ordered by number."""
        return [
            {"key": key, "number": number, "places": self.places[key]}
            for key, number in sorted(self.numbers.items(), key=lambda item: item[1])
        ]


def _citation_html(keys: list[str], state: CitationState) -> str:
    links = []
    for key in keys:
        number, place_id = state.cite(key)
        links.append(f'<a class="cite" id="{place_id}" href="#ref-{key}" data-ref="{key}">{number}</a>')
    return '<sup class="cites">[' + ", ".join(links) + "]</sup>"


@dataclass(frozen=True)
class AuthorYearCitations:
    """Citations written as author–year links to the references page instead of page numbers.

    For text shown inside another text's page (an evidence note beside an article section): page
    numbers there belong to the article, so the note must not number citations of its own.
    """

    labels: dict[str, str]  # key → "Sjögren 1999"
    url_for: Callable[[str], str]  # key → "/references/#ref-key"


def _author_year_html(keys: list[str], style: AuthorYearCitations) -> str:
    links = [
        f'<a class="cite cite--author-year" href="{html.escape(style.url_for(key))}" data-ref="{key}">'
        f"{html.escape(style.labels.get(key, key), quote=False)}</a>"
        for key in keys
    ]
    return "(" + "; ".join(links) + ")"


def replace_citations(markdown_text: str, state: CitationState, author_year: AuthorYearCitations | None = None) -> str:
    def substitute(match: re.Match) -> str:
        keys = CITATION_KEY_RE.findall(match.group(0))
        if author_year is not None:
            return _author_year_html(keys, author_year)
        return _citation_html(keys, state)

    return CITATION_RE.sub(substitute, markdown_text)


# Our citation markup (classes, ids) must go in only after the author's HTML is sanitised, or an
# author could write the same classes and ids. Until then a citation is held by a placeholder of
# private-use characters, which markdown passes through as text and which authors never type.
_HOLD_OPEN, _HOLD_CLOSE = "\ue000", "\ue001"
_HELD_RE = re.compile(f"{_HOLD_OPEN}(\\d+){_HOLD_CLOSE}")


def hold_citations(markdown_text: str) -> tuple[str, list[str]]:
    """`[@a; @b]` → a numbered placeholder; returns the text and each placeholder's original."""
    held: list[str] = []

    def substitute(match: re.Match) -> str:
        held.append(match.group(0))
        return f"{_HOLD_OPEN}{len(held) - 1}{_HOLD_CLOSE}"

    clean = markdown_text.replace(_HOLD_OPEN, "").replace(_HOLD_CLOSE, "")
    return CITATION_RE.sub(substitute, clean), held


def release_citations(
    fragment: str, held: list[str], state: CitationState, author_year: AuthorYearCitations | None = None
) -> str:
    """The placeholders of `hold_citations` → citation markup, numbered in order of appearance."""
    return _HELD_RE.sub(lambda m: replace_citations(held[int(m.group(1))], state, author_year), fragment)


# --- Glossary linking -------------------------------------------------------------------------


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex source matching any of `words` (lower-case), structured as a trie.

    Python's `re` tries the branches of a plain alternation one after another, so `a|b|c|…` costs
    time proportional to the number of terms at every position of the text. A trie shares
    prefixes, so each position costs about the length of the longest term, whatever their number.
    Greedy optional groups make the longest term win.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        terminal = "" in node
        branches = []
        for char in sorted(k for k in node if k):
            piece = r"\s+" if char == " " else re.escape(char)
            branches.append(piece + build(node[char]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if terminal else body

    return build(trie)


def normalise_name(name: str) -> str:
    """A glossary name as every comparison of names reads it (the linker, the editorial checks, the
    importer's duplicate check): case and runs of spaces do not matter."""
    return " ".join(name.lower().split())


class GlossaryMatcher:
    """Finds glossary terms and aliases in text with one compiled regular expression."""

    def __init__(self, names_to_slug: dict[str, str], url_for: Callable[[str], str]):
        self.slug_for = {normalise_name(name): slug for name, slug in names_to_slug.items() if name.strip()}
        self.url_for = url_for
        source = _trie_pattern(self.slug_for)
        # Whole words only; a hyphen counts as part of a word so "IGF-1" never matches in "IGF-1R".
        self.regex = re.compile(rf"(?<![\w-])(?:{source})(?![\w-])", re.IGNORECASE) if source else None
        self.unlinked: frozenset[str] = frozenset()

    def never_linking(self, slug: str) -> GlossaryMatcher:
        """This matcher (same compiled regex) but leaving `slug`'s names as plain text.

        The names are still *matched*, so on the growth hormone page "growth hormone" stays one
        unlinked phrase instead of becoming "growth" + a link to "hormone".
        """
        clone = copy.copy(self)
        clone.unlinked = self.unlinked | {slug}
        return clone

    def link(self, text: str, already_linked: set[str]) -> str:
        """Escape `text` and link the first unseen occurrence of each term."""
        if self.regex is None:
            return html.escape(text, quote=False)
        out, last = [], 0
        for match in self.regex.finditer(text):
            slug = self.slug_for.get(normalise_name(match.group(0)))
            if slug is None or slug in already_linked or slug in self.unlinked:
                continue
            already_linked.add(slug)
            out.append(html.escape(text[last : match.start()], quote=False))
            out.append(
                f'<a class="term" href="{html.escape(self.url_for(slug))}" data-term="{slug}">'
                f"{html.escape(match.group(0), quote=False)}</a>"
            )
            last = match.end()
        out.append(html.escape(text[last:], quote=False))
        return "".join(out)


# Text inside these elements is never linked.
_NO_LINK_TAGS = {"a", "code", "pre", "sup", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style"}


class _TermLinker(HTMLParser):
    def __init__(self, matcher: GlossaryMatcher):
        super().__init__(convert_charrefs=True)
        self.matcher = matcher
        self.out: list[str] = []
        self.skip_depth = 0
        self.linked: set[str] = set()

    def handle_starttag(self, tag, attrs):
        if tag in _NO_LINK_TAGS:
            self.skip_depth += 1
        self.out.append(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag in _NO_LINK_TAGS and self.skip_depth:
            self.skip_depth -= 1
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if self.skip_depth:
            self.out.append(html.escape(data, quote=False))
        else:
            self.out.append(self.matcher.link(data, self.linked))


def link_glossary_terms(fragment: str, matcher: GlossaryMatcher | None) -> str:
    if matcher is None:
        return fragment
    parser = _TermLinker(matcher)
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out)


_TERM_LINK_RE = re.compile(r'<a class="term" [^>]*data-term="([^"]+)"')


def linked_term_slugs(fragment: str) -> list[str]:
    """Slugs of the glossary terms linked in rendered HTML, in order (for the glossary's "appears in")."""
    return list(dict.fromkeys(_TERM_LINK_RE.findall(fragment)))


class _TextExtractor(HTMLParser):
    """Visible text of rendered HTML, without citation numbers, blocks separated by spaces."""

    _BLOCKS = frozenset({"p", "li", "h3", "h4", "blockquote", "tr", "td", "th", "pre", "br", "hr", "ul", "ol", "table"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.citation_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "sup" and (self.citation_depth or ("class", "cites") in attrs):
            self.citation_depth += 1
        if tag in self._BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag == "sup" and self.citation_depth:
            self.citation_depth -= 1
        if tag in self._BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.citation_depth:
            self.parts.append(data)


_SPACE_BEFORE_PUNCTUATION_RE = re.compile(r"\s+([.,;:!?)])")


def plain_text(fragment: str) -> str:
    """Rendered HTML as one line of plain text (site search and its snippets read this)."""
    parser = _TextExtractor()
    parser.feed(fragment)
    parser.close()
    text = " ".join("".join(parser.parts).split())
    # A removed citation leaves "claim ." behind.
    return _SPACE_BEFORE_PUNCTUATION_RE.sub(r"\1", text)


# --- Embedded components -----------------------------------------------------------------------

# A line `{{ factor-table }}` alone marks where a page shows an interactive component. Rendering
# turns it into an empty marker element; the page splits its stored HTML at that exact string
# (a plain split per request, no parsing). Unknown names stay as they are, visible to the editor.
EMBEDS = {"factor-table"}
EMBED_LINE_RE = re.compile(r"^[ \t]*\{\{[ \t]*([a-z0-9-]+)[ \t]*\}\}[ \t]*$", re.MULTILINE)


def embed_marker(name: str) -> str:
    return f'<div data-embed="{name}"></div>'


def replace_embeds(markdown_text: str) -> str:
    def substitute(match: re.Match) -> str:
        name = match.group(1)
        # Blank lines around it make Python-Markdown treat the marker as a raw HTML block.
        return f"\n{embed_marker(name)}\n" if name in EMBEDS else match.group(0)

    return EMBED_LINE_RE.sub(substitute, markdown_text)


# --- Sanitising -----------------------------------------------------------------------------

# fmt: off
# Kept in rows, not one tag per line: an allow-list is easier to review at a glance.
ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "b", "i", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "sup", "sub", "table", "thead", "tbody", "tr", "th", "td", "h3", "h4", "abbr", "div",
}
# fmt: on
# What authors' HTML may keep: no class and no id at all, so content can never borrow the page's
# own (a pop-up's fixed overlay, a second id="main"); the site's own markup adds them afterwards.
AUTHOR_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"scope"},
    "ol": {"start"},
}
# The classes the site's own markup gives content (citations and glossary links), and its ids:
# citation places only ("cite-<key>-<n>", which the references list links back to).
CONTENT_CLASSES = {"a": {"term", "cite", "cite--author-year"}, "sup": {"cites"}}
CONTENT_ID_RE = re.compile(r"cite-[a-z0-9][a-z0-9-]*-[0-9]+")
ALLOWED_ATTRIBUTES = {
    "a": {*AUTHOR_ATTRIBUTES["a"], "id", "data-term", "data-ref"},
    **{tag: names for tag, names in AUTHOR_ATTRIBUTES.items() if tag != "a"},
}
_CLEAN = {
    "tags": ALLOWED_TAGS,
    "url_schemes": {"http", "https", "mailto"},
    "link_rel": None,
    # The only attribute a <div> keeps: an embed marker naming a known component.
    "tag_attribute_values": {"div": {"data-embed": EMBEDS}},
}


def sanitise_authors_html(fragment: str) -> str:
    """The author's rendered markdown, sanitised: safe tags and attributes, no class, no id."""
    return nh3.clean(fragment, attributes=AUTHOR_ATTRIBUTES, **_CLEAN)


def _only_content_ids(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return value if CONTENT_ID_RE.fullmatch(value) else None
    return value


def sanitise(fragment: str) -> str:
    """The last pass over a whole rendered body: the site's classes and citation ids, nothing else."""
    return nh3.clean(
        fragment,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=CONTENT_CLASSES,
        attribute_filter=_only_content_ids,
        **_CLEAN,
    )


# --- Text the sanitiser would drop ------------------------------------------------------------

# Elements whose content a browser never shows as text: when closed, dropping them loses nothing.
_HIDDEN_ELEMENT_RE = re.compile(
    r"<(script|style|template|noscript|textarea|title|iframe|noembed|noframes|xmp)\b[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_COMMENT_RE = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_TAG_RE = re.compile(r"<[^>]*>")
_VISIBLE_WORD_RE = re.compile(r"\w+")


def _words(fragment: str) -> list[str]:
    text = _TAG_RE.sub(" ", _HIDDEN_ELEMENT_RE.sub(" ", _COMMENT_RE.sub(" ", fragment)))
    return _VISIBLE_WORD_RE.findall(html.unescape(text).lower())


def dropped_text(markdown_text: str) -> list[str]:
    """Words the markdown shows that sanitising would remove, in order of first appearance.

    A raw-HTML construction the sanitiser does not allow (an unclosed <style> inside <math>, as a
    paste from a word processor can produce) can swallow every paragraph after it; sanitising must
    never drop an author's text silently, so the importer and the admin refuse such a text.
    """
    held, _ = hold_citations(replace_embeds(markdown_text))
    rendered = markdown.markdown(held, extensions=["tables", "sane_lists"], output_format="html")
    kept = Counter(_words(sanitise_authors_html(rendered)))
    dropped = []
    for word in _words(rendered):  # in reading order: the first words with no kept copy left
        if kept[word]:
            kept[word] -= 1
        else:
            dropped.append(word)
    return dropped


def dropped_text_message(words: list[str]) -> str:
    shown = " ".join(words[:8]) + (" …" if len(words) > 8 else "")
    return (
        f"sanitising would drop {len(words)} word(s) of this text: «{shown}». Raw HTML the site does not "
        "allow (an unclosed <style>, <script> or <textarea>, say, often from a paste) hides what follows "
        "it: remove that HTML and write the text in markdown"
    )


def dropped_text_line(markdown_text: str, words: list[str]) -> int:
    """The 1-based line of the text where the dropped words start (1 if they cannot be found)."""
    pattern = r"\W+".join(re.escape(word) for word in words[:3])
    match = re.search(rf"(?<!\w){pattern}(?!\w)", markdown_text, re.IGNORECASE) if words else None
    return markdown_text.count("\n", 0, match.start()) + 1 if match else 1


# --- The pipeline -----------------------------------------------------------------------------


@dataclass
class RenderContext:
    """What rendering needs to know about the rest of the content."""

    glossary: GlossaryMatcher | None = None
    citations: CitationState = field(default_factory=CitationState)
    # None: numbered citations (the page's own text); set: author–year links (text shown on
    # another text's page).
    author_year: AuthorYearCitations | None = None


def render_markdown(markdown_text: str, context: RenderContext | None = None) -> str:
    """Markdown → safe HTML. The author's HTML is sanitised first, with no class or id allowed; only
    then does the site add its own markup (citations, glossary links), and a last pass keeps just
    the classes and ids the site gives content."""
    context = context or RenderContext()
    held_text, held = hold_citations(replace_embeds(markdown_text))
    rendered = markdown.markdown(held_text, extensions=["tables", "sane_lists"], output_format="html")
    authors = sanitise_authors_html(rendered)
    with_citations = release_citations(authors, held, context.citations, context.author_year)
    return sanitise(link_glossary_terms(with_citations, context.glossary))


WORD_RE = re.compile(r"[\w’'-]+")


# Editors' notes in the source (e.g. that citation markers are editorial) are never shown, so not read.
HTML_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)


def count_words(markdown_text: str) -> int:
    return len(WORD_RE.findall(CITATION_RE.sub("", HTML_COMMENT_RE.sub("", EMBED_LINE_RE.sub("", markdown_text)))))
