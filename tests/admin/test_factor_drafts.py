"""Drafts of lifestyle factors: saved aside from the admin, previewed in the public table (on
/factors/ and inside the Intermediate article), compared with the published factor, published in
one action. A factor's draft covers its links too: mechanisms (with notes), citations, passages."""

import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from igfapp.factor_table import factor_table
from igfapp.models import FactorMechanism, LifestyleFactor, PendingChange
from tests.admin_helpers import form_data, list_action, submit
from tests.factor_factories import make_article, make_factor, make_mechanism, make_reference, make_section

DRAFT_SUMMARY = "Draft summary: sleep deprivation blunts the nightly growth hormone pulse."


@pytest.fixture
def factor_site(db):
    """A published factor with two mechanisms, a citation and a passage, embedded in an article."""
    article = make_article("middle", order=2)
    passage = make_section(article, "sleep", heading="Sleep and the axis", body_md="{{ factor-table }}")
    make_section(article, "stress", order=2, heading="Stress and cortisol")
    from igfapp.after_change import after_everything_changed

    after_everything_changed()  # the placeholder becomes the embedded table's marker
    kept = make_mechanism("gh-pulses", name="Nightly GH pulses")
    dropped = make_mechanism("cortisol-brake", name="Cortisol brake")
    make_mechanism("somatostatin-tone", name="Somatostatin tone")
    make_reference("kept-ref", title="A kept paper")
    make_reference("added-ref", title="An added paper")
    return make_factor(
        "sleep-quality",
        name="Sleep Quality",
        mechanisms=[kept, dropped],
        passages=[passage],
        references=[make_reference("dropped-ref", title="A dropped paper")],
    )


def factor_admin_url(factor, name="change") -> str:
    return reverse(f"admin:igfapp_lifestylefactor_{name}", args=[factor.pk])


def inline_prefix(data: dict, model_field: str) -> str:
    """The formset prefix whose forms carry `model_field` (e.g. 'mechanism' or 'reference')."""
    for key in data:
        if key.endswith("-TOTAL_FORMS"):
            prefix = key.removesuffix("-TOTAL_FORMS")
            if any(k.startswith(f"{prefix}-") and k.endswith(f"-{model_field}") for k in data) or model_field in prefix:
                return prefix
    raise KeyError(model_field)


def add_inline_row(data: dict, prefix: str, values: dict) -> None:
    index = int(data[f"{prefix}-TOTAL_FORMS"][0])
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = [str(value)]
    data[f"{prefix}-TOTAL_FORMS"] = [str(index + 1)]


def row_index(data: dict, prefix: str, field: str, value) -> int:
    for key, values in data.items():
        if key.startswith(f"{prefix}-") and key.endswith(f"-{field}") and values == [str(value)]:
            return int(key.split("-")[-2])
    raise KeyError(value)


def save_factor_draft(client, factor, button="_draft"):
    """Edit the summary, a mechanism's note, swap a mechanism and a citation, drop the passage."""
    from igfapp.models import Mechanism, Reference

    url = factor_admin_url(factor)
    data = form_data(client.get(url), "lifestylefactor")
    data["summary"] = [DRAFT_SUMMARY]
    data["passages"] = []
    links = inline_prefix(data, "mechanism")
    kept = row_index(data, links, "mechanism", Mechanism.objects.get(slug="gh-pulses").pk)
    data[f"{links}-{kept}-note"] = ["Deep sleep carries the largest pulse (draft note)."]
    dropped = row_index(data, links, "mechanism", Mechanism.objects.get(slug="cortisol-brake").pk)
    data[f"{links}-{dropped}-DELETE"] = ["on"]
    somatostatin = Mechanism.objects.get(slug="somatostatin-tone").pk
    add_inline_row(data, links, {"mechanism": somatostatin, "order": 5, "note": "Added in the draft."})
    citations = inline_prefix(data, "reference")
    old_citation = row_index(data, citations, "reference", Reference.objects.get(key="dropped-ref").pk)
    data[f"{citations}-{old_citation}-DELETE"] = ["on"]
    add_inline_row(data, citations, {"reference": Reference.objects.get(key="added-ref").pk})
    return submit(client, url, data, button)


def table_text(response) -> str:
    return response.content.decode()


def shown_mechanisms(page: str) -> list[str]:
    """The mechanisms listed in expanded rows' details (not the filter's choices)."""
    return re.findall(r'class="factor-mechanism__name"><strong>([^<]+)</strong>', page)


def test_a_factor_draft_keeps_readers_on_the_published_row(factor_site, editor_client):
    response = save_factor_draft(editor_client, factor_site)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert PendingChange.objects.count() == 1
    factor_site.refresh_from_db()
    assert factor_site.summary != DRAFT_SUMMARY
    assert FactorMechanism.objects.filter(factor=factor_site).count() == 2
    for url in ("/factors/?open=sleep-quality", "/factors/?preview=draft&open=sleep-quality"):
        page = table_text(Client().get(url))
        assert DRAFT_SUMMARY not in page
        assert shown_mechanisms(page) == ["Nightly GH pulses", "Cortisol brake"]
        assert "Unpublished changes" not in page and "Draft preview" not in page


def test_staff_are_told_which_rows_have_drafts_and_can_preview_them(factor_site, editor_client):
    save_factor_draft(editor_client, factor_site)

    plain = table_text(editor_client.get("/factors/?open=sleep-quality"))
    assert "Has unpublished changes" in plain
    assert "Unpublished changes are waiting for 1 row." in plain
    assert DRAFT_SUMMARY not in plain
    assert 'href="/factors/?open=sleep-quality&amp;preview=draft"' in plain

    preview = table_text(editor_client.get("/factors/?open=sleep-quality&preview=draft"))
    assert "Unpublished changes shown" in preview and "Draft preview" in preview
    assert DRAFT_SUMMARY in preview
    assert "Deep sleep carries the largest pulse (draft note)." in preview
    assert shown_mechanisms(preview) == ["Nightly GH pulses", "Somatostatin tone"]
    assert "Added in the draft." in preview
    assert "An added paper" in preview and "A dropped paper" not in preview
    assert "Sleep and the axis" not in preview  # the draft drops the passage
    assert reverse("admin:igfapp_lifestylefactor_change", args=[factor_site.pk]) in preview


def test_the_preview_stays_on_through_sorting_and_filtering(factor_site, editor_client):
    save_factor_draft(editor_client, factor_site)

    page = table_text(editor_client.get("/factors/?preview=draft"))

    assert '<input type="hidden" name="preview" value="draft">' in page
    assert 'href="/factors/?sort=name&amp;preview=draft"' in page
    filtered = table_text(editor_client.get("/factors/?q=sleep&preview=draft&open=sleep-quality"))
    assert DRAFT_SUMMARY in filtered


def test_the_intermediate_article_previews_factor_drafts_in_its_embedded_table(factor_site, editor_client):
    save_factor_draft(editor_client, factor_site)

    assert DRAFT_SUMMARY not in table_text(editor_client.get("/learn/middle/?open=sleep-quality"))
    preview = table_text(editor_client.get("/learn/middle/?open=sleep-quality&preview=draft"))
    assert DRAFT_SUMMARY in preview and "Somatostatin tone" in shown_mechanisms(preview)
    assert DRAFT_SUMMARY not in table_text(Client().get("/learn/middle/?open=sleep-quality&preview=draft"))


def test_the_admin_links_to_the_preview_with_the_row_open(factor_site, editor_client):
    response = save_factor_draft(editor_client, factor_site)
    page = editor_client.get(response["Location"]).content.decode()

    expected = "/factors/?preview=draft&amp;open=sleep-quality#factor-sleep-quality"
    assert expected in page  # the message after saving, and the form's own links
    assert "#factor-sleep-quality?preview" not in page


def test_comparing_the_draft_shows_its_link_changes(factor_site, editor_client):
    save_factor_draft(editor_client, factor_site)

    compare = editor_client.get(factor_admin_url(factor_site, "compare"), {"from": "current", "to": "draft"})

    assert compare.status_code == 200
    page = compare.content.decode()
    assert 'Factor mechanism: Sleep Quality → Somatostatin tone <span class="change__kind">(added)' in page
    assert 'Factor mechanism: Sleep Quality → Cortisol brake <span class="change__kind">(removed)' in page
    assert "<ins>largest pulse (draft note).</ins>" in page  # a kept link's note, word by word
    assert "<del>dropped-ref</del><ins>added-ref</ins>" in page  # citations
    assert "<del>Middle: Sleep and the axis</del>" in page  # the passage the draft drops


def test_publishing_the_draft_applies_its_links(factor_site, editor_client):
    save_factor_draft(editor_client, factor_site)

    url = factor_admin_url(factor_site)
    response = submit(editor_client, url, form_data(editor_client.get(url), "lifestylefactor"), "_publish")

    assert response.status_code == 302, response.content.decode()[:3000]
    assert PendingChange.objects.count() == 0
    page = table_text(Client().get("/factors/?open=sleep-quality"))
    assert DRAFT_SUMMARY in page and shown_mechanisms(page) == ["Nightly GH pulses", "Somatostatin tone"]
    factor = LifestyleFactor.objects.get(pk=factor_site.pk)
    assert sorted(r.key for r in factor.references.all()) == ["added-ref"]
    assert not factor.passages.exists()


def test_the_list_action_publishes_a_factor_draft_with_its_links(factor_site, editor_client):
    save_factor_draft(editor_client, factor_site)

    response = list_action(editor_client, "lifestylefactor", "publish_selected", [factor_site.pk])

    assert response.status_code == 302
    assert PendingChange.objects.count() == 0
    page = table_text(Client().get("/factors/?open=sleep-quality"))
    assert DRAFT_SUMMARY in page and shown_mechanisms(page) == ["Nightly GH pulses", "Somatostatin tone"]


def test_an_editors_preview_reads_a_fixed_number_of_queries(factor_site, editor, editor_client):
    save_factor_draft(editor_client, factor_site)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            table = factor_table(query=QueryDict("preview=draft"), user=editor, base_url="/factors/")
            for factor in table.factors:
                for link in factor.links:
                    list(link.mechanism.glossary_terms.all()), list(link.mechanism.references.all())
        return len(captured)

    one_draft = queries()
    for n in range(5):
        other = make_factor(mechanisms=[make_mechanism()], references=[make_reference()])
        PendingChange.objects.create(
            content_type=PendingChange.objects.first().content_type,
            object_id=other.pk,
            base_version=other.version,
            preview={
                "fields": {"summary": f"Draft {n}"},
                "html": {},
                "mechanism_links": [{"pk": None, "mechanism": make_mechanism().pk, "order": 0, "note": ""}],
                "references": [make_reference().pk],
                "passages": [],
            },
        )
    assert queries() == one_draft
