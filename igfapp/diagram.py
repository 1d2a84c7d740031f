"""What the axis diagram needs: its nodes, and where each published lifestyle factor acts on them.

The SVG drawing (templates/includes/axis_diagram.html) is fixed: it is a picture of the axis. What a
factor highlights is not drawn in: it comes from the mechanism data (`Mechanism.location` and each
mechanism's glossary terms), so an editor who adds a factor or moves a mechanism changes the
diagram without touching the template.

A factor lights up
- every *zone* (hypothalamus, pituitary, liver, circulation, tissue) one of its mechanisms is
  located in, and
- inside such a zone, every node whose glossary vocabulary shares a term with that mechanism
  (e.g. a pituitary mechanism about growth hormone lights the GH node, not GHRH).

Two queries, however many factors, mechanisms or terms there are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.urls import reverse

from .factor_evidence import (
    EvidenceMark,
    direction_phrase,
    evidence_marks,
    evidence_phrase,
    evidence_subquery,
    short_phrase,
)
from .models import FactorMechanism, GlossaryTerm, Mechanism, Status

ZONES = [choice for choice, _ in Mechanism.Location.choices]


@dataclass(frozen=True)
class NodeSpec:
    """One box (or zone title) of the drawing and the glossary terms it stands for."""

    key: str
    zone: str
    slug: str  # the glossary term the node links to and whose pop-up it opens
    also: tuple[str, ...] = ()  # other glossary terms that mean "this node" in mechanism data

    @property
    def vocabulary(self) -> frozenset[str]:
        return frozenset((self.slug, *self.also))


# The drawing's nodes. Keys are used as element ids and data attributes in the template.
NODE_SPECS = [
    NodeSpec("hypothalamus", "hypothalamus", "hypothalamus"),
    NodeSpec("ghrh", "hypothalamus", "ghrh"),
    NodeSpec("somatostatin", "hypothalamus", "somatostatin"),
    NodeSpec("pituitary", "pituitary", "pituitary-gland", ("somatotrophs",)),
    NodeSpec("gh", "pituitary", "growth-hormone", ("pulsatile-secretion",)),
    NodeSpec("liver", "liver", "hepatic"),
    NodeSpec("igf1", "liver", "igf-1", ("igf-1-production", "igf-1-levels")),
    NodeSpec("igfbp3", "liver", "igfbp-3"),
    NodeSpec("igfbps", "circulation", "igf-binding-proteins", ("igfbp-3",)),
    NodeSpec("free_igf1", "circulation", "free-igf-1", ("bioavailability",)),
    NodeSpec("igf1r", "tissue", "igf-1-receptor", ("receptor-sensitivity", "receptor-desensitization")),
    NodeSpec("pi3k", "tissue", "pi3k-akt-mtor", ("muscle-protein-synthesis",)),
    NodeSpec("mapk", "tissue", "mapk"),
    NodeSpec("mgf", "tissue", "mechano-growth-factor"),
    NodeSpec("feedback", "", "negative-feedback"),
]


@dataclass
class DiagramNode:
    key: str
    zone: str
    slug: str
    href: str  # "" when the term is not published: the node is then drawn without a link
    term: str
    active: bool = False


@dataclass
class MechanismStep:
    zone: str
    zone_label: str
    name: str
    note: str  # how this factor uses the mechanism (ours)


@dataclass
class FactorOverlay:
    """A lifestyle factor as the diagram's legend offers it."""

    slug: str
    name: str
    effect: str
    effect_label: str
    summary: str
    # The notes that checked the factor's claim: the direction is the document's, a standing only
    # where a note checked it (factor_evidence.py, the same rule as the table and the downloads).
    evidence: list[EvidenceMark] = field(default_factory=list)
    steps: list[MechanismStep] = field(default_factory=list)
    zones: set[str] = field(default_factory=set)
    node_keys: set[str] = field(default_factory=set)

    @property
    def direction(self) -> str:
        return direction_phrase(self.effect)

    @property
    def evidence_summary(self) -> str:
        return evidence_phrase(self.evidence)

    @property
    def legend(self) -> str:
        return short_phrase(self.effect, self.evidence)

    @property
    def highlight(self) -> str:
        """Space-separated keys of the lit zones ("zone-liver") and nodes, for the legend link."""
        return " ".join(sorted({f"zone-{zone}" for zone in self.zones} | self.node_keys))


@dataclass
class AxisDiagram:
    nodes: dict[str, DiagramNode]
    factors: list[FactorOverlay]
    selected: FactorOverlay | None
    active_zones: set[str] = field(default_factory=set)


def _nodes_and_mechanism_terms() -> tuple[dict[str, DiagramNode], dict[int, set[str]]]:
    """The drawing's nodes with their links, and each mechanism's glossary slugs (one query)."""
    vocabulary = set().union(*(spec.vocabulary for spec in NODE_SPECS))
    terms: dict[str, str] = {}
    mechanism_terms: dict[int, set[str]] = defaultdict(set)
    rows = (
        GlossaryTerm.objects.filter(status=Status.PUBLISHED, slug__in=vocabulary)
        .values_list("slug", "term", "mechanisms__id")
        .order_by()
    )
    for slug, term, mechanism_id in rows:
        terms[slug] = term
        if mechanism_id is not None:
            mechanism_terms[mechanism_id].add(slug)
    nodes = {}
    for spec in NODE_SPECS:
        published = spec.slug in terms
        nodes[spec.key] = DiagramNode(
            key=spec.key,
            zone=spec.zone,
            slug=spec.slug,
            href=reverse("glossary-term", kwargs={"slug": spec.slug}) if published else "",
            term=terms.get(spec.slug, ""),
        )
    return nodes, mechanism_terms


def _lit_nodes(zone: str, mechanism_slugs: set[str]) -> set[str]:
    return {spec.key for spec in NODE_SPECS if spec.zone == zone and spec.vocabulary & mechanism_slugs}


def _factor_overlays(mechanism_terms: dict[int, set[str]]) -> list[FactorOverlay]:
    """Published factors in table order, each with the zones and nodes it acts on (one query)."""
    links = (
        FactorMechanism.objects.filter(factor__status=Status.PUBLISHED)
        .select_related("factor", "mechanism")
        # Only what the overlay shows: a factor row also holds its stored table details (KBs of HTML).
        .only(
            "note",
            "order",
            "factor__slug",
            "factor__name",
            "factor__effect",
            "factor__summary",
            "factor__order",
            "mechanism__name",
            "mechanism__location",
        )
        .annotate(factor_evidence=evidence_subquery("factor"))
        .order_by("factor__order", "factor__name", "order")
    )
    zone_labels = dict(Mechanism.Location.choices)
    overlays: dict[int, FactorOverlay] = {}
    for link in links:
        factor, mechanism = link.factor, link.mechanism
        overlay = overlays.get(factor.pk)
        if overlay is None:
            overlay = overlays[factor.pk] = FactorOverlay(
                slug=factor.slug,
                name=factor.name,
                effect=factor.effect,
                effect_label=factor.get_effect_display(),
                summary=factor.summary,
                evidence=evidence_marks(link.factor_evidence),
            )
        zone = mechanism.location
        overlay.zones.add(zone)
        overlay.node_keys |= _lit_nodes(zone, mechanism_terms.get(mechanism.pk, set()))
        overlay.steps.append(MechanismStep(zone, zone_labels.get(zone, zone), mechanism.name, link.note))
    return list(overlays.values())


def axis_diagram(*, factor: str | None = None) -> AxisDiagram:
    """Everything the diagram template needs; `factor` (a slug from `?factor=`) is highlighted.

    An unknown or unpublished factor slug is ignored: the diagram is drawn without a highlight.
    """
    nodes, mechanism_terms = _nodes_and_mechanism_terms()
    factors = _factor_overlays(mechanism_terms)
    selected = next((overlay for overlay in factors if overlay.slug == factor), None) if factor else None
    if selected is not None:
        for key in selected.node_keys:
            nodes[key].active = True
    return AxisDiagram(
        nodes=nodes,
        factors=factors,
        selected=selected,
        active_zones=set(selected.zones) if selected else set(),
    )
