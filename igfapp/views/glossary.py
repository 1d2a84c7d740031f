"""Glossary: the A–Z index with its live filter, one page per term, and the pop-up preference."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from ..editorial.public import editorial_view, shown_draft
from ..learning_downloads import glossary_json_ld
from ..models import GlossaryTerm
from ..review_records import latest_glossary_review
from ..search import clean_query, query_words, word_pattern
from ..selectors import glossary_terms, term_page
from ..templatetags.citation_tags import public_url, script_safe_json
from .htmx import vary_on_htmx, wants_fragment

LETTERS = [chr(code) for code in range(ord("A"), ord("Z") + 1)]
OTHER = "#"  # terms that start with a digit or a symbol

# Read by static/js/popups.js too: "off" turns the pop-up cards off, anything else leaves them on.


# --- The index ---------------------------------------------------------------------------------


def first_letter(name: str) -> str:
    """The index letter of a name: accents dropped ("Érythro…" files under E), else OTHER."""
    base = unicodedata.normalize("NFKD", name.strip()[:1]).upper()[:1]
    return base if base in LETTERS else OTHER


def filter_terms(terms: list[GlossaryTerm], query: str) -> list[GlossaryTerm]:
    """Terms where every word of `query` starts a word of a name ("som" finds "Somatostatin") or
    is a word of the plain definition (as site search reads words: "gh" is not "high").

    Sets `.matched_alias` on a term found through one of its other names, so the index can say
    why "Growth hormone" is shown for "GH".
    """
    words = query_words(query)
    name_res = [re.compile(rf"(?<!\w){re.escape(word)}", re.IGNORECASE) for word in words]
    text_res = [re.compile(rf"(?<!\w){word_pattern(word)}", re.IGNORECASE) for word in words]

    def names_match(names: list[str]) -> bool:
        return all(any(name_re.search(name) for name in names) for name_re in name_res)

    found = []
    for term in terms:
        names = [term.term, *term.aliases]
        if not all(
            any(name_re.search(name) for name in names) or text_re.search(term.plain_definition)
            for name_re, text_re in zip(name_res, text_res, strict=True)
        ):
            continue
        term.matched_alias = ""
        if not names_match([term.term]):
            term.matched_alias = next((alias for alias in term.aliases if names_match([alias])), "")
        found.append(term)
    return found


@dataclass
class LetterGroup:
    letter: str
    terms: list[GlossaryTerm] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return "letter-other" if self.letter == OTHER else f"letter-{self.letter.lower()}"


def group_by_letter(terms: list[GlossaryTerm]) -> list[LetterGroup]:
    """A–Z groups (then OTHER), each sorted case-insensitively; only letters that have terms."""
    groups: dict[str, LetterGroup] = {}
    for term in sorted(terms, key=lambda t: t.term.casefold()):
        letter = first_letter(term.term)
        groups.setdefault(letter, LetterGroup(letter)).terms.append(term)
    return [groups[letter] for letter in [*LETTERS, OTHER] if letter in groups]


@require_safe
@vary_on_htmx
def glossary_index(request):
    query = clean_query(request.GET.get("q"))
    terms = glossary_terms(user=request.user)
    shown = filter_terms(terms, query) if query else terms
    groups = group_by_letter(shown)
    present = {group.letter for group in groups}
    context = {
        "query": query,
        "groups": groups,
        "letters": [(letter, letter in present) for letter in LETTERS],
        "has_other": OTHER in present,
        "shown_count": len(shown),
        "total_count": len(terms),
        # The whole glossary as a schema.org DefinedTermSet, whatever the filter shows.
        "json_ld": script_safe_json(
            glossary_json_ld(
                [term for term in terms if term.status == "published"],
                absolute=lambda path: public_url(request, path),
            )
        ),
    }
    # The live filter swaps only the results.
    if wants_fragment(request):
        return render(request, "glossary/index.html#glossary-results", {**context, "is_fragment": True})
    return render(request, "glossary/index.html", {**context, "review": latest_glossary_review()})


# --- One term ----------------------------------------------------------------------------------


@require_safe
def glossary_term(request, slug):
    # Visibility is decided by the selector, not in the template: drafts are 404 for readers.
    editing = editorial_view(request, GlossaryTerm, slug=slug)  # None for readers: staff see drafts' state
    page = term_page(slug=slug, user=request.user, draft=shown_draft(editing))
    context = {
        "term": page.term,
        "editing": editing,
        "related": page.related,
        "references": page.references,
        "appearances": page.appearances,
        "letter_anchor": LetterGroup(first_letter(page.term.term)).anchor,
    }
    return render(request, "glossary/term.html", context)


# --- The pop-up preference ---------------------------------------------------------------------


def _safe_next(request, default: str) -> str:
    target = request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@require_safe
def popup_preference(request):
    """Where a reader turns the pop-up cards on or off (the cards do it in one step too). The choice
    is the browser's (static/js/prefs.js): the page is the same for everyone, and cacheable."""
    return render(request, "glossary/popups.html", {"next": _safe_next(request, "")})
