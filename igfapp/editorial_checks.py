"""Editorial checks shown on the admin's article, section and glossary-term change forms.

Each check is a pure function of text and plain data; a few small query helpers gather that data
for one item (a fixed handful of queries, whatever the amount of content). The checks read what is
stored, i.e. the last saved text and its rendered plain text, never render markdown themselves.

What is checked:
- readability per tier (textstat's Flesch reading ease and Flesch–Kincaid grade) against a target
  for the audience: Fundamentals and the pop-up definitions are for general readers;
- technical terms in the Fundamentals tier that no published glossary entry explains;
- citation keys `[@key]` and hand-written glossary links `/glossary/<slug>/` that do not resolve,
  glossary names used twice, and links to draft terms readers cannot open;
- a section line starting with `## ` (it would split the section when exported and re-imported);
- review dates: a tier never reviewed, a review overdue, and a sibling tier's section on the same
  topic edited since this tier was last reviewed (so the tiers may no longer agree).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import textstat
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .models import Article, GlossaryTerm, Reference, Section, Status
from .publishing import glossary_matcher
from .rendering import GlossaryMatcher, cited_keys, normalise_name

INFO, WARNING, ERROR = "info", "warning", "error"
_SEVERITY = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class CheckResult:
    level: str  # "info" | "warning" | "error"
    message: str
    link: str = ""  # where to fix it (an admin change page or the public page), or ""
    link_label: str = ""


SectionLink = Callable[[Section], str]


def by_severity(results: Iterable[CheckResult]) -> list[CheckResult]:
    return sorted(results, key=lambda result: _SEVERITY[result.level])


# --- Readability ------------------------------------------------------------------------------

# Flesch–Kincaid grade (US school years) a text should not exceed, by tier order (1 = Fundamentals).
# General readers: about grade 9; Intermediate readers: about the end of school. Academic: no target.
TIER_GRADE_TARGETS = {1: 9.0, 2: 13.0}
DEFINITION_GRADE_TARGET = 9.0  # the pop-up definitions are read in Fundamentals and Intermediate
MIN_WORDS_FOR_A_SCORE = 5
SHORT_TEXT_WORDS = 100  # below this, formulas built on sentence length are only a rough guide


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


def readability_check(label: str, text: str, target: float | None, link: str = "") -> CheckResult | None:
    score = readability(text)
    if score is None:
        return None
    message = f"Readability of {label}: {score.describe()}."
    if score.words < SHORT_TEXT_WORDS:
        message += " (A short text: treat the score as a rough guide.)"
    if target is not None and score.grade > target:
        return CheckResult(WARNING, f"{message} The target for these readers is grade {target:.0f} or lower.", link)
    return CheckResult(INFO, message, link)


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


# --- Review dates -----------------------------------------------------------------------------


def was_edited(section: Section) -> bool:
    """Edited since it was created: `version` is bumped by every save after the first.

    A fresh import creates every row at once, long after the review dates written in content/;
    counting creation as a change would flag every topic on a new installation.
    """
    return section.version > 1


def edited_on(section: Section) -> datetime.date:
    return timezone.localdate(section.updated_at)


def changed_after_review(section: Section, reviewed: datetime.date | None) -> bool:
    return reviewed is not None and was_edited(section) and edited_on(section) > reviewed


def _date(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


# --- Query helpers ------------------------------------------------------------------------------


def admin_url(obj) -> str:
    """The admin change page of `obj`; its public page when it has no admin page of its own."""
    try:
        return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        if isinstance(obj, Section):
            return admin_url(obj.article)
        return obj.get_absolute_url()


def all_sections() -> list[Section]:
    """Every section with its article (one query): the tiers are compared with each other."""
    return list(
        Section.objects.select_related("article")
        .only(
            "pk",
            "article",
            "order",
            "heading",
            "anchor",
            "topic",
            "body_md",
            "body_text",
            "version",
            "updated_at",
            "article__slug",
            "article__title",
            "article__order",
            "article__last_reviewed",
        )
        .order_by("article__order", "order")
    )


def reference_keys() -> set[str]:
    return set(Reference.objects.values_list("key", flat=True))


def glossary_statuses() -> dict[str, str]:
    return dict(GlossaryTerm.objects.values_list("slug", "status"))


def _shallowest_order(sections: list[Section], article: Article) -> int:
    return min([s.article.order for s in sections] + [article.order])


# --- Checks for one section's text (shared by the section and article forms) -------------------


def text_checks(
    section: Section, *, references: set[str], statuses: dict[str, str], place: str, link: str
) -> list[CheckResult]:
    """Citations, hand-written glossary links and `## ` lines in one section's markdown."""
    results = [
        CheckResult(ERROR, f"{place}: citation [@{key}] matches no reference.", link, "Edit the section")
        for key in unknown_citation_keys(section.body_md, references)
    ]
    for slug in glossary_link_slugs(section.body_md):
        if slug not in statuses:
            results.append(CheckResult(ERROR, f"{place}: link to glossary term '{slug}', which does not exist.", link))
        elif statuses[slug] != Status.PUBLISHED:
            results.append(
                CheckResult(WARNING, f"{place}: link to glossary term '{slug}', a draft readers cannot open.", link)
            )
    for line in section_break_lines(section.body_md):
        results.append(
            CheckResult(
                ERROR,
                f"{place}: line {line} starts with '## ', which would split the section when content is exported "
                "and imported again. Use '### ' for a heading inside a section.",
                link,
            )
        )
    return results


def unexplained_term_checks(
    sections: list[Section], matcher: GlossaryMatcher, draft_names: set[str], link: SectionLink = admin_url
) -> list[CheckResult]:
    first_place: dict[str, tuple[str, Section]] = {}
    for section in sections:
        for term in unexplained_terms(f"{section.heading}\n{section.body_text}", matcher):
            first_place.setdefault(normalise_name(term), (term, section))
    results = []
    for key, (term, section) in first_place.items():
        draft = " A draft entry exists: publish it." if key in draft_names or key.rstrip("s") in draft_names else ""
        results.append(
            CheckResult(
                WARNING,
                f"{section.article.title} uses the technical term “{term}” (first in “{section.heading}”) and "
                "no published "
                f"glossary entry explains it.{draft}",
                link(section),
            )
        )
    return results


def draft_glossary_names() -> set[str]:
    names = set()
    for term, aliases in GlossaryTerm.objects.exclude(status=Status.PUBLISHED).values_list("term", "aliases"):
        names.update(normalise_name(name) for name in [term, *aliases])
    return names


# --- Sibling tiers ------------------------------------------------------------------------------


def siblings_changed_since_review(
    article: Article, sections: list[Section], *, topic: str | None = None, link: SectionLink = admin_url
) -> list[CheckResult]:
    """Other tiers' sections edited after `article` was last reviewed, on a topic it also covers."""
    own = {s.topic: s for s in sections if s.article_id == article.pk and topic in (None, s.topic)}
    results = []
    for other in sections:
        mine = own.get(other.topic)
        if other.article_id == article.pk or mine is None:
            continue
        if changed_after_review(other, article.last_reviewed):
            results.append(
                CheckResult(
                    WARNING,
                    f"{other.article.title}’s section “{other.heading}” ({other.get_topic_display()}) "
                    "was edited on "
                    f"{_date(edited_on(other))}, after {article.title} was last reviewed "
                    f"({_date(article.last_reviewed)}): check that “{mine.heading}” still agrees.",
                    link(mine),
                    f"Review “{mine.heading}”",
                )
            )
    return results


def section_changed_since_sibling_reviews(
    section: Section, sections: list[Section], *, place: str = "This section"
) -> list[CheckResult]:
    """This section edited after another tier with the same topic was last reviewed."""
    results = []
    for other in sections:
        if other.topic != section.topic or other.article_id == section.article_id:
            continue
        reviewed = other.article.last_reviewed
        if changed_after_review(section, reviewed):
            results.append(
                CheckResult(
                    WARNING,
                    f"{place} was edited on {_date(edited_on(section))}, after {other.article.title} was last "
                    f"reviewed ({_date(reviewed)}): check that its section “{other.heading}” on the same topic "
                    "still agrees.",
                    admin_url(other),
                    f"Open “{other.heading}”",
                )
            )
    return results


# --- The three forms ------------------------------------------------------------------------------


def review_date_checks(article: Article, today: datetime.date | None = None) -> list[CheckResult]:
    today = today or timezone.localdate()
    if article.last_reviewed is None:
        unreviewed = "readers see “Not yet reviewed by the editors”"
        return [CheckResult(WARNING, f"{article.title} has no review date: {unreviewed}.")]
    results = [CheckResult(INFO, f"Last reviewed {_date(article.last_reviewed)}.")]
    if article.next_review_due and article.next_review_due < today:
        results.append(CheckResult(WARNING, f"The next review was due on {_date(article.next_review_due)}."))
    return results


def tier_readability_checks(article: Article, sections: list[Section]) -> list[CheckResult]:
    """This tier's score against its target, and the other tiers' scores for comparison."""
    shallowest = _shallowest_order(sections, article)
    own_text = "\n".join(s.body_text for s in sections if s.article_id == article.pk)
    own = readability_check("this tier", own_text, TIER_GRADE_TARGETS.get(article.order - shallowest + 1))
    results = [own] if own else []
    others = {s.article for s in sections if s.article_id != article.pk}
    for tier in sorted(others, key=lambda a: a.order):
        score = readability(" ".join(s.body_text for s in sections if s.article_id == tier.pk))
        if score:
            results.append(CheckResult(INFO, f"For comparison, {tier.title}: {score.describe()}."))
    return results


def article_checks(article: Article) -> list[CheckResult]:
    """Checks for a tier and every section in it (the admin edits sections inside their article)."""
    sections = all_sections()
    own = [s for s in sections if s.article_id == article.pk]
    link = in_page_links(article, own)
    references, statuses = reference_keys(), glossary_statuses()
    results = review_date_checks(article) + tier_readability_checks(article, sections)
    for section in own:
        place = f"“{section.heading}”"
        score = readability(section.body_text)
        if score:
            results.append(
                CheckResult(INFO, f"Readability of {place}: {score.describe()}.", link(section), "Go to the section")
            )
        results += text_checks(section, references=references, statuses=statuses, place=place, link=link(section))
        results += section_changed_since_sibling_reviews(section, sections, place=place)
    if article.order == _shallowest_order(sections, article):
        results += unexplained_term_checks(own, glossary_matcher(), draft_glossary_names(), link)
    results += siblings_changed_since_review(article, sections, link=link)
    return by_severity(results)


def in_page_links(article: Article, own: list[Section]) -> SectionLink:
    """Links for the article's change form: its own sections are inline forms on the same page."""
    positions = {section.pk: index for index, section in enumerate(own)}

    def link(section: Section) -> str:
        if section.article_id == article.pk:
            return f"#sections-{positions[section.pk]}"
        return admin_url(section)

    return link


def section_checks(section: Section) -> list[CheckResult]:
    sections = all_sections()
    article = section.article
    current = next((s for s in sections if s.pk == section.pk), section)
    tier_rank = article.order - _shallowest_order(sections, article) + 1
    results = []
    result = readability_check("this section", current.body_text, TIER_GRADE_TARGETS.get(tier_rank))
    if result:
        results.append(result)
    results += text_checks(
        current,
        references=reference_keys(),
        statuses=glossary_statuses(),
        place="This section",
        link=admin_url(current),
    )
    if tier_rank == 1:
        results += unexplained_term_checks([current], glossary_matcher(), draft_glossary_names())
    results += section_changed_since_sibling_reviews(current, sections)
    results += siblings_changed_since_review(article, sections, topic=current.topic)
    return by_severity(results)


def glossary_term_checks(term: GlossaryTerm) -> list[CheckResult]:
    results = []
    result = readability_check("the plain definition", term.plain_definition, DEFINITION_GRADE_TARGET)
    if result:
        results.append(result)
    matcher = glossary_matcher()
    for missing in unexplained_terms(term.plain_definition, matcher):
        results.append(
            CheckResult(INFO, f"The plain definition uses “{missing}”, which no published glossary entry explains.")
        )
    references, statuses = reference_keys(), glossary_statuses()
    for key in unknown_citation_keys(term.explanation_md, references):
        results.append(CheckResult(ERROR, f"The explanation cites [@{key}], which matches no reference."))
    for slug in glossary_link_slugs(term.explanation_md):
        if slug not in statuses:
            results.append(
                CheckResult(ERROR, f"The explanation links to glossary term '{slug}', which does not exist.")
            )
    results += name_clash_checks(term)
    results += draft_link_checks(term)
    return by_severity(results)


def name_clash_checks(term: GlossaryTerm) -> list[CheckResult]:
    """A name (term or alias) another entry also uses: the importer refuses such content."""
    mine = {normalise_name(name): name for name in [term.term, *term.aliases] if str(name).strip()}
    results = []
    for other in GlossaryTerm.objects.exclude(pk=term.pk).only("pk", "term", "slug", "aliases"):
        for name in [other.term, *other.aliases]:
            if normalise_name(str(name)) in mine:
                results.append(
                    CheckResult(
                        ERROR,
                        f"The name “{mine[normalise_name(str(name))]}” is also used by “{other.term}”: a name may "
                        "belong to one entry only.",
                        admin_url(other),
                    )
                )
    return results


def draft_link_checks(term: GlossaryTerm) -> list[CheckResult]:
    if term.status != Status.PUBLISHED:
        users = term.glossaryterm_set.filter(status=Status.PUBLISHED).count() + term.mechanisms.count()
        if users:
            return [
                CheckResult(
                    WARNING,
                    f"This term is a draft, yet {users} published entr{'y' if users == 1 else 'ies'} "
                    "(related terms, mechanisms) refer to it; readers cannot open it until it is published.",
                )
            ]
        return []
    drafts = list(term.related.exclude(status=Status.PUBLISHED))
    return [
        CheckResult(WARNING, f"Related term “{draft.term}” is a draft: readers will not see it.", admin_url(draft))
        for draft in drafts
    ]


def checks_for(obj) -> list[CheckResult]:
    """The checks for whatever the admin is editing ([] for a new item or another model)."""
    if obj is None or obj.pk is None:
        return []
    if isinstance(obj, Article):
        return article_checks(obj)
    if isinstance(obj, Section):
        return section_checks(obj)
    if isinstance(obj, GlossaryTerm):
        return glossary_term_checks(obj)
    return []
