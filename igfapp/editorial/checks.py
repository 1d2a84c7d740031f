"""The editorial checks on the admin's article, section and glossary-term change forms.

Each check reads what is stored (the last saved text and its rendered plain text), never renders
markdown itself, and gathers its data in a fixed handful of queries whatever the amount of content.
What is checked:
- readability per tier against a target for its readers (Fundamentals and the pop-up definitions
  are for general readers), and of each plain definition;
- technical terms in the Fundamentals tier that no published glossary entry explains;
- citation keys and hand-written glossary links that do not resolve, glossary names used twice,
  and links to draft terms readers cannot open;
- a section line starting with `## ` (see prose.section_break_lines);
- "In plain words" summaries (Fundamentals, Intermediate): missing, above their grade
  (plain_words.GRADE_FOR_TIER), older than their section's last change, or following an evidence
  note that does not exist; questions: choices as the importer wants them, and a note on the
  section whose standing is doubtful that the question does not name;
- review dates and sibling tiers (review_checks.py).
`checks_box` is the admin's checks box (the `{% editorial_checks %}` tag only renders it).
"""

from __future__ import annotations

from ..html_fields import glossary_matcher
from ..models import Article, EvidenceNote, GlossaryTerm, Question, Reference, Section, Status, Topic
from ..plain_words import GRADE_FOR_TIER, fingerprint, points_of
from ..rendering import GlossaryMatcher, normalise_name
from ..review_records import latest_tier_reviews
from .check_results import ERROR, INFO, WARNING, CheckResult, SectionLink, admin_url, by_severity
from .prose import glossary_link_slugs, readability, section_break_lines, unexplained_terms, unknown_citation_keys
from .review_checks import review_date_checks, section_changed_since_sibling_reviews, siblings_changed_since_review

# Flesch–Kincaid grade (US school years) a text should not exceed, by tier order (1 = Fundamentals).
# General readers: about grade 9; Intermediate readers: about the end of school. Academic: no target.
TIER_GRADE_TARGETS = {1: 9.0, 2: 13.0}
# The plain pop-up definitions are read in Fundamentals and Intermediate, often mid-sentence on a
# phone: a grade below the tiers' own, so a definition is never harder than the text it explains.
DEFINITION_GRADE_TARGET = 8.0
SHORT_TEXT_WORDS = 100  # below this, formulas built on sentence length are only a rough guide
CHECKED_MODELS = (Article, Section, GlossaryTerm, Question)
# Standings a question must not reward: a question on a section with such a note names it.
DOUBTFUL_STANDINGS = {
    EvidenceNote.Standing.CONTESTED,
    EvidenceNote.Standing.UNSUPPORTED,
    EvidenceNote.Standing.PROMOTIONAL,
}


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


# --- Query helpers ------------------------------------------------------------------------------


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
            "plain_words_md",
            "plain_words_evidence",
            "plain_words_written_for",
            "version",
            "updated_at",
            "article__slug",
            "article__title",
            "article__order",
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


# --- The three forms ------------------------------------------------------------------------------


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
    notes = set(EvidenceNote.objects.values_list("slug", flat=True))
    reviews = latest_tier_reviews()
    results = review_date_checks(article, reviews.get(article.pk)) + tier_readability_checks(article, sections)
    for section in own:
        place = f"“{section.heading}”"
        score = readability(section.body_text)
        if score:
            results.append(
                CheckResult(INFO, f"Readability of {place}: {score.describe()}.", link(section), "Go to the section")
            )
        results += text_checks(section, references=references, statuses=statuses, place=place, link=link(section))
        results += plain_words_checks(
            section, tier_rank(sections, article), place=place, link=link(section), notes=notes
        )
        results += section_changed_since_sibling_reviews(section, sections, reviews, place=place)
    if article.order == _shallowest_order(sections, article):
        results += unexplained_term_checks(own, glossary_matcher(), draft_glossary_names(), link)
    results += siblings_changed_since_review(article, sections, reviews, link=link)
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
    results += plain_words_checks(current, tier_rank, place="this section", link=admin_url(current))
    if tier_rank == 1:
        results += unexplained_term_checks([current], glossary_matcher(), draft_glossary_names())
    reviews = latest_tier_reviews()
    results += section_changed_since_sibling_reviews(current, sections, reviews)
    results += siblings_changed_since_review(article, sections, reviews, topic=current.topic)
    return by_severity(results)


def tier_rank(sections: list[Section], article: Article) -> int:
    """1 for the shallowest tier, 2 for the next (the grade targets' keys)."""
    return article.order - _shallowest_order(sections, article) + 1


def plain_words_checks(
    section: Section, rank: int, *, place: str, link: str = "", notes: set[str] | None = None
) -> list[CheckResult]:
    """A tier with summaries (Fundamentals, Intermediate) has one beside each section but the
    Reflection, at or below its grade, written for the section's text as it is now."""
    grade = GRADE_FOR_TIER.get(rank)
    if grade is None or section.topic == Topic.REFLECTION:
        return []
    points = points_of(section.plain_words_md)
    if not points:
        return [CheckResult(WARNING, f"No “In plain words” summary beside {place}.", link, "Go to the section")]
    results = []
    score = readability(" ".join(points))
    if score is not None and score.grade > grade:
        results.append(
            CheckResult(
                WARNING,
                f"The “In plain words” summary of {place} reads at grade {score.grade:.1f}: the target for "
                f"this tier is grade {grade:.0f} or lower.",
                link,
            )
        )
    if section.plain_words_written_for != fingerprint(section.body_md):
        results.append(
            CheckResult(
                WARNING,
                f"The “In plain words” summary of {place} is older than the section's last change: check it "
                "against the text and save it again.",
                link,
            )
        )
    if notes is None:
        notes = set(EvidenceNote.objects.values_list("slug", flat=True))
    for slug in section.plain_words_evidence:
        if slug not in notes:
            message = f"The summary of {place} follows evidence note '{slug}', which does not exist."
            results.append(CheckResult(ERROR, message, link))
    return results


def question_checks(question: Question) -> list[CheckResult]:
    """A question's choices as the importer wants them, and the doubtful notes on its section it does not name."""
    choices = list(question.choices.all())
    results = []
    if sum(1 for choice in choices if choice.correct) != 1:
        results.append(CheckResult(ERROR, "Exactly one choice must be correct."))
    for choice in choices:
        if not choice.explanation_md.strip():
            results.append(CheckResult(ERROR, f"The choice “{choice.text_md}” has no explanation."))
    doubtful = question.section.evidence_notes.filter(standing__in=DOUBTFUL_STANDINGS)
    for note in doubtful.exclude(pk=question.evidence_id or 0):
        results.append(
            CheckResult(
                WARNING,
                f"Its section makes a claim our evidence note calls {note.get_standing_display().lower()} "
                f"(“{note.claim[:80]}”): no question may reward it. If this question is about that claim, name "
                "the note as its evidence and make the right answer say what the evidence says.",
                admin_url(note),
            )
        )
    return results


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
    if isinstance(obj, Question):
        return by_severity(question_checks(obj))
    return []


def checks_box(obj) -> dict:
    """What the checks box of a change form shows: the checks of a saved article, section or
    glossary term, problems apart from notes; nothing for anything else."""
    applies = isinstance(obj, CHECKED_MODELS) and obj.pk is not None
    checks = checks_for(obj) if applies else []
    return {
        "applies": applies,
        "checks": checks,
        "issues": [check for check in checks if check.level != INFO],
        "notes": [check for check in checks if check.level == INFO],
    }
