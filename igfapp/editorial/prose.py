"""What the editorial checks find in a text: pure functions of text and plain data, no queries.

- readability: textstat's Flesch reading ease and Flesch–Kincaid grade (`readability`);
- technical terms: the curated axis vocabulary, acronyms and symbols (`technical_terms`), and
  which of them no glossary name explains (`unexplained_terms`, with the site's own linker);
- citation keys `[@key]` and hand-written glossary links `/glossary/<slug>/` in markdown;
- lines starting with `## `, which would split a section when content is exported and re-imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import textstat

from ..rendering import GlossaryMatcher, cited_keys, normalise_name

# --- Readability ------------------------------------------------------------------------------

MIN_WORDS_FOR_A_SCORE = 5


@dataclass(frozen=True)
class Readability:
    reading_ease: float  # Flesch reading ease: 0–100, higher is easier
    grade: float  # Flesch–Kincaid grade level
    words: int

    @property
    def ease_label(self) -> str:
        bands = [(80, "easy"), (60, "plain English"), (50, "fairly difficult"), (30, "difficult")]
        return next((label for floor, label in bands if self.reading_ease >= floor), "very difficult")

    def describe(self) -> str:
        return (
            f"Flesch reading ease {self.reading_ease:.0f} ({self.ease_label}), "
            f"Flesch–Kincaid grade {self.grade:.1f}, {self.words} words"
        )


def readability(text: str) -> Readability | None:
    """Scores for plain text (no markup), or None when there are too few words to score."""
    words = textstat.lexicon_count(text)
    if words < MIN_WORDS_FOR_A_SCORE:
        return None
    return Readability(textstat.flesch_reading_ease(text), textstat.flesch_kincaid_grade(text), words)


# --- Technical terms without a glossary entry ------------------------------------------------

# Physiology and pharmacology words of the GH–IGF-1 axis that the document uses and a general reader
# is unlikely to know (see `technical_terms`). Add to it when the text gains new jargon.
AXIS_VOCABULARY = (
    "somatotropic axis",
    "somatotropin",
    "somatostatin",
    "somatotroph",
    "somatotrophs",
    "hypothalamus",
    "hypothalamic",
    "pituitary",
    "pituitary gland",
    "hepatic",
    "endocrine",
    "endocrine system",
    "endogenous",
    "exogenous",
    "anabolic",
    "anabolism",
    "catabolic",
    "catabolism",
    "peptide",
    "secretagogue",
    "analogue",
    "mimetic",
    "receptor",
    "receptor sensitivity",
    "desensitization",
    "glucocorticoid",
    "cortisol",
    "insulin resistance",
    "insulin sensitivity",
    "hyperinsulinemia",
    "bioavailability",
    "half-life",
    "homeostasis",
    "homeostatic",
    "apoptosis",
    "apoptotic",
    "proliferation",
    "gene transcription",
    "transcription",
    "signaling cascade",
    "signalling cascade",
    "kinase",
    "tyrosine kinase",
    "phosphoinositide",
    "lipodystrophy",
    "hypogonadism",
    "androgen",
    "estrogen",
    "oestrogen",
    "testosterone",
    "metabolism",
    "macronutrient",
    "amino acid",
    "precursor",
    "substrate",
    "hypertrophy",
    "lean mass",
    "body composition",
    "bone mineral density",
    "pulsatile",
    "basal",
    "binding protein",
    "growth factor",
    "sermorelin",
    "tesamorelin",
    "ipamorelin",
    "hexarelin",
    "mechano-growth factor",
    "muscle protein synthesis",
    "slow-wave sleep",
    "negative feedback",
    "insulin-like growth factor",
    "growth hormone",
)
_VOCABULARY_RE = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(re.escape(term).replace(r"\ ", r"\s+") for term in sorted(AXIS_VOCABULARY, key=len, reverse=True))
    + r")(?:e?s)?(?![\w-])",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"(?<![\w-])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?![\w-])")


def _is_acronym(word: str) -> bool:
    return any(sum(ch.isupper() for ch in part) >= 2 for part in word.split("-"))


def technical_terms(text: str) -> list[tuple[str, int, int]]:
    """(term as written, start, end) for every technical term in plain text, in order.

    A "technical term", for the editorial checks, is a word or phrase a general reader is unlikely
    to know, found in one of two ways:
    1. the curated `AXIS_VOCABULARY` (e.g. "somatostatin", "hepatic", "insulin resistance"), whole
       words, case-insensitive, a trailing plural "s"/"es" included;
    2. acronyms and symbols: a word with at least two capital letters in one hyphen-free part, such
       as GH, GHRH, IGF-1, IGFBP-3, TRT, mTOR, PI3K, JAK2 ("Insulin-Like" has one per part: not one).
    Overlapping finds keep the longest. Whether a term is *explained* is `unexplained_terms`'
    business: it is when the same stretch of text is a published glossary term or alias.
    """
    found = {(m.start(), m.end()) for m in _VOCABULARY_RE.finditer(text)}
    found |= {(m.start(), m.end()) for m in _WORD_RE.finditer(text) if _is_acronym(m.group())}
    # Keep the longest of overlapping finds ("IGF-1" rather than a shorter acronym inside it).
    kept: list[tuple[int, int]] = []
    for start, end in sorted(found, key=lambda span: (span[0], -span[1])):
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end))
    return [(text[start:end], start, end) for start, end in kept]


def unexplained_terms(text: str, matcher: GlossaryMatcher) -> list[str]:
    """Technical terms in `text` not inside any glossary name's match, each once, as first written.

    The matcher is the site's glossary linker (longest name first), so "pituitary" inside "pituitary
    gland" counts as explained when "pituitary gland" is an entry; a term only partly inside a match
    does not.
    """
    explained: list[tuple[int, int]] = []
    if matcher.regex is not None:
        explained = [
            (m.start(), m.end()) for m in matcher.regex.finditer(text) if normalise_name(m.group()) in matcher.slug_for
        ]
    missing: dict[str, str] = {}
    for term, start, end in technical_terms(text):
        if not any(a <= start and end <= b for a, b in explained):
            missing.setdefault(normalise_name(term), term)
    return list(missing.values())


# --- Links that do not resolve -----------------------------------------------------------------

# A hand-written link to a glossary page: [text](/glossary/slug/) (absolute URLs on any host too).
GLOSSARY_LINK_RE = re.compile(r"\]\(\s*(?:https?://[^/\s)]+)?/glossary/([^/\s)#?]+)")


def unknown_citation_keys(markdown_text: str, reference_keys: set[str]) -> list[str]:
    return list(dict.fromkeys(key for key in cited_keys(markdown_text) if key not in reference_keys))


def glossary_link_slugs(markdown_text: str) -> list[str]:
    return list(dict.fromkeys(GLOSSARY_LINK_RE.findall(markdown_text)))


def section_break_lines(markdown_text: str) -> list[int]:
    """1-based lines starting with `## `: the importer reads each as a new section heading."""
    return [number for number, line in enumerate(markdown_text.splitlines(), start=1) if line.startswith("## ")]
