"""Health content a clinician can stand behind (issue 12).

Read straight from content/ (and, where it matters how readers see it, from the imported site):
every therapy claim of the Academic tier has an evidence note; every note quotes the document
exactly; no identifier or URL comes from anywhere but the reference check; plain definitions stay
plain; the cautions and the new standing render as readers need them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from igfapp.editorial import checks, prose
from igfapp.editorial.check_results import WARNING
from igfapp.html_fields import glossary_matcher
from igfapp.models import Article, EvidenceNote, GlossaryTerm, LifestyleFactor, Mechanism, Section

# The source document and the reference check, as ../shared/source/ has them. A copy is kept with
# the tests so that they run in any checkout; where shared/ is beside the checkout, the copy must
# be identical to it (test_the_copies_are_the_shared_files).
SHARED = Path(settings.BASE_DIR).parent / "shared" / "source"
SOURCE_COPIES = Path(__file__).parent / "fixtures" / "source"
DOCUMENT = SOURCE_COPIES / "igf1-axis-document.txt"
REFERENCE_CHECK = SOURCE_COPIES / "references-checked.md"
CONTENT = Path(settings.BASE_DIR) / "content"
THERAPY_SECTIONS = [
    "academic/targeted-peptide-therapies-and-igf-1-modulation",
    "academic/cross-talk-with-metabolic-and-sex-hormone-systems",
]
# The Academic tier's therapy claims, each by words only its claim contains.
THERAPY_CLAIMS = {
    "sermorelin": "Sermorelin",
    "CJC-1295": "CJC-1295",
    "ipamorelin": "Ipamorelin",
    "hexarelin": "Hexarelin, a growth hormone secretagogue, also stimulates GH release",
    "tesamorelin": "Tesamorelin, a synthetic GHRH analogue, has demonstrated efficacy",
    "clinically informed approach": "specific peptide therapies offer a clinically informed approach",
    "natural increase": "natural increase in IGF-1 production",
    "recalibrate": "recalibrate the body’s own GH-IGF-1 axis",
    "TRT in men": "testosterone replacement therapy (TRT) for men with hypogonadism",
    "testosterone for women": "in women, judicious testosterone optimization protocols",
}
# Notes on the regulatory standing of a therapy: each says approval, safety and sport.
STATUS_NOTES = [
    "sermorelin-status",
    "ipamorelin-cjc-1295-status",
    "hexarelin-status",
    "tesamorelin-status",
    "peptide-therapy-benefit-claims",
    "testosterone-therapy-men",
    "testosterone-therapy-women",
]


def front_matter(path: Path) -> tuple[dict, str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def evidence_files() -> dict[str, tuple[dict, str]]:
    found = {path.stem: front_matter(path) for path in sorted((CONTENT / "evidence").glob("*.md"))}
    assert len(found) >= 14, "the evidence notes were not found"
    return found


def document_text() -> str:
    if not DOCUMENT.exists():
        pytest.fail(f"{DOCUMENT} is missing: the checks against the source document cannot run")
    return " ".join(DOCUMENT.read_text(encoding="utf-8").split())


def test_the_copies_are_the_shared_files():
    assert DOCUMENT.exists() and REFERENCE_CHECK.exists()
    for copy in (DOCUMENT, REFERENCE_CHECK):
        shared = SHARED / copy.name
        if shared.exists():  # beside a session's or CI's checkout: the copy must not drift
            assert copy.read_bytes() == shared.read_bytes(), f"tests/fixtures/source/{copy.name} differs from shared/"


# --- Every therapy claim has a note, and the notes say what a clinician needs ------------------


@pytest.mark.parametrize("name", THERAPY_CLAIMS)
def test_every_therapy_claim_of_the_academic_tier_has_an_evidence_note(name):
    words = THERAPY_CLAIMS[name]
    assert words in document_text(), f"the claim words for {name} are not the document's"
    notes = [
        slug
        for slug, (front, _) in evidence_files().items()
        if words in front["claim"] and set(front["sections"]) & set(THERAPY_SECTIONS)
    ]
    assert notes, f"no evidence note beside the Academic tier covers the claim on {name}"


@pytest.mark.parametrize("slug", STATUS_NOTES)
def test_each_therapy_note_states_approval_safety_and_sport_with_citations(slug):
    front, body = evidence_files()[slug]
    text = body.lower()
    for subject in ("approv", "safety", "sport"):
        assert subject in text, f"{slug} says nothing about {subject}"
    cited = set(re.findall(r"@([a-z0-9-]+)", body))
    assert cited, f"{slug} cites no source"
    assert cited <= set(front["references"]), f"{slug} cites keys it does not list: {cited - set(front['references'])}"


def test_standings_fit_the_claims():
    notes = {slug: front["standing"] for slug, (front, _) in evidence_files().items()}
    assert notes["peptide-therapy-benefit-claims"] == "promotional"
    assert notes["testosterone-therapy-women"] == "unsupported"
    assert notes["peptide-therapies-classification"] == "supported-with-nuance"


def test_every_note_quotes_the_document_verbatim():
    """A note's claim is the document's own words: its parts, joined by '…', each stand in the document."""
    document = document_text()
    for slug, (front, _) in evidence_files().items():
        parts = [" ".join(part.split()) for part in front["claim"].split("…")]
        parts = [part for part in parts if part]
        assert parts, f"{slug} has an empty claim"
        for part in parts:
            assert part in document, f"{slug} misquotes the document: «{part}» is not in it"


def test_the_verbatim_check_catches_a_misquote():
    # The glossary once paraphrased the caloric-restriction claim as a quote; the check must see it.
    assert "chronic caloric restriction typically depresses IGF-1" not in document_text()
    assert "states of chronic caloric restriction typically depress IGF-1" in document_text()


def test_quotes_of_the_document_in_our_text_are_exact():
    """Wherever our text says 'The document says …' with a quote, the quote is the document's words."""
    document = document_text().lower().replace(" ∞ ", ": ")
    quote = re.compile(r"(?<![A-Za-z])'([^'\n]{8,}?)'(?![A-Za-z])|(?<!: )\"([^\"\n]{8,}?)\"|“([^”\n]{8,}?)”")
    checked = 0
    for path in sorted(CONTENT.glob("*/*.md")):
        if path.parent.name == "articles":
            continue
        for line in path.read_text(encoding="utf-8").split("\n"):
            line = re.sub(r'^\s*[a-z_]+: "(.*)"$', r"\1", line)  # a quoted YAML value: its text
            for match in quote.finditer(line):
                if "document" not in line[max(0, match.start() - 100) : match.start()].lower():
                    continue  # a quote, but not of the document
                checked += 1
                words = " ".join(next(g for g in match.groups() if g).split()).lower().strip(" .,")
                assert words in document, f"{path.name} misquotes the document: «{words}»"
    assert checked >= 10, "no quotes of the document were found to check"


# --- Identifiers and URLs come only from the reference check -----------------------------------

IDENTIFIER_PATTERNS = [
    re.compile(r"\b10\.\d{4,9}/[^\s\"',;)\]]+"),  # DOIs
    re.compile(r"https?://[^\s\"'<>)\]]+"),  # URLs
]


def test_every_identifier_and_url_in_content_appears_in_the_reference_check():
    checked_text = REFERENCE_CHECK.read_text(encoding="utf-8")
    found = set()
    for path in CONTENT.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        for pattern in IDENTIFIER_PATTERNS:
            found |= {(path.name, m.group(0).rstrip(".")) for m in pattern.finditer(text)}
        front = yaml.safe_load(text.split("---\n", 2)[1]) if text.startswith("---\n") else {}
        if front.get("pmid"):
            found.add((path.name, f"PMID {front['pmid']}"))
        found |= {(path.name, f"PMID {m}") for m in re.findall(r"PMID:? ?(\d+)", text)}
    assert len(found) >= 20, "too few identifiers found: the scan is broken"
    missing = sorted(f"{name}: {value}" for name, value in found if value not in checked_text)
    assert not missing, "identifiers or URLs not given in references-checked.md:\n" + "\n".join(missing)


# --- Plain definitions at the plain tiers ------------------------------------------------------


def test_every_plain_definition_used_at_the_plain_tiers_is_at_grade_8_or_below(real_site):
    plain_tiers = Article.objects.filter(order__lte=2)
    used = set(GlossaryTerm.objects.filter(sections__article__in=plain_tiers).values_list("slug", flat=True)) | set(
        Mechanism.glossary_terms.through.objects.values_list("glossaryterm__slug", flat=True)
    )
    assert len(used) >= 30, "too few terms found at the plain tiers: the query is broken"
    too_hard = []
    for term in GlossaryTerm.objects.all():
        score = prose.readability(term.plain_definition)
        assert score is not None, f"{term.slug}'s plain definition is too short to score"
        if score.grade > 8:
            too_hard.append(
                f"{term.slug}: grade {score.grade:.1f}{' (used at the plain tiers)' if term.slug in used else ''}"
            )
    assert not too_hard, "plain definitions above grade 8:\n" + "\n".join(too_hard)


# Acronyms a general reader meets in everyday life; gene-transcription's definition says what RNA is.
EVERYDAY_ACRONYMS = {"DNA", "RNA", "HIV", "USA"}


def test_every_technical_word_in_a_plain_definition_has_its_own_glossary_entry(real_site):
    """What the editorial checks call technical (their vocabulary, and acronyms) is a glossary term
    itself, so readers can look it up; anything else a definition explains in its own words."""
    matcher = glossary_matcher()
    unexplained = {
        term.slug: missing
        for term in GlossaryTerm.objects.all()
        if (missing := set(prose.unexplained_terms(term.plain_definition, matcher)) - EVERYDAY_ACRONYMS)
    }
    assert not unexplained, f"plain definitions using technical words no entry explains: {unexplained}"
    assert prose.unexplained_terms("MAPK and ZZTOP.", matcher) == ["ZZTOP"]  # the check can fail


def test_the_editorial_checks_warn_on_a_plain_definition_above_grade_8(real_site):
    term = GlossaryTerm.objects.get(slug="igf-1")
    term.plain_definition = (
        "An insulin-like polypeptide hormone predominantly synthesised hepatically under somatotropic "
        "stimulation, mediating anabolic, mitogenic and anti-apoptotic signalling in peripheral tissues."
    )
    results = checks.glossary_term_checks(term)
    warnings = [r.message for r in results if r.level == WARNING]
    assert any("plain definition" in m and "grade 8" in m for m in warnings), warnings
    term.refresh_from_db()
    assert not [r for r in checks.glossary_term_checks(term) if "plain definition" in r.message and r.level == WARNING]


# --- Readers see the cautions, the standings and the factor's direction ------------------------


def test_each_therapy_section_starts_with_the_editors_caution(client, real_site):
    html = client.get("/learn/academic/").content.decode()
    for path in THERAPY_SECTIONS:
        anchor = path.split("/", 1)[1]
        section = re.search(rf'<section id="{anchor}".*?</section>', html, re.S)
        assert section, f"section #{anchor} not found"
        after_heading = section.group(0).split("</h2>", 1)[1]
        after_links = re.sub(r'^\s*<p class="depth-links">.*?</p>', "", after_heading, count=1, flags=re.S)
        assert after_links.lstrip().startswith('<div class="caution" role="note"'), (
            f"#{anchor} does not open with its caution"
        )
        assert "Editors’ caution" in after_links[:400]
        assert "does not recommend" in after_links or "it does not recommend" in after_links
    assert html.count('class="caution"') == len(THERAPY_SECTIONS)


def test_the_caution_is_stored_apart_from_the_documents_words(real_site):
    section = Section.objects.get(article__slug="academic", anchor="targeted-peptide-therapies-and-igf-1-modulation")
    assert "recommend" in section.caution_md and "recommend" not in section.body_md
    assert "tesamorelin" in section.caution_html
    assert "recommend" not in section.body_text  # site search and reading time count the document only


def test_the_promotional_standing_renders_with_its_own_accessible_label(client, real_site):
    html = client.get("/learn/academic/").content.decode()
    note = re.search(
        r'<aside class="evidence-note evidence-note--promotional" role="note" aria-labelledby="([^"]+)">(.*?)</aside>',
        html,
        re.S,
    )
    assert note, "the promotional note is not beside the therapies section"
    label_ids = note.group(1).split()
    standing = re.search(
        rf'<span class="standing standing--promotional" id="{label_ids[1]}">(.*?)</span>\s*</p>', note.group(2), re.S
    )
    assert standing, "the standing badge is not part of the note's accessible name"
    text = re.sub(r"<[^>]+>", "", standing.group(1))
    assert text == "Evidence: Promotional, not supported"


def test_the_sources_page_lists_the_therapy_notes_with_their_standings(client, real_site):
    html = client.get("/sources/").content.decode()
    for slug in STATUS_NOTES:
        note = EvidenceNote.objects.get(slug=slug)
        group = re.search(
            rf'<section class="standing-group" aria-labelledby="standing-{note.standing}">(.*?)</section>', html, re.S
        )
        assert group, f"no group for standing {note.standing}"
        assert f'id="note-{slug}"' in group.group(1), f"{slug} is not listed under {note.get_standing_display()}"


def test_the_sex_hormones_factor_claims_no_direction_for_unchecked_claims(client, real_site):
    factor = LifestyleFactor.objects.get(slug="sex-hormones")
    assert factor.effect == LifestyleFactor.Effect.UNCLEAR
    html = client.get("/factors/").content.decode()
    row = re.search(r'id="factor-sex-hormones".*?</tr>', html, re.S)
    assert row and '<span class="effect effect--unclear">Unclear</span>' in row.group(0)
