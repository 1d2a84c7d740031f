"""Every sentence of ours backed (issue 23): the second editorial review, as tests.

Read straight from content/ (and, where it matters how readers see it, from the imported site):
- a citation sits only on a sentence of the kind the reference check records its reference for, and
  never on a sentence naming a substance the reference is not recorded to assess (the unit is the
  sentence a marker sits on; a glossary entry's "Sources for this definition" list answers for the
  whole entry, so a review of GH secretagogues as a class is no source on the hexarelin page);
- every evidence note and caution (and every other text of ours) that states a regulatory or sport
  fact says when it was checked ("as of December 2026", from the reference check's own line), and
  readers see that date;
- a lifestyle factor's direction is shown as the document's, and with an evidence standing only
  where an evidence note checked its claim: in the table, the axis diagram and the downloads.
Each check is also run on a broken copy, to show that it can fail.

The table below is the reference check (tests/fixtures/source/references-checked.md, a copy of
../shared/source/) reduced to what each reference is recorded for: a reference not in it, or a
citation the table does not allow, fails, so a new citation means reading the check again.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from igfapp.models import EvidenceNote
from tests.test_trust import REFERENCE_CHECK

CONTENT = Path(settings.BASE_DIR) / "content"

# --- What the reference check records each reference for -----------------------------------------

# The substances our texts name, by the words that name them.
SUBSTANCES = {
    "sermorelin": r"\bsermorelin\b|\bGEREF\b",
    "CJC-1295": r"\bCJC-1295\b",
    "ipamorelin": r"\bipamorelin\b",
    "hexarelin": r"\bhexarelin\b",
    "tesamorelin": r"\btesamorelin\b|\bEgrifta\b",
    "testosterone": r"\btestosterone\b|\bTRT\b|\bandrogens?\b",
    "MGF": r"\bMGF\b|\bmechano[- ]growth factors?\b",
}


@dataclass(frozen=True)
class Recorded:
    """What references-checked.md records a reference for.

    seen: words of the reference check that record it (they must be in the file);
    backs: patterns that the sentence a citation sits on must each match, i.e. the kind of claim
        the check records the reference for; empty: the check records no finding of it (a paper
        named only for its topic), so it backs no sentence of ours;
    substances: the substances it is recorded to assess; a sentence citing it names no other.
    """

    seen: str
    backs: tuple[str, ...] = ()
    substances: frozenset[str] = frozenset()


def only(*names: str) -> frozenset[str]:
    assert set(names) <= set(SUBSTANCES), names
    return frozenset(names)


# The editors' references: cited in our texts only for what the check records them for.
RECORDED = {
    "sjogren-1999": Recorded("Sjögren et al., PNAS 1999, PMID 10359843", (r"liver|hepatic",)),
    "yakar-1999": Recorded("Yakar et al., PNAS 1999, PMID 10377413", (r"grew|growth|local",)),
    "fontana-2008": Recorded("Fontana et al., Aging Cell 2008, PMID 18843793", (r"calori|protein",)),
    "fontana-2016": Recorded("the 2-year CALERIE trial found no change in IGF-1", (r"CALERIE|two-year",)),
    "amiri-2021": Recorded(
        "Amiri et al., Hormones 2021, PMID 33442864",
        (r"older adults|meta-analysis|contradictory|contested|inconsistent",),
    ),
    "van-cauter-plat-1996": Recorded("Van Cauter & Plat, J Pediatr 1996, PMID 8627466", (r"sleep|pulses",)),
    "bermann-1994": Recorded("Bermann et al., J Clin Invest 1994", (r"somatostatin|infusion|giving IGF-1",)),
    "matheny-2010": Recorded(
        "Matheny, Nindl & Adamo, Endocrinology 2010",
        (r"MGF|mechano", r"IGF-1Ec|splice|synthetic|fragment|counterpart|local"),
        only("MGF"),
    ),
    # Ipamorelin acts on the ghrelin receptor: the one finding the check gives this paper.
    "sinha-2020": Recorded("Sinha et al., Transl Androl Urol 2020, PMID 32257855", (r"ghrelin",), only("ipamorelin")),
    # Recorded as a trial of native GHRH, *not* tesamorelin: cited only to say so.
    "koutkia-2004-jama": Recorded(
        "studied native GHRH, not tesamorelin", (r"natural GHRH|native GHRH",), only("tesamorelin")
    ),
    # "A tesamorelin paper", nothing more: what it found is not recorded, so it backs no sentence.
    "stanley-2012": Recorded("A tesamorelin paper: Stanley T.L., Falutz J., et al."),
    # A review of GH secretagogues as a class; the check does not say which ones it covers, so a
    # sentence citing it speaks of the class and names none of them (not hexarelin, not ipamorelin).
    "sigalos-pastuszak-2018": Recorded(
        "Sigalos & Pastuszak, Sex Med Rev 2018",
        (r"secretagogue", r"long-term|tolerated|blood sugar|blood glucose|insulin sensitivity|cancer|mortality"),
    ),
    "fda-geref-2013": Recorded("FR Doc 2013-04827", (r"GEREF|withdrawn|approv",), only("sermorelin")),
    "prakash-goa-1999": Recorded("Prakash A., Goa K.L. Sermorelin", (r"children",), only("sermorelin")),
    "fda-category-2-bulk-substances": Recorded(
        "Certain Bulk Drug Substances for Use in Compounding that May Present Significant Safety Risks",
        (r"\bFDA\b|Food and Drug Administration",),
        only("CJC-1295", "ipamorelin"),
    ),
    "wada-prohibited-list-s2": Recorded(
        "WADA Prohibited List, section S2",
        (r"\bsport\b|Anti-Doping|\bWADA\b|Prohibited List",),
        only("CJC-1295", "sermorelin", "tesamorelin", "ipamorelin", "hexarelin", "MGF"),
    ),
    "davis-2019": Recorded(
        "Global Consensus Position Statement on the Use of Testosterone Therapy for Women",
        (r"women",),
        only("testosterone"),
    ),
    "bhasin-2018": Recorded(
        "Testosterone Therapy in Men With Hypogonadism", (r"hypogonadism|guideline",), only("testosterone")
    ),
    # Real papers the check names only as on the topic of a document reference it could not find:
    # no finding of theirs is recorded, so none backs a sentence (they are linked from the
    # document's references, as the closest real papers).
    "leroith-1997": Recorded('wrote "Insulin-like growth factors" in N Engl J Med in **1997**'),
    "laron-2001": Recorded("Laron Z. Insulin-like growth factor 1 (IGF-1): a growth hormone"),
    "clemmons-2007": Recorded("Modifying IGF1 activity"),
    "jones-clemmons-1995": Recorded("On binding proteins: Jones J.I., Clemmons D.R."),
    "veldhuis-bowers-2009": Recorded("Factors other than sex steroids modulate GHRH and GHRP-2 efficacies in men"),
    "veldhuis-bowers-2010": Recorded("Integrating GHS into the ghrelin system"),
    "walker-2006": Recorded("Sermorelin: a better approach to management of adult-onset growth hormone insufficiency?"),
    "mauras-2008": Recorded("anastrozole with growth hormone in short adolescent males"),
    "testosterone-delay-1988": Recorded("Testosterone treatment in adolescent boys with constitutional delay"),
}

# The document's own references: the editors place them in the document's text where their subject
# (the printed title) is discussed, and nowhere else; none is a paper the check could confirm.
DOCUMENT_REFERENCES = {
    "leroith": Recorded("| leroith |", (r"IGF|insulin-like",)),
    "lupu": Recorded("| lupu |", (r"IGF",)),
    "clemmons": Recorded("| clemmons |", (r"binding protein|IGFBP",)),
    "veldhuis": Recorded("| veldhuis |", (r"GHRH|growth hormone|\bGH\b",)),
    "mauras": Recorded("| mauras |", (r"testosterone|androgen",), only("testosterone")),
    "walker": Recorded("| walker |", (r"sermorelin",), only("sermorelin")),
    # "Growth hormone secretagogues": the check classes ipamorelin and hexarelin as such.
    "jabbour": Recorded("| jabbour |", (r"secretagogue",), only("hexarelin", "ipamorelin")),
    "koutkia": Recorded("| koutkia |", (r"tesamorelin",), only("tesamorelin")),
}


def test_the_table_is_read_from_the_reference_check():
    """Every reference of content/ is in the table, and each entry stands in the check as written."""
    check = " ".join(REFERENCE_CHECK.read_text(encoding="utf-8").split())
    missing = [key for key, entry in (RECORDED | DOCUMENT_REFERENCES).items() if entry.seen not in check]
    assert not missing, f"the table names references-checked.md wrongly for: {missing}"
    keys = {path.stem for path in (CONTENT / "references").glob("*.md")}
    assert keys == set(RECORDED) | set(DOCUMENT_REFERENCES), "content/references/ and the table differ"
    for path in (CONTENT / "references").glob("*.md"):
        origin = front_matter(path)[0]["origin"]
        assert (path.stem in DOCUMENT_REFERENCES) == (origin == "document"), path.stem


# --- Reading every text of ours -------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """One text of ours (or, for `document`, a section of the document with our citation markers)."""

    place: str  # file and field, for messages
    text: str
    document: bool = False


def front_matter(path: Path) -> tuple[dict, str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front) or {}, body


def substances_named(text: str) -> set[str]:
    return {name for name, pattern in SUBSTANCES.items() if re.search(pattern, text, re.I)}


def texts_of(content: Path) -> Iterator[Text]:
    """Every editors' text in `content`: definitions, explanations, notes, cautions, summaries,
    questions and answers, factor texts, reference notes; and the document's sections, for the
    citation markers we placed in them."""
    for path in sorted((content / "glossary").glob("*.md")):
        front, body = front_matter(path)
        for field_name, value in (("plain", front.get("plain")), ("technical", front.get("technical")), ("body", body)):
            if value:
                yield Text(f"glossary/{path.name} ({field_name})", value)
    for path in sorted((content / "mechanisms").glob("*.md")):
        front, body = front_matter(path)
        yield Text(f"mechanisms/{path.name}", f"{front['name']}\n\n{body}")
    for path in sorted((content / "factors").glob("*.md")):
        front, body = front_matter(path)
        parts = [front.get("summary") or "", body] + [link.get("note") or "" for link in front.get("mechanisms", [])]
        if not front.get("in_document_table"):  # the columns of rows we added are our words
            parts += [front["table_mechanism"], front["observed_effect"]]
        for part in parts:
            if part:
                yield Text(f"factors/{path.name}", part)
    for path in sorted((content / "evidence").glob("*.md")):
        _, body = front_matter(path)
        yield Text(f"evidence/{path.name}", body)
    for path in sorted((content / "questions").glob("*.md")):
        front, _ = front_matter(path)
        yield Text(f"questions/{path.name} (question)", front["question"])
        for choice in front["choices"]:
            yield Text(
                f"questions/{path.name} (choice “{choice['text']}”)", f"{choice['text']}\n\n{choice['explanation']}"
            )
    for path in sorted((content / "references").glob("*.md")):
        front, body = front_matter(path)
        for value in (front.get("status_note"), body):
            if value:
                yield Text(f"references/{path.name}", value)
    for path in sorted((content / "articles").glob("*.md")):
        front, body = front_matter(path)
        yield Text(f"articles/{path.name} (summary)", front["summary"])
        for caution in front.get("cautions", []):
            yield Text(f"articles/{path.name} (caution on #{caution['section']})", caution["text"])
        for summary in front.get("plain_words", []):
            yield Text(f"articles/{path.name} (plain words on #{summary['section']})", "\n\n".join(summary["points"]))
        yield Text(f"articles/{path.name} (the document's text)", body, document=True)


def reference_lists(content: Path) -> Iterator[tuple[str, list[str], str, frozenset[str]]]:
    """(place, keys, the entry's text, its subjects) for every `references:` list of ours."""
    for folder in ("glossary", "mechanisms", "factors", "evidence"):
        for path in sorted((content / folder).glob("*.md")):
            front, body = front_matter(path)
            keys = front.get("references") or []
            if not keys:
                continue
            name = front.get("term") or front.get("name") or ""
            text = " ".join(
                str(v) for v in (name, front.get("plain"), front.get("technical"), front.get("summary"), body) if v
            )
            text += " " + " ".join(link.get("note") or "" for link in front.get("mechanisms", []))
            subjects = frozenset(substances_named(f"{name} {path.stem}")) if folder == "glossary" else frozenset()
            yield f"{folder}/{path.name}", keys, text, subjects


# --- Citations sit on sentences their reference is recorded for -----------------------------------

CITATION = re.compile(r"\[@[^\]]+\]")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[A-Z\"'“‘(*])")


def sentences(text: str) -> Iterator[tuple[str, str]]:
    """(its paragraph and the one before, sentence) for every sentence of a markdown text."""
    before = ""
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = " ".join(paragraph.split())
        yield from ((f"{before} {paragraph}", s) for s in SENTENCE_END.split(paragraph) if s)
        before = paragraph


def citation_problems(content: Path) -> list[str]:
    problems = []
    for item in texts_of(content):
        for paragraph, sentence in sentences(item.text):
            for marker in CITATION.finditer(sentence):
                # The words a marker supports are those before it (README: written straight after them).
                words = CITATION.sub("", sentence[: marker.start()])
                named = substances_named(words)
                # A document reference is placed where its subject is discussed (its paragraph, or
                # the one before, which may name what "this peptide" is).
                subject = CITATION.sub("", paragraph)
                for key in re.findall(r"@([\w-]+)", marker.group(0)):
                    where = f"{item.place}: [@{key}] on «{sentence[:160]}»"
                    if key in DOCUMENT_REFERENCES:
                        entry = DOCUMENT_REFERENCES[key]
                        if not item.document:
                            problems.append(f"{where}: a reference of the document's, cited outside its text")
                            continue
                    elif key in RECORDED:
                        entry = RECORDED[key]
                    else:
                        problems.append(f"{where}: not in the table of what the reference check records")
                        continue
                    if not entry.backs:
                        problems.append(f"{where}: the reference check records no finding of {key} to back it")
                        continue
                    if unrecorded := named - entry.substances:
                        problems.append(f"{where}: {key} is not recorded to assess {', '.join(sorted(unrecorded))}")
                    for pattern in entry.backs:
                        if not re.search(pattern, subject if key in DOCUMENT_REFERENCES else words, re.I):
                            problems.append(f"{where}: not the kind of claim {key} is recorded for ({pattern})")
    for place, keys, text, subjects in reference_lists(content):
        for key in keys:
            entry = RECORDED.get(key)
            where = f"{place}: lists {key}"
            if entry is None:
                problems.append(f"{where}: not an editors' reference of the table")
            elif not entry.backs:
                problems.append(f"{where}: the reference check records no finding of it")
            elif unrecorded := subjects - entry.substances:
                problems.append(f"{where}, which is not recorded to assess {', '.join(sorted(unrecorded))}")
            elif not all(re.search(pattern, text, re.I) for pattern in entry.backs):
                problems.append(f"{where}, which is recorded for nothing the entry says")
    return problems


def test_every_citation_of_ours_is_one_the_reference_check_records_for_that_claim():
    problems = citation_problems(CONTENT)
    assert not problems, "citations the reference check does not back:\n" + "\n".join(problems)


def test_enough_citations_are_checked():
    cited = sum(len(CITATION.findall(item.text)) for item in texts_of(CONTENT))
    assert cited >= 60, f"only {cited} citation markers found: the reading of content/ is broken"


@pytest.fixture
def content_copy(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def append_to_body(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    "file, sentence, expected",
    [
        # The first review's mistakes, put back: each must be caught.
        (
            "glossary/hexarelin.md",
            "Hexarelin is well tolerated [@sigalos-pastuszak-2018].",
            "not recorded to assess hexarelin",
        ),
        (
            "evidence/tesamorelin-status.md",
            "Tesamorelin has demonstrated efficacy [@stanley-2012].",
            "records no finding of stanley-2012",
        ),
        (
            "glossary/supraphysiological.md",
            "Treatments that make the body release its own growth hormone are thought to carry less risk, "
            "because feedback still operates [@sigalos-pastuszak-2018].",
            "not the kind of claim sigalos-pastuszak-2018 is recorded for",
        ),
        ("glossary/half-life.md", "IGFBP-3 keeps IGF-1 for hours [@jones-clemmons-1995].", "records no finding"),
        ("glossary/igf-1.md", "It is made in the liver [@leroith].", "cited outside its text"),
    ],
)
def test_the_citation_check_catches_what_the_review_found(content_copy, file, sentence, expected):
    append_to_body(content_copy / file, sentence)
    problems = citation_problems(content_copy)
    assert any(expected in problem for problem in problems), problems


def test_the_citation_check_catches_a_sentence_naming_a_substance_its_reference_does_not_assess(content_copy):
    path = content_copy / "articles" / "academic.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "Hexarelin, a growth hormone secretagogue[@jabbour]",
        "Hexarelin, a growth hormone secretagogue[@jabbour; @sigalos-pastuszak-2018]",
    )
    path.write_text(text, encoding="utf-8")
    assert any("not recorded to assess hexarelin" in problem for problem in citation_problems(content_copy))


def test_the_citation_check_catches_a_reference_listed_for_an_entry_it_does_not_assess(content_copy):
    path = content_copy / "glossary" / "tesamorelin.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("references:\n", "references:\n  - stanley-2012\n", 1),
        encoding="utf-8",
    )
    assert any("glossary/tesamorelin.md: lists stanley-2012" in problem for problem in citation_problems(content_copy))


# --- Regulatory and sport facts say when they were checked ----------------------------------------

# Words that state a regulatory or sport fact (an approval, a list, a ban).
REGULATORY = re.compile(
    r"\bFDA\b|Food and Drug Administration|\bapprov\w*|\bWADA\b|Anti-Doping|Prohibited List|\bprohibited\b"
    r"|\bbanned\b|\bcategory 2\b|\bcompounding\b|\bin sport\b|\bregulatory (?:approval|status)\b",
    re.I,
)
# A sentence that says a point was not checked states no fact to date.
NOT_CHECKED = re.compile(r"\bnot checked\b|\bdid not check\b|\bnot check\b", re.I)


def as_of() -> str:
    """'as of December 2026', from the reference check's line giving the date its facts were seen."""
    seen = re.search(
        r"were seen in their sources on \*\*\d{1,2} (\w+) (\d{4})\*\*", REFERENCE_CHECK.read_text(encoding="utf-8")
    )
    assert seen, "references-checked.md no longer says when its regulatory and sport facts were seen"
    return f"as of {seen.group(1)} {seen.group(2)}"


def states_a_regulatory_fact(text: str) -> bool:
    return any(REGULATORY.search(sentence) and not NOT_CHECKED.search(sentence) for _, sentence in sentences(text))


def dated_units(content: Path) -> Iterator[tuple[str, str]]:
    """(place, text) of every unit that must carry the date when it states a regulatory or sport
    fact: each paragraph of an evidence note, glossary text, factor or mechanism text; each caution
    and "In plain words" summary; each question with its answers."""
    for item in texts_of(content):
        if item.document or item.place.startswith(("references/", "questions/")):
            continue
        if "(caution" in item.place or "(plain words" in item.place or "(summary)" in item.place:
            yield item.place, item.text
            continue
        for number, paragraph in enumerate(re.split(r"\n\s*\n", item.text), start=1):
            yield f"{item.place}, paragraph {number}", paragraph
    for path in sorted((content / "questions").glob("*.md")):
        front, _ = front_matter(path)
        texts = [front["question"]] + [f"{c['text']}. {c['explanation']}" for c in front["choices"]]
        yield f"questions/{path.name}", "\n\n".join(texts)


def has_date(text: str) -> bool:
    return as_of().lower() in " ".join(text.split()).lower()


def undated_problems(content: Path) -> list[str]:
    return [
        f"{place}: «{' '.join(text.split())[:120]}»"
        for place, text in dated_units(content)
        if states_a_regulatory_fact(text) and not has_date(text)
    ]


def test_every_note_and_caution_stating_a_regulatory_or_sport_fact_says_when_it_was_checked():
    date = as_of()
    notes = [
        path for path in sorted((CONTENT / "evidence").glob("*.md")) if states_a_regulatory_fact(front_matter(path)[1])
    ]
    assert len(notes) >= 5, "too few notes state a regulatory fact: the check is broken"
    cautions = [
        caution["text"]
        for path in sorted((CONTENT / "articles").glob("*.md"))
        for caution in front_matter(path)[0].get("cautions", [])
        if states_a_regulatory_fact(caution["text"])
    ]
    assert cautions, "no caution states a regulatory fact: the check is broken"
    assert all(has_date(caution) for caution in cautions)
    problems = undated_problems(CONTENT)
    assert not problems, f"regulatory or sport facts without “{date}”:\n" + "\n".join(problems)


def test_the_date_check_catches_an_undated_fact(content_copy):
    append_to_body(content_copy / "evidence" / "hexarelin-status.md", "**In sport.** Banned at all times by WADA.")
    append_to_body(content_copy / "glossary" / "peptide.md", "We found no approval of hexarelin.")
    append_to_body(content_copy / "glossary" / "ipamorelin.md", "Its approval was not checked.")  # states nothing
    problems = undated_problems(content_copy)
    assert any("evidence/hexarelin-status.md" in problem and "WADA" in problem for problem in problems), problems
    assert any("glossary/peptide.md" in problem for problem in problems), problems
    assert not any("Its approval was not checked" in problem for problem in problems)


def aside_texts(html: str) -> list[str]:
    blocks = re.findall(
        r'<aside class="evidence-note[^"]*".*?</aside>|<div class="caution".*?</div>\s*</div>', html, re.S
    )
    return [" ".join(re.sub(r"<[^>]+>", " ", block).split()) for block in blocks]


def test_readers_see_the_date_beside_every_regulatory_fact(client, real_site):
    date = as_of()
    html = client.get("/learn/academic/").content.decode()
    shown = [text for text in aside_texts(html) if states_a_regulatory_fact(text)]
    assert len(shown) >= 7, "too few notes and cautions with regulatory facts found on the page"
    undated = [text[:120] for text in shown if not has_date(text)]
    assert not undated, f"shown without “{date}”: {undated}"
    sources = client.get("/sources/").content.decode()
    for slug in ("sermorelin-status", "ipamorelin-cjc-1295-status", "hexarelin-status", "tesamorelin-status"):
        note = re.search(rf'<article id="note-{slug}".*?</article>', sources, re.S)
        assert note and has_date(re.sub(r"<[^>]+>", " ", note.group(0))), slug
    for slug in ("cjc-1295", "ipamorelin", "hexarelin", "sermorelin", "tesamorelin", "mechano-growth-factor"):
        page = client.get(f"/glossary/{slug}/").content.decode()
        assert has_date(re.sub(r"<[^>]+>", " ", page)), slug


# --- A factor's direction is the document's; a standing only where a note checked it ---------------


def factor_checks() -> dict[str, set[str]]:
    """Each published factor's slug → the standings of the evidence notes that check its claim."""
    from igfapp.models import LifestyleFactor

    return {
        factor.slug: {note.standing for note in factor.evidence_notes.all()}
        for factor in LifestyleFactor.objects.published().prefetch_related("evidence_notes")
    }


def table_rows(html: str) -> dict[str, tuple[str, str]]:
    """slug → (the direction cell, the whole row with its details) of a rendered factor table."""
    rows = {}
    for match in re.finditer(r'<tbody id="factor-([a-z0-9-]+)".*?</tbody>', html, re.S):
        cell = re.search(r'<td class="factor__cell factor__direction"[^>]*>(.*?)</td>', match.group(0), re.S)
        assert cell, f"no direction cell in the row of {match.group(1)}"
        rows[match.group(1)] = (cell.group(1), match.group(0))
    return rows


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def assert_factor_table_follows_the_rule(html: str, checks: dict[str, set[str]], effects: dict[str, str]) -> None:
    rows = table_rows(html)
    assert set(rows) == set(checks)
    for slug, standings in checks.items():
        cell, row = rows[slug]
        shown = set(re.findall(r'class="standing standing--([a-z-]+)"', cell))
        assert shown == standings, f"{slug}: the row shows standings {shown}, its notes have {standings}"
        if effects[slug] != "unclear":
            assert text_of(cell).startswith("The document:"), f"{slug}: the direction is not shown as the document's"
        if not standings:
            assert "Not checked in an evidence note" in text_of(cell), slug
            assert "standing" not in row and "Evidence" not in text_of(row), f"{slug} reads as checked"


def test_a_factor_no_note_checks_is_never_shown_as_checked(client, real_site):
    from igfapp.models import LifestyleFactor

    checks = factor_checks()
    effects = dict(LifestyleFactor.objects.values_list("slug", "effect"))
    assert checks["caloric-sufficiency"] == {"contested"}, "the calorie row's note is not the contested one"
    assert {slug for slug, standings in checks.items() if not standings} >= {"protein-intake", "chronic-stress"}

    # The table, on its own page and where the Intermediate tier embeds it.
    assert_factor_table_follows_the_rule(client.get("/factors/").content.decode(), checks, effects)
    article = client.get("/learn/intermediate/").content.decode()
    assert_factor_table_follows_the_rule(article[article.index('id="factor-table"') :], checks, effects)
    calories = text_of(table_rows(client.get("/factors/").content.decode())["caloric-sufficiency"][0])
    assert calories.startswith("The document: Supports") and "Evidence: Contested" in calories

    # The axis diagram: its list of factors and each factor's panel.
    home = client.get("/").content.decode()
    for slug, standings in checks.items():
        legend = re.search(rf'data-axis-factor="{slug}".*?<span class="axis-factor__effect">(.*?)</span>', home, re.S)
        panel = re.search(rf'<div class="axis-overlay__panel" id="axis-factor-{slug}".*?</div>', home, re.S)
        assert legend and panel, slug
        legend_text, panel_text = text_of(legend.group(1)), text_of(panel.group(0))
        if effects[slug] != "unclear":
            assert legend_text.startswith("document:") and "the document says it" in panel_text, slug
        if standings:
            labels = {EvidenceNote.Standing(s).label.lower() for s in standings}
            assert all(label in legend_text and label in panel_text for label in labels), slug
        else:
            assert legend_text.endswith("not checked") and "evidence" not in legend_text, slug
            assert "not checked in an evidence note" in panel_text and "evidence note:" not in panel_text, slug

    # The downloads.
    data = json.loads(client.get("/factors/download.json").content.decode())
    assert {f["slug"]: {e["standing"] for e in f["evidence"]} for f in data["factors"]} == checks
    assert all(f["direction"].startswith(("the document says it", "no direction")) for f in data["factors"])
    rows = {
        row["slug"]: row
        for row in csv.DictReader(io.StringIO(client.get("/factors/download.csv").content.decode()[1:]))
    }
    for slug, standings in checks.items():
        assert (rows[slug]["evidence"] == "Not checked in an evidence note") == (not standings), slug


def test_the_factor_rule_follows_the_notes(client, real_site):
    """Take the calorie row's note away: the row, the diagram and the downloads say 'not checked'."""
    from igfapp.after_change import after_everything_changed
    from igfapp.models import LifestyleFactor

    EvidenceNote.objects.get(slug="caloric-restriction-depresses-igf-1").factors.clear()
    after_everything_changed()
    checks = factor_checks()
    assert checks["caloric-sufficiency"] == set()
    effects = dict(LifestyleFactor.objects.values_list("slug", "effect"))
    assert_factor_table_follows_the_rule(client.get("/factors/").content.decode(), checks, effects)
    home = client.get("/").content.decode()
    assert 'Caloric Sufficiency</span> <span class="axis-factor__effect">document: supports · not checked' in home
    data = json.loads(client.get("/factors/download.json").content.decode())
    assert next(f for f in data["factors"] if f["slug"] == "caloric-sufficiency")["evidence"] == []


def test_the_factor_rule_catches_a_badge_on_an_unchecked_row():
    checks = {"protein-intake": set()}
    badge = '<a class="standing standing--supported" href="#">Evidence: Supported</a>'
    html = (
        '<tbody id="factor-protein-intake"><tr><td class="factor__cell factor__direction" data-label="x">'
        f'The document: <span class="effect effect--raises">Raises</span> {badge}</td></tr></tbody>'
    )
    with pytest.raises(AssertionError, match="protein-intake: the row shows standings"):
        assert_factor_table_follows_the_rule(html, checks, {"protein-intake": "raises"})
    plain = html.replace(badge, "Not checked in an evidence note").replace("The document: ", "")
    with pytest.raises(AssertionError, match="not shown as the document's"):
        assert_factor_table_follows_the_rule(plain, checks, {"protein-intake": "raises"})
