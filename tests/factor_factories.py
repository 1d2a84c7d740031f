"""Small factories for the lifestyle-factor table's tests: factors with mechanisms, glossary terms,
passages, references and evidence notes, without going through content files."""

from __future__ import annotations

from itertools import count

from igfapp.models import (
    Article,
    EvidenceNote,
    FactorMechanism,
    GlossaryTerm,
    LifestyleFactor,
    Mechanism,
    Reference,
    Section,
)

_serial = count(1)


def make_reference(key: str | None = None, **values) -> Reference:
    n = next(_serial)
    defaults = {
        "origin": Reference.Origin.EDITORS,
        "authors": [f"Author{n}, A."],
        "year": 2000 + n % 25,
        "title": f"Paper {n}",
        "journal": "Journal of Tests",
    }
    return Reference.objects.create(key=key or f"ref-{n}", **{**defaults, **values})


def make_term(slug: str | None = None, **values) -> GlossaryTerm:
    n = next(_serial)
    slug = slug or f"term-{n}"
    defaults = {"term": slug.replace("-", " ").title(), "plain_definition": f"Definition {n}."}
    return GlossaryTerm.objects.create(slug=slug, **{**defaults, **values})


def make_mechanism(slug: str | None = None, *, terms=(), references=(), **values) -> Mechanism:
    n = next(_serial)
    slug = slug or f"mechanism-{n}"
    defaults = {
        "name": f"Mechanism {n}",
        "location": Mechanism.Location.LIVER,
        "explanation_md": f"Explanation {n}.",
        "explanation_html": f"<p>Explanation {n}.</p>",
    }
    mechanism = Mechanism.objects.create(slug=slug, **{**defaults, **values})
    mechanism.glossary_terms.set(terms)
    mechanism.references.set(references)
    return mechanism


def make_article(slug: str = "middle", order: int = 2, **values) -> Article:
    defaults = {"title": slug.title(), "summary": f"About {slug}."}
    return Article.objects.create(slug=slug, order=order, **{**defaults, **values})


def make_section(article: Article, anchor: str, *, order: int = 1, **values) -> Section:
    defaults = {"heading": anchor.replace("-", " ").title(), "topic": "nutrition", "body_md": "Text."}
    return Section.objects.create(article=article, anchor=anchor, order=order, **{**defaults, **values})


def make_factor(
    slug: str | None = None, *, mechanisms=(), notes=None, passages=(), references=(), **values
) -> LifestyleFactor:
    n = next(_serial)
    slug = slug or f"factor-{n}"
    defaults = {
        "name": slug.replace("-", " ").title(),
        "order": n,
        "effect": LifestyleFactor.Effect.RAISES,
        "in_document_table": True,
        "table_mechanism": f"Mechanism text {n}",
        "observed_effect": f"Observed effect {n}",
        "summary": f"Summary {n}.",
        "detail_html": f"<p>Detail {n}.</p>",
    }
    factor = LifestyleFactor.objects.create(slug=slug, **{**defaults, **values})
    notes = notes or {}
    FactorMechanism.objects.bulk_create(
        FactorMechanism(factor=factor, mechanism=m, order=i, note=notes.get(m.slug, f"Note on {m.name}."))
        for i, m in enumerate(mechanisms)
    )
    factor.passages.set(passages)
    factor.references.set(references)
    return factor


def make_evidence_note(*, factors=(), **values) -> EvidenceNote:
    n = next(_serial)
    defaults = {
        "claim": f"Claim {n}",
        "standing": EvidenceNote.Standing.SUPPORTED,
        "explanation_md": f"Evidence {n}.",
        "explanation_html": f"<p>Evidence {n}.</p>",
    }
    note = EvidenceNote.objects.create(slug=values.pop("slug", f"note-{n}"), **{**defaults, **values})
    note.factors.set(factors)
    return note


def make_rich_factors(count_: int) -> list[LifestyleFactor]:
    """`count_` factors, each with two mechanisms (terms, references), a passage, its own
    references and an evidence note: every relation an expanded row reads."""
    article = Article.objects.filter(slug="middle").first() or make_article()
    factors = []
    for i in range(count_):
        section = make_section(article, f"passage-{next(_serial)}", order=i + 1)
        mechanisms = [
            make_mechanism(terms=[make_term()], references=[make_reference()], location=location)
            for location in (Mechanism.Location.LIVER, Mechanism.Location.PITUITARY)
        ]
        factor = make_factor(mechanisms=mechanisms, passages=[section], references=[make_reference(), make_reference()])
        make_evidence_note(factors=[factor])
        factors.append(factor)
    return factors


# The document's five rows (its words) and three editorial rows, as in content/factors/, with
# mechanisms at the axis locations the content gives them; a draft row readers must not see.
TABLE_ROWS = [
    # slug, name, effect, in document table, table mechanism, observed effect, mechanism slugs
    (
        "protein-intake",
        "Protein Intake",
        "raises",
        True,
        "Provides amino acid precursors for hepatic synthesis",
        "Increased production with adequate intake",
        ["hepatic-amino-acid-supply", "igfbp-regulation"],
    ),
    (
        "resistance-training",
        "Resistance Training",
        "raises",
        True,
        "Stimulates local MGF and systemic GH release",
        "Elevated local and systemic levels",
        ["muscle-mgf-production", "exercise-gh-release"],
    ),
    (
        "deep-sleep",
        "Deep Sleep",
        "supports",
        True,
        "Synchronizes with peak pulsatile GH secretion",
        "Optimized GH release, supporting IGF-1",
        ["sleep-gh-pulses"],
    ),
    (
        "chronic-stress",
        "Chronic Stress",
        "suppresses",
        True,
        "Elevates cortisol, inhibiting GH and reducing tissue sensitivity",
        "Suppressed production and diminished action",
        ["cortisol-gh-inhibition", "cortisol-igf1-sensitivity"],
    ),
    (
        "caloric-sufficiency",
        "Caloric Sufficiency",
        "supports",
        True,
        "Ensures adequate energy for anabolic processes",
        "Supports optimal synthesis; restriction suppresses",
        ["hepatic-energy-availability", "igfbp-regulation"],
    ),
    (
        "carbohydrate-and-insulin",
        "Carbohydrate and Insulin",
        "mixed",
        False,
        "Insulin stimulated by carbohydrate can synergize with GH to influence IGF-1",
        "Indirect: insulin can support IGF-1 signaling",
        ["insulin-gh-synergy", "igfbp-regulation"],
    ),
    (
        "cardiovascular-exercise",
        "Cardiovascular Exercise",
        "supports",
        False,
        "Contributes to overall metabolic health",
        "Indirectly supports a favorable environment for IGF-1 function",
        ["cardio-metabolic-support"],
    ),
    (
        "sex-hormones",
        "Sex Hormones",
        "supports",
        False,
        "Estrogens can modulate GH secretion and hepatic IGF-1 production",
        "Androgens often correlate positively with IGF-1 levels",
        ["sex-hormone-gh-secretion"],
    ),
]
MECHANISMS = {
    "hepatic-amino-acid-supply": ("Amino-acid supply for hepatic IGF-1 synthesis", "liver"),
    "igfbp-regulation": ("Binding-protein (IGFBP) regulation of free IGF-1", "circulation"),
    "muscle-mgf-production": ("Local MGF production in loaded muscle", "tissue"),
    "exercise-gh-release": ("Exercise-induced systemic GH release", "pituitary"),
    "sleep-gh-pulses": ("Sleep-linked pulsatile GH secretion", "pituitary"),
    "cortisol-gh-inhibition": ("Cortisol inhibition of GH secretion", "pituitary"),
    "cortisol-igf1-sensitivity": ("Reduced tissue sensitivity to IGF-1 under cortisol", "tissue"),
    "hepatic-energy-availability": ("Energy availability for hepatic IGF-1 synthesis", "liver"),
    "insulin-gh-synergy": ("Insulin–GH synergy on hepatic IGF-1", "liver"),
    "cardio-metabolic-support": ("General metabolic-health support from cardiovascular exercise", "tissue"),
    "sex-hormone-gh-secretion": ("Sex-hormone modulation of GH secretion", "pituitary"),
}


# The published rows' slugs in the document's order (the editors' three additions last).
DOCUMENT_ORDER = [row[0] for row in TABLE_ROWS]


def make_table_fixture() -> dict[str, LifestyleFactor]:
    """The eight published rows (order 1–8) and one draft; returns them by slug."""
    mechanisms = {
        slug: make_mechanism(slug, name=name, location=location) for slug, (name, location) in MECHANISMS.items()
    }
    factors = {}
    for order, (slug, name, effect, in_table, mechanism_text, observed, links) in enumerate(TABLE_ROWS, start=1):
        factors[slug] = make_factor(
            slug,
            name=name,
            order=order,
            effect=effect,
            in_document_table=in_table,
            table_mechanism=mechanism_text,
            observed_effect=observed,
            summary=f"About {name.lower()}.",
            mechanisms=[mechanisms[m] for m in links],
        )
    factors["secret-draft"] = make_factor(
        "secret-draft",
        name="Secret Draft",
        order=9,
        effect="suppresses",
        status="draft",
        mechanisms=[mechanisms["cortisol-gh-inhibition"]],
    )
    return factors
