"""How a lifestyle factor's direction and evidence are shown: one rule for the factor table, the
axis diagram and the CSV/JSON downloads (issue 23).

A factor's direction (raises, supports, suppresses, mixed) is the document's table in the editors'
words, never an established effect, so it is always shown as the document's. Beside it stands the
standing of each evidence note that checked the factor's claim (the notes listing the factor under
`factors`); a factor that no note checks says so and shows no standing.

The notes come with the factor row, in the same query (`evidence_subquery`: each note's slug,
standing and claim joined into one string), so no page reads more queries for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery, TextField, Value
from django.db.models.aggregates import StringAgg
from django.db.models.functions import Concat

from .models import EvidenceNote, LifestyleFactor

Effect = LifestyleFactor.Effect

# Control characters never found in a slug, a standing or a quoted claim.
NOTE_SEPARATOR = "\x1e"
FIELD_SEPARATOR = "\x1f"

NOT_CHECKED = "Not checked in an evidence note"

# The document's direction, as the end of "the document says it …".
DOCUMENT_SAYS = {
    Effect.RAISES: "raises IGF-1",
    Effect.SUPPORTS: "supports IGF-1",
    Effect.SUPPRESSES: "suppresses IGF-1",
    Effect.MIXED: "has mixed effects on IGF-1",
}
NO_DIRECTION = "no direction given: the document’s claims about it are not checked"


@dataclass(frozen=True)
class EvidenceMark:
    """An evidence note that checked a factor's claim, as the factor shows it."""

    slug: str
    standing: str
    claim: str

    @property
    def label(self) -> str:
        return EvidenceNote.Standing(self.standing).label


def evidence_subquery(factor: str = "pk") -> Subquery:
    """The notes that check the factor at `factor` (an OuterRef path), joined into one string."""
    links = EvidenceNote.factors.through.objects.filter(lifestylefactor=OuterRef(factor)).order_by()
    fields = Concat(
        "evidencenote__slug",
        Value(FIELD_SEPARATOR),
        "evidencenote__standing",
        Value(FIELD_SEPARATOR),
        "evidencenote__claim",
        output_field=TextField(),
    )
    joined = links.values("lifestylefactor").annotate(notes=StringAgg(fields, delimiter=Value(NOTE_SEPARATOR)))
    return Subquery(joined.values("notes"), output_field=TextField())


def evidence_marks(joined: str | None) -> list[EvidenceMark]:
    """The notes of `evidence_subquery`'s string, by slug (an empty list: no note checked it)."""
    marks = [EvidenceMark(*part.split(FIELD_SEPARATOR, 2)) for part in (joined or "").split(NOTE_SEPARATOR) if part]
    return sorted(marks, key=lambda mark: mark.slug)


def direction_phrase(effect: str) -> str:
    """The direction as readers read it: the document's claim (or, for "unclear", none at all)."""
    says = DOCUMENT_SAYS.get(effect)
    return f"the document says it {says}" if says else NO_DIRECTION


def evidence_phrase(marks: list[EvidenceMark]) -> str:
    """What the editors' evidence notes say of the claim, or that none checked it."""
    if not marks:
        return NOT_CHECKED[0].lower() + NOT_CHECKED[1:]
    standings = "; ".join(dict.fromkeys(mark.label.lower() for mark in marks))
    return f"editors’ evidence note{'s' if len(marks) > 1 else ''}: {standings}"


def short_phrase(effect: str, marks: list[EvidenceMark]) -> str:
    """Both, in a few words (the diagram's list of factors): "document: supports · evidence: contested"."""
    direction = f"document: {Effect(effect).label.lower()}" if effect in DOCUMENT_SAYS else "no direction given"
    standings = "; ".join(dict.fromkeys(mark.label.lower() for mark in marks))
    return f"{direction} · {f'evidence: {standings}' if marks else 'not checked'}"
