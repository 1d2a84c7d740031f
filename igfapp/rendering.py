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

import html
import re
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
        links.append(
            f'<a class="cite" id="{place_id}" href="#ref-{key}" data-ref="{key}">{number}</a>'
        )
    return '<sup class="cites">[' + ", ".join(links) + "]</sup>"


def replace_citations(markdown_text: str, state: CitationState) -> str:
    def substitute(match: re.Match) -> str:
        return _citation_html(CITATION_KEY_RE.findall(match.group(0)), state)

    return CITATION_RE.sub(substitute, markdown_text)


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


def _normalise(text: str) -> str:
    return " ".join(text.lower().split())


class GlossaryMatcher:
    """Finds glossary terms and aliases in text with one compiled regular expression."""

    def __init__(self, names_to_slug: dict[str, str], url_for: Callable[[str], str]):
        self.slug_for = {_normalise(name): slug for name, slug in names_to_slug.items() if name.strip()}
        self.url_for = url_for
        source = _trie_pattern(self.slug_for)
        # Whole words only; a hyphen counts as part of a word so "IGF-1" never matches in "IGF-1R".
        self.regex = re.compile(rf"(?<![\w-])(?:{source})(?![\w-])", re.IGNORECASE) if source else None

    def link(self, text: str, already_linked: set[str]) -> str:
        """Escape `text` and link the first unseen occurrence of each term."""
        if self.regex is None:
            return html.escape(text, quote=False)
        out, last = [], 0
        for match in self.regex.finditer(text):
            slug = self.slug_for.get(_normalise(match.group(0)))
            if slug is None or slug in already_linked:
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


# --- Sanitising -----------------------------------------------------------------------------

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "b", "i", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "sup", "sub", "table", "thead", "tbody", "tr", "th", "td", "h3", "h4", "abbr",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class", "id", "data-term", "data-ref"},
    "sup": {"class"},
    "abbr": {"title"},
    "th": {"scope"},
    "ol": {"start"},
}


def sanitise(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )


# --- The pipeline -----------------------------------------------------------------------------


@dataclass
class RenderContext:
    """What rendering needs to know about the rest of the content."""

    glossary: GlossaryMatcher | None = None
    citations: CitationState = field(default_factory=CitationState)


def render_markdown(markdown_text: str, context: RenderContext | None = None) -> str:
    context = context or RenderContext()
    with_citations = replace_citations(markdown_text, context.citations)
    rendered = markdown.markdown(with_citations, extensions=["tables", "sane_lists"], output_format="html")
    return sanitise(link_glossary_terms(rendered, context.glossary))


WORD_RE = re.compile(r"[\w’'-]+")


def count_words(markdown_text: str) -> int:
    return len(WORD_RE.findall(CITATION_RE.sub("", markdown_text)))
