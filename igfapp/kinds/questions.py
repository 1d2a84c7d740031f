"""Questions at each depth: content/questions/<slug>.md, read, checked, loaded and written back.

One file per question: YAML front matter (its section as article/anchor, order, kind, the question,
optional glossary terms and evidence note, its choices, and `status: draft` for a draft) and an
empty body. Every text is inline markdown, rendered once at import/save time
(html_fields.render_question), glossary terms linked like the rest of the site; citations in
explanations are author–year links, as in evidence notes.
"""

from __future__ import annotations

from collections import defaultdict

from ..content_files import ContentError, EntryFile, FrontMatter
from ..models import Choice, EvidenceNote, Question, Status
from .entries import Links, Names
from .records import ContentSet, Fields, ImportReport, Kind, Record
from .rows import delete_missing, set_links, upsert

FIELDS = ("section", "order", "kind", "question", "terms", "evidence", "choices", "status")
CHOICE_FIELDS = ("text", "correct", "explanation")
TRUE_FALSE = ["True", "False"]
# Standings a question must never reward: a question tied to such a note names it (editorial checks).
DOUBTFUL_STANDINGS = ("contested", "unsupported", "promotional")


# --- Reading -------------------------------------------------------------------------------------


def read(entry: EntryFile, errors: list) -> Record:
    f = Fields(entry, errors)
    f.check_known_keys(set(FIELDS))
    values = {
        "order": f.integer("order", required=True),
        "kind": f.choice("kind", Question.Kind, default=Question.Kind.MULTIPLE_CHOICE),
        "text_md": f.text("question", required=True),
        # Absent: published. A draft question is loaded but readers never see it.
        "status": f.choice("status", Status, default=Status.PUBLISHED),
        "choices": _read_choices(entry, values_kind=entry.front.get("kind"), errors=errors),
    }
    if entry.body.strip():
        errors.append(
            ContentError(entry.path, entry.body_line, "a question file has no body: everything is in its front matter")
        )
    section = f.text("section", required=True)
    evidence = f.text("evidence")
    links = {
        "section": [(section, entry.line_of("section"))] if section else [],
        "terms": f.slugs("terms"),
        "evidence": [(evidence, entry.line_of("evidence"))] if evidence else [],
    }
    return Record(entry, values, links)


def _read_choices(entry: EntryFile, *, values_kind, errors: list) -> list[tuple[str, bool, str]]:
    """(text, correct, explanation) per choice; every problem reported at its line."""
    raw = entry.front.get("choices")
    line = entry.line_of("choices")
    if not isinstance(raw, list) or len(raw) < 2:
        errors.append(ContentError(entry.path, line, "a question needs 'choices': a list of at least two"))
        return []
    choices, seen, correct_lines = [], {}, []
    for i, item in enumerate(raw):
        item_line = entry.line_of("choices", i)
        if not isinstance(item, dict):
            errors.append(ContentError(entry.path, item_line, "each choice needs 'text' and 'explanation'"))
            continue
        if unknown := set(item) - set(CHOICE_FIELDS):
            errors.append(ContentError(entry.path, item_line, f"unknown choice field(s): {', '.join(sorted(unknown))}"))
        text = item.get("text")
        if isinstance(text, bool):  # `text: True` unquoted in a true-false question
            text = "True" if text else "False"
        explanation = item.get("explanation")
        correct = item.get("correct", False)
        if not isinstance(text, str) or not text.strip():
            errors.append(ContentError(entry.path, item_line, "each choice needs 'text'"))
            continue
        if not isinstance(explanation, str) or not explanation.strip():
            errors.append(
                ContentError(entry.path, item_line, "each choice needs an 'explanation': why it is right or wrong")
            )
        if not isinstance(correct, bool):
            errors.append(
                ContentError(entry.path, entry.line_of("choices", i, "correct"), "'correct' must be true or false")
            )
            correct = False
        if text in seen:
            errors.append(
                ContentError(entry.path, item_line, f"duplicate choice '{text}' (first on line {seen[text]})")
            )
        seen.setdefault(text, item_line)
        if correct:
            correct_lines.append(entry.line_of("choices", i, "correct"))
        choices.append((text, correct, explanation if isinstance(explanation, str) else ""))
    if not correct_lines:
        errors.append(ContentError(entry.path, line, "no choice is marked 'correct: true' (exactly one must be)"))
    for extra in correct_lines[1:]:
        errors.append(
            ContentError(entry.path, extra, f"more than one correct choice (the first is on line {correct_lines[0]})")
        )
    if values_kind == Question.Kind.TRUE_FALSE and [text for text, _, _ in choices] != TRUE_FALSE:
        errors.append(
            ContentError(
                entry.path, line, 'a true-false question has exactly the choices "True" and "False", in that order'
            )
        )
    return choices


def bodies(record: Record) -> list[tuple[str, int]]:
    """Every markdown text of a question with its file line (the importer's citation and sanitising checks)."""
    entry = record.entry
    texts = [(record.values["text_md"], entry.line_of("question"))]
    for i, (text, _, explanation) in enumerate(record.values["choices"]):
        texts.append((text, entry.line_of("choices", i, "text")))
        texts.append((explanation, entry.line_of("choices", i, "explanation")))
    return texts


# --- Loading (one part of import_content's transaction) -----------------------------------------


def apply(content: ContentSet, loaded: dict, report: ImportReport) -> dict[str, Question]:
    sections, glossary, notes = loaded["articles"], loaded["glossary"], loaded["evidence"]
    questions = {}
    for slug, record in content["questions"].items():
        values = {name: value for name, value in record.values.items() if name != "choices"}
        values["section"] = sections[record.links["section"][0][0]]
        evidence = record.links["evidence"]
        values["evidence"] = notes[evidence[0][0]] if evidence else None
        question, changed = upsert(Question, {"slug": slug}, values, report, "questions")
        questions[slug] = question
        wanted = [(order, *choice) for order, choice in enumerate(record.values["choices"], start=1)]
        current = [(c.order, c.text_md, c.correct, c.explanation_md) for c in question.choices.order_by("order", "pk")]
        if current != wanted:
            question.choices.all().delete()
            Choice.objects.bulk_create(
                Choice(question=question, order=order, text_md=text, correct=correct, explanation_md=explanation)
                for order, text, correct, explanation in wanted
            )
            changed = True
        terms = set_links(question.terms, [glossary[s] for s, _ in record.links["terms"]])
        report.touch("questions", slug, changed or terms)
    delete_missing(Question, "slug", set(content["questions"]), report, "questions")
    return questions


# --- Writing (export_content) ----------------------------------------------------------------------


def entries(names: Names) -> dict:
    """Every question as (values, links) in the shape `read` produces (four queries)."""
    choices: dict[int, list[tuple[str, bool, str]]] = defaultdict(list)
    for question_id, text, correct, explanation in Choice.objects.order_by("question_id", "order", "pk").values_list(
        "question_id", "text_md", "correct", "explanation_md"
    ):
        choices[question_id].append((text, correct, explanation))
    terms = names.linked(Question, "terms", names.glossary)
    notes = dict(EvidenceNote.objects.values_list("pk", "slug"))
    entries = {}
    for question in Question.objects.order_by("slug"):
        values = {
            "order": question.order,
            "kind": question.kind,
            "text_md": question.text_md,
            "status": question.status,
        }
        links = {
            "section": [names.sections[question.section_id]],
            "terms": terms(question),
            "evidence": [notes[question.evidence_id]] if question.evidence_id else [],
        }
        entries[question.slug] = ({**values, "choices": choices[question.pk]}, links)
    return entries


def write(values: dict, links: Links) -> str:
    rows = []
    for text, correct, explanation in values["choices"]:
        row = {"text": text}
        if correct:
            row["correct"] = True
        rows.append(row | {"explanation": explanation})
    front = (
        FrontMatter()
        .value("section", links["section"][0])
        .value("order", values["order"])
        .value("kind", values["kind"])
        .value("question", values["text_md"], quote=True)
        .optional_items("terms", links["terms"])
        .optional("evidence", links["evidence"][0] if links["evidence"] else "")
    )
    if values["status"] != Status.PUBLISHED:  # absent = published, so published files stay as they are
        front.value("status", values["status"])
    front.mappings("choices", rows, quoted=frozenset({"text", "explanation"}))
    return front.document("")


KIND = Kind(
    name="questions",
    model=Question,
    name_field="slug",
    read=read,
    apply=apply,
    entries=entries,
    write=write,
    bodies=bodies,
    parts=(Choice,),
)
