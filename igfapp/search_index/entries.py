"""What each kind of content puts in the search index, and keeping the index up to date.

Called from after_change.py only (import, admin save, publish, revert, recovery, deletion): the
rows are written in the change's own transaction, and the database's full-text index follows them
(an FTS5 table kept by triggers on SQLite, a generated tsvector column on PostgreSQL). Readers'
searches only read.

Indexed: article sections (heading, text), their "In plain words" summaries, glossary terms (name,
aliases, both definitions), lifestyle factors (name, summary, table columns), evidence notes (claim,
explanation), questions (their text) and references (title, as printed, authors, journal). Drafts
are indexed with `published` off: editors find them, readers never do.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import transaction
from django.urls import NoReverseMatch, reverse

from ..models import (
    Article,
    EvidenceNote,
    GlossaryTerm,
    LifestyleFactor,
    Question,
    Reference,
    SearchEntry,
    Section,
    Status,
)
from ..rendering import plain_text
from .words import clean_text, exact_names, parts_of, tsvector_literal

# Among equal ranks: glossary first (a definition answers "what is X?"), then factors, then text.
KIND_ORDER = {"term": 0, "factor": 1, "section": 2, "summary": 3, "question": 4, "note": 5, "reference": 6}
BATCH = 500


def _entry(kind, obj, *, title, body="", aliases=(), sentence=False, **shown):
    """An entry; a `sentence` title (a question, a claim) is matched as text, not as a heading."""
    title, body = clean_text(title), clean_text(body)
    heading = "" if sentence else title
    if sentence:
        body = f"{title} {body}".strip()
    aliases = [clean_text(alias) for alias in aliases]
    names = " ".join([*aliases, parts_of(" ".join([heading, *aliases]))])
    return SearchEntry(
        kind=kind,
        object_id=obj.pk,
        title=title,
        heading=heading,
        names=names,
        body=body,
        body_parts=parts_of(body),
        exact=exact_names([heading, *aliases]),
        aliases=aliases,
        lexemes=tsvector_literal([(heading, "A"), (" ".join(aliases), "A"), (body, "B")]),
        url=shown.get("url", ""),
        context=shown.get("context", ""),
        published=shown.get("published", True),
        state="" if shown.get("published", True) else "draft",
        kind_order=KIND_ORDER[kind],
        order_a=shown.get("order", (0, 0))[0],
        order_b=shown.get("order", (0, 0))[1],
    )


def _url(name: str, fragment: str) -> str:
    try:
        return f"{reverse(name)}#{fragment}"
    except NoReverseMatch:  # a page not routed (yet)
        return ""


def _section_entries(sections: Iterable[Section]) -> Iterator[SearchEntry]:
    for section in sections:
        article = section.article
        common = {
            "url": section.get_absolute_url(),
            "context": article.title,
            "published": article.status == Status.PUBLISHED,
            "order": (article.order, section.order),
        }
        yield _entry("section", section, title=section.heading, body=section.body_text, **common)
        if section.plain_words_html:
            summary = plain_text(section.plain_words_html)
            yield _entry("summary", section, title=section.heading, body=summary, **common)


def _term_entries(terms: Iterable[GlossaryTerm]) -> Iterator[SearchEntry]:
    for term in terms:
        yield _entry(
            "term",
            term,
            title=term.term,
            aliases=term.aliases,
            body=" ".join(filter(None, [term.plain_definition, term.technical_definition])),
            url=term.get_absolute_url(),
            published=term.status == Status.PUBLISHED,
        )


def _factor_entries(factors: Iterable[LifestyleFactor]) -> Iterator[SearchEntry]:
    for factor in factors:
        yield _entry(
            "factor",
            factor,
            title=factor.name,
            body=" ".join(filter(None, [factor.summary, factor.table_mechanism, factor.observed_effect])),
            url=_url("factors", f"factor-{factor.slug}"),
            published=factor.status == Status.PUBLISHED,
            order=(factor.order, 0),
        )


def _note_entries(notes: Iterable[EvidenceNote]) -> Iterator[SearchEntry]:
    for note in notes:
        yield _entry(
            "note",
            note,
            title=note.claim,
            sentence=True,
            body=plain_text(note.explanation_html),
            url=_url("sources", f"note-{note.slug}"),
            context=note.get_standing_display(),
        )


def _question_entries(questions: Iterable[Question]) -> Iterator[SearchEntry]:
    for question in questions:
        section = question.section
        article = section.article
        yield _entry(
            "question",
            question,
            title=plain_text(question.text_html),
            sentence=True,
            url=question.get_absolute_url(),
            context=f"{article.title} · {section.heading}",
            published=question.status == Status.PUBLISHED and article.status == Status.PUBLISHED,
            order=(article.order, section.order * 1000 + question.order),
        )


def _reference_entries(references: Iterable[Reference]) -> Iterator[SearchEntry]:
    for reference in references:
        authors = reference.authors if isinstance(reference.authors, list) else []
        people = " ".join(str(author) for author in authors)
        yield _entry(
            "reference",
            reference,
            title=reference.title or reference.printed or reference.key,
            body=" ".join(filter(None, [reference.printed, people, reference.journal])),
            url=_url("references", f"ref-{reference.key}"),
        )


# kind -> (the rows it indexes, how they become entries)
SOURCES = {  # in KIND_ORDER: a rebuild's ids break SQLite's last ties as the kinds rank
    "term": (lambda: GlossaryTerm.objects.order_by("term"), _term_entries),
    "factor": (lambda: LifestyleFactor.objects.order_by("order"), _factor_entries),
    "section": (
        lambda: Section.objects.select_related("article").order_by("article__order", "order"),
        _section_entries,
    ),
    "question": (lambda: Question.objects.select_related("section__article"), _question_entries),
    "note": (lambda: EvidenceNote.objects.all(), _note_entries),
    "reference": (lambda: Reference.objects.all(), _reference_entries),
}
# The model whose rows each kind of entry stands for (a summary is its section's).
MODEL_OF = {
    "section": Section,
    "summary": Section,
    "term": GlossaryTerm,
    "factor": LifestyleFactor,
    "note": EvidenceNote,
    "question": Question,
    "reference": Reference,
}


def _write(entries: Iterable[SearchEntry]) -> None:
    SearchEntry.objects.bulk_create(entries, batch_size=BATCH)


@transaction.atomic
def rebuild_index() -> None:
    """Every entry written again (after an import, or by the release step)."""
    SearchEntry.objects.all().delete()
    for rows, entries in SOURCES.values():
        _write(entries(rows().iterator(chunk_size=BATCH)))


def _replace(source_kind: str, objects: list) -> None:
    """The entries of `objects` (all of `source_kind`'s rows) written again."""
    ids = [obj.pk for obj in objects]
    kinds = ["section", "summary"] if source_kind == "section" else [source_kind]
    SearchEntry.objects.filter(kind__in=kinds, object_id__in=ids).delete()
    _write(SOURCES[source_kind][1](objects))


@transaction.atomic
def index_item(obj) -> None:
    """After an edit of `obj`: its entries, and those of the parts its form edits (a tier's
    sections and their questions), written again; entries of parts it no longer has, gone."""
    if isinstance(obj, Article):
        sections = list(Section.objects.filter(article=obj).select_related("article"))
        _replace("section", sections)
        _replace("question", list(Question.objects.filter(section__article=obj).select_related("section__article")))
        drop_orphans(["section", "summary", "question"])
        return
    for kind, (rows, _) in SOURCES.items():
        model = MODEL_OF[kind]
        if isinstance(obj, model):
            _replace(kind, list(rows().filter(pk=obj.pk)))
            if isinstance(obj, Section):
                _replace("question", list(SOURCES["question"][0]().filter(section=obj)))
            return


def drop_orphans(kinds: Iterable[str] | None = None) -> None:
    """Entries whose item is gone (after a deletion: which item is not said)."""
    for kind in kinds or MODEL_OF:
        existing = MODEL_OF[kind].objects.values("pk")
        SearchEntry.objects.filter(kind=kind).exclude(object_id__in=existing).delete()
