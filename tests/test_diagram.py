"""The axis diagram's data: what each factor lights up comes from the mechanism data, in two queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from igfapp.diagram import NODE_SPECS, axis_diagram
from igfapp.models import FactorMechanism, GlossaryTerm, LifestyleFactor, Mechanism, Status


def overlay(diagram, slug):
    return next(f for f in diagram.factors if f.slug == slug)


def test_chronic_stress_acts_on_the_pituitary_and_the_tissues(real_site):
    diagram = axis_diagram(factor="chronic-stress")
    assert diagram.selected.slug == "chronic-stress"
    assert diagram.active_zones == {"pituitary", "tissue"}
    lit = {key for key, node in diagram.nodes.items() if node.active}
    assert {"gh", "igf1r"} <= lit
    assert not lit & {"ghrh", "somatostatin", "igf1", "mgf"}
    assert [step.zone for step in diagram.selected.steps] == ["pituitary", "tissue"]


@pytest.mark.parametrize(
    ("factor", "zone", "node"),
    [
        ("deep-sleep", "pituitary", "gh"),
        ("protein-intake", "liver", "igf1"),
        ("resistance-training", "tissue", "mgf"),
        ("resistance-training", "pituitary", "gh"),
    ],
)
def test_factors_light_what_the_issue_describes(real_site, factor, zone, node):
    chosen = overlay(axis_diagram(), factor)
    assert zone in chosen.zones
    assert node in chosen.node_keys
    assert f"zone-{zone}" in chosen.highlight.split()


def test_the_highlight_follows_the_mechanism_data_not_the_drawing(real_site):
    Mechanism.objects.filter(slug="cortisol-gh-inhibition").update(location=Mechanism.Location.HYPOTHALAMUS)
    somatostatin = GlossaryTerm.objects.get(slug="somatostatin")
    Mechanism.objects.get(slug="cortisol-gh-inhibition").glossary_terms.add(somatostatin)

    chosen = overlay(axis_diagram(), "chronic-stress")

    assert chosen.zones == {"hypothalamus", "tissue"}
    assert "somatostatin" in chosen.node_keys
    assert "gh" not in chosen.node_keys  # GH is a pituitary node; the mechanism moved away


def test_unknown_or_draft_factor_is_ignored(real_site):
    assert axis_diagram(factor="no-such-factor").selected is None
    LifestyleFactor.objects.filter(slug="deep-sleep").update(status=Status.DRAFT)
    diagram = axis_diagram(factor="deep-sleep")
    assert diagram.selected is None
    assert "deep-sleep" not in [f.slug for f in diagram.factors]
    assert not any(node.active for node in diagram.nodes.values())


def test_every_node_links_to_its_published_glossary_term(real_site):
    diagram = axis_diagram()
    assert set(diagram.nodes) == {spec.key for spec in NODE_SPECS}
    assert diagram.nodes["ghrh"].href == "/glossary/ghrh/"
    GlossaryTerm.objects.filter(slug="mapk").update(status=Status.DRAFT)
    assert axis_diagram().nodes["mapk"].href == ""  # drawn, but not a link to a page readers cannot see


def add_factors(count: int) -> None:
    start = LifestyleFactor.objects.count()
    for i in range(count):
        mechanism = Mechanism.objects.create(
            slug=f"extra-mechanism-{i}", name=f"Extra {i}", location=Mechanism.Location.LIVER, explanation_md="x"
        )
        mechanism.glossary_terms.set(GlossaryTerm.objects.filter(slug__in=["hepatic", "igf-1"]))
        factor = LifestyleFactor.objects.create(
            slug=f"extra-{i}",
            name=f"Extra {i}",
            order=100 + start + i,
            effect="raises",
            table_mechanism="x",
            observed_effect="x",
        )
        FactorMechanism.objects.create(factor=factor, mechanism=mechanism)


def test_query_count_does_not_grow_with_factors(real_site):
    with CaptureQueriesContext(connection) as few:
        axis_diagram(factor="chronic-stress")
    add_factors(12)
    with CaptureQueriesContext(connection) as many:
        diagram = axis_diagram(factor="extra-3")
    assert len(few) == len(many) == 2
    assert diagram.nodes["igf1"].active


def test_home_page_marks_the_chosen_factor_without_javascript(client, real_site):
    html = client.get("/?factor=chronic-stress").content.decode()
    active = set(re.findall(r'class="[^"]*\bis-active\b[^"]*" [^>]*data-axis-key="([^"]+)"', html))
    active |= set(re.findall(r'class="axis-zone [^"]*\bis-active\b[^"]*" data-axis-key="([^"]+)"', html))
    assert {"gh", "igf1r", "zone-pituitary", "zone-tissue"} <= active
    assert "ghrh" not in active
    assert re.search(
        r'<div class="axis-overlay__panel" id="axis-factor-chronic-stress" data-axis-panel="chronic-stress">', html
    )
    assert (
        'data-axis-factor="chronic-stress" data-axis-highlight="gh igf1r pituitary zone-pituitary zone-tissue" aria-current="true"'
        in html
    )


@pytest.mark.parametrize("value", ["", "nope", "x" * 500, "<script>", "chronic-stress'"])
def test_bad_factor_values_are_ignored(client, real_site, value):
    response = client.get("/", {"factor": value})
    assert response.status_code == 200
    assert b"is-active" not in response.content


def test_diagram_sits_in_the_tiers_that_introduce_the_axis(client, real_site):
    for slug, expected in [("fundamentals", 1), ("intermediate", 0), ("academic", 1)]:
        html = client.get(f"/learn/{slug}/").content.decode()
        assert html.count('id="axis-diagram"') == expected, slug
    fundamentals = client.get("/learn/fundamentals/").content.decode()
    section = fundamentals.split('id="what-governs-igf-1-production"', 1)[1].split("</section>", 1)[0]
    assert 'id="axis-diagram"' in section
    assert '<h3 id="axis-title"' in section  # fits under the section's h2
