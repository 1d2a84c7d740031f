"""Synthetic content growth for bench/bench_growth.py: every kind of content × N, valid and linked.

`grow(times)` copies what is in the database (imported from content/) `times - 1` more times
through the ORM: glossary terms, mechanisms (with their terms and references), lifestyle factors
(with mechanism links, references, passages and evidence notes) and every tier's sections (new
anchors, same topics, so the depth switch and the diagram rules still apply), then renders the
stored HTML once, as an import does (`after_change.after_everything_changed`). The copies are new rows with new slugs:
pages list N times as many items, and queries per page must not change.
"""

from __future__ import annotations

from igfapp.after_change import after_everything_changed
from igfapp.models import (
    Article,
    FactorMechanism,
    GlossaryTerm,
    LifestyleFactor,
    Mechanism,
    Section,
)
from igfapp.rendering import embed_marker

TABLE_MARKER = "{{ factor-table }}"  # the Intermediate tier's embed: the table is shown once


def _copy(obj, **changes):
    """A new row like `obj` (its many-to-many links are copied by the caller)."""
    obj.pk = obj.id = None
    obj._state.adding = True
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.save()
    return obj


def _grow_glossary(copy: int, originals: list[int]) -> None:
    for term in list(GlossaryTerm.objects.filter(pk__in=originals).order_by("pk")):
        _copy(term, term=f"{term.term} variant {copy}", slug=f"{term.slug}-v{copy}", aliases=[])


def _grow_sections(copy: int, originals: list[int]) -> dict[int, Section]:
    copies = {}
    for article in Article.objects.all():
        for section in list(article.sections.filter(pk__in=originals).order_by("order")):
            original = section.pk
            copies[original] = _copy(
                section,
                order=section.order + 100 * copy,
                heading=f"{section.heading} ({copy})",
                anchor=f"{section.anchor}-{copy}",
                body_md=section.body_md.replace(TABLE_MARKER, ""),
                body_html=section.body_html.replace(embed_marker("factor-table"), ""),
            )
    return copies


def _grow_mechanisms(copy: int, originals: list[int]) -> dict[int, Mechanism]:
    copies = {}
    mechanisms = Mechanism.objects.filter(pk__in=originals).prefetch_related("glossary_terms", "references")
    for mechanism in list(mechanisms.order_by("pk")):
        terms, references, original = (
            list(mechanism.glossary_terms.all()),
            list(mechanism.references.all()),
            mechanism.pk,
        )
        new = _copy(mechanism, slug=f"{mechanism.slug}-v{copy}", name=f"{mechanism.name} ({copy})")
        new.glossary_terms.set(terms)
        new.references.set(references)
        copies[original] = new
    return copies


def _grow_factors(copy: int, originals: list[int], mechanisms: dict, sections: dict) -> None:
    factors = LifestyleFactor.objects.filter(pk__in=originals).prefetch_related(
        "mechanism_links", "references", "passages", "evidence_notes"
    )
    for factor in list(factors.order_by("pk")):
        links, references = list(factor.mechanism_links.all()), list(factor.references.all())
        passages, notes = list(factor.passages.all()), list(factor.evidence_notes.all())
        new = _copy(
            factor, slug=f"{factor.slug}-v{copy}", name=f"{factor.name} ({copy})", order=factor.order + 100 * copy
        )
        for link in links:
            FactorMechanism.objects.create(
                factor=new, mechanism=mechanisms[link.mechanism_id], order=link.order, note=link.note
            )
        new.references.set(references)
        new.passages.set([sections.get(section.pk, section) for section in passages])
        for note in notes:
            note_sections = [sections.get(s.pk, s) for s in note.sections.all()]
            note_references = list(note.references.all())
            new_note = _copy(note, slug=f"{note.slug}-{factor.slug}-v{copy}")
            new_note.factors.set([new])
            new_note.sections.set(note_sections)
            new_note.references.set(note_references)


def grow(times: int) -> None:
    """Make every kind of content `times` as large (copies of the rows there now), then render it."""
    originals = {
        model: list(model.objects.values_list("pk", flat=True))
        for model in (GlossaryTerm, Section, Mechanism, LifestyleFactor)
    }
    for copy in range(2, times + 1):
        _grow_glossary(copy, originals[GlossaryTerm])
        sections = _grow_sections(copy, originals[Section])
        mechanisms = _grow_mechanisms(copy, originals[Mechanism])
        _grow_factors(copy, originals[LifestyleFactor], mechanisms, sections)
    after_everything_changed()
