"""The factor rows' expanded details, stored as HTML at import/save time (issue 15, "render less").

Readers' tables print the stored HTML; editors' render it live through the same template. Stored
and live must agree, and every edit that changes what a row shows must store it again.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db import connection
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from igfapp.after_change import after_edit
from igfapp.editorial.revert import revert
from igfapp.factor_details import render_stored_details
from igfapp.factor_table import factor_table
from igfapp.models import EvidenceNote, GlossaryTerm, LifestyleFactor, Mechanism, Reference, Section
from tests.admin_helpers import (
    committed,
    confirm,
    form_data,
    list_action,
    submit,
)

from .factor_factories import make_rich_factors

ANONYMOUS = AnonymousUser()
FACTOR_SLUGS = sorted(path.stem for path in (Path(__file__).parents[1] / "content" / "factors").glob("*.md"))
TABLE_RESULTS = "factors/table.html#factor-results"


def table_html(*, embedded: bool = False, relations: bool = False, user=ANONYMOUS) -> tuple[str, object]:
    base_url = "/learn/intermediate/" if embedded else "/factors/"
    table = factor_table(query=QueryDict(""), user=user, base_url=base_url, embedded=embedded, relations=relations)
    return render_to_string(TABLE_RESULTS, {"table": table}), table


def row(html: str, slug: str) -> str:
    start = html.index(f'<tbody id="factor-{slug}"')
    return html[start : html.index("</tbody>", start)]


def reader_row(slug: str, *, embedded: bool = False) -> str:
    return row(Client().get("/learn/intermediate/" if embedded else "/factors/").content.decode(), slug)


def stored_row(slug: str) -> str:
    """What readers see of row `slug`, asserting it is its stored HTML in both places."""
    factor = LifestyleFactor.objects.get(slug=slug)
    shown = reader_row(slug)
    assert factor.details_html and factor.details_html in shown
    assert factor.embedded_details_html and factor.embedded_details_html in reader_row(slug, embedded=True)
    return shown


# --- Stored = live ----------------------------------------------------------------------------


def test_every_content_factor_is_checked():
    assert len(FACTOR_SLUGS) >= 7


@pytest.mark.parametrize("embedded", [False, True], ids=["factors-page", "embedded"])
@pytest.mark.parametrize("slug", FACTOR_SLUGS)
def test_stored_details_are_what_the_live_render_gives_readers(real_site, slug, embedded):
    stored_html, stored = table_html(embedded=embedded)
    live_html, live = table_html(embedded=embedded, relations=True)  # the relations read: rendered live

    assert all(factor.stored_details is not None for factor in stored.factors)
    assert all(factor.stored_details is None for factor in live.factors)
    assert row(stored_html, slug) == row(live_html, slug)
    assert '<div class="factor-detail">' in row(stored_html, slug)
    other_level = 2 if embedded else 3  # h2 under /factors/'s h1, h3 in the article's h2 section
    assert f'<h{other_level} class="factor-detail__heading">' not in row(stored_html, slug)


def test_editors_tables_render_live(real_site):
    editor = User.objects.create_user("eve", is_staff=True)
    _, table = table_html(user=editor)
    assert all(factor.stored_details is None for factor in table.factors)


def test_a_factor_never_stored_makes_the_table_render_live(real_site):
    LifestyleFactor.objects.filter(slug="deep-sleep").update(details_html="")
    html, table = table_html()
    assert all(factor.stored_details is None for factor in table.factors)
    assert "Sleep-linked pulsatile GH secretion" in row(html, "deep-sleep")


def test_headings_fit_each_place(real_site):
    assert '<h2 class="factor-detail__heading">Sources</h2>' in reader_row("deep-sleep")
    assert '<h3 class="factor-detail__heading">Sources</h3>' in reader_row("deep-sleep", embedded=True)


# --- Query counts ---------------------------------------------------------------------------------


def reader_table_queries(query: str = "", *, embedded: bool = False) -> int:
    with CaptureQueriesContext(connection) as captured:
        table = factor_table(query=QueryDict(query), user=ANONYMOUS, base_url="/factors/", embedded=embedded)
        render_to_string(TABLE_RESULTS, {"table": table})
    return len(captured)


def test_a_readers_table_is_three_queries_however_much_content(db):
    make_rich_factors(5)
    render_stored_details()
    few = [reader_table_queries(q, embedded=e) for q in ("", "q=mechanism&open=x") for e in (False, True)]
    make_rich_factors(95)
    assert render_stored_details() == 95  # only the new rows are written
    assert [reader_table_queries(q, embedded=e) for q in ("", "q=mechanism&open=x") for e in (False, True)] == few
    assert few == [3, 3, 3, 3]  # the mechanism filter's choices, the rows, the count


# --- Every edit that changes a row stores it again ---------------------------------------------------


def change_url(obj) -> str:
    return reverse(f"admin:igfapp_{obj._meta.model_name}_change", args=[obj.pk])


def admin_edit(client, obj, button: str = "_save", **changes) -> None:
    url = change_url(obj)
    data = form_data(client.get(url), obj._meta.model_name)
    for name, value in changes.items():
        data[name] = [value]
    with committed():  # the background render, once the save has committed
        response = submit(client, url, data, button)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_a_mechanisms_new_name(real_site, editor_client):
    admin_edit(editor_client, Mechanism.objects.get(slug="sleep-gh-pulses"), name="Renamed sleep pulses")
    assert "Renamed sleep pulses" in stored_row("deep-sleep")
    assert "Renamed sleep pulses" in LifestyleFactor.objects.get(slug="deep-sleep").embedded_details_html


def test_a_references_new_doi(real_site, editor_client):
    admin_edit(editor_client, Reference.objects.get(key="van-cauter-plat-1996"), doi="10.9999/renamed.doi")
    assert "https://doi.org/10.9999/renamed.doi" in stored_row("deep-sleep")


def test_a_glossary_terms_new_name(real_site, editor_client):
    term = GlossaryTerm.objects.get(slug="pulsatile-secretion")
    admin_edit(editor_client, term, button="_publish", term="Pulsing release")
    assert (
        '<a class="term" href="/glossary/pulsatile-secretion/" data-term="pulsatile-secretion">Pulsing release</a>'
        in (stored_row("deep-sleep"))
    )


def test_a_glossary_term_unpublished(real_site, editor_client):
    term = GlossaryTerm.objects.get(slug="pulsatile-secretion")
    assert 'data-term="pulsatile-secretion"' in stored_row("deep-sleep")
    with committed():
        response = list_action(editor_client, "glossaryterm", "unpublish_selected", [term.pk])
    assert response.status_code == 302
    assert 'data-term="pulsatile-secretion"' not in stored_row("deep-sleep")


def test_an_evidence_notes_new_claim(real_site, editor_client):
    note = EvidenceNote.objects.get(slug="largest-gh-pulses-in-deep-sleep")
    admin_edit(editor_client, note, claim="A reworded claim about sleep")
    assert "On the document’s claim: A reworded claim about sleep" in stored_row("deep-sleep")


def test_a_sections_new_heading(real_site, editor_client):
    section = Section.objects.get(
        article__slug="intermediate", anchor="how-do-sleep-and-stress-affect-endogenous-igf-1"
    )
    article = section.article
    url = change_url(article)
    data = form_data(editor_client.get(url), "article")
    field = next(name for name, value in data.items() if name.endswith("-anchor") and value == [section.anchor])
    data[field.removesuffix("anchor") + "heading"] = ["Sleep, stress and IGF-1 (renamed)"]
    with committed():
        response = submit(editor_client, url, data, "_publish")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "Sleep, stress and IGF-1 (renamed)</a>" in stored_row("deep-sleep")


def test_a_factors_own_link_note(real_site, editor_client):
    factor = LifestyleFactor.objects.get(slug="deep-sleep")
    url = change_url(factor)
    data = form_data(editor_client.get(url), "lifestylefactor")
    note = next(name for name in data if re.fullmatch(r"mechanism_links-0-note", name))
    data[note] = ["A new note on how sleep acts."]
    with committed():
        response = submit(editor_client, url, data, "_publish")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "A new note on how sleep acts." in stored_row("deep-sleep")


def test_a_revert_and_a_deletion(real_site, editor_client):
    mechanism = Mechanism.objects.get(slug="sleep-gh-pulses")
    admin_edit(editor_client, mechanism, name="First new name")
    admin_edit(editor_client, Mechanism.objects.get(pk=mechanism.pk), name="Second new name")
    assert "Second new name" in stored_row("deep-sleep")
    first = next(
        v for v in Version.objects.get_for_object(mechanism).order_by("pk") if v.field_dict["name"] == "First new name"
    )
    with committed():
        after_edit(revert(Mechanism.objects.get(pk=mechanism.pk), first, User.objects.get(username="edna")))
    assert "First new name" in stored_row("deep-sleep")

    superuser = User.objects.create_superuser("root", "root@example.org", "x")
    admin = Client()
    admin.force_login(superuser)
    with committed():
        response = confirm(admin, reverse("admin:igfapp_mechanism_delete", args=[mechanism.pk]))
    assert response.status_code == 302
    assert "First new name" not in stored_row("deep-sleep")


def test_an_import_stores_them(real_site):  # the rows an import of content/ wrote
    stored = list(LifestyleFactor.objects.values_list("details_html", "embedded_details_html"))
    assert len(stored) == len(FACTOR_SLUGS)
    assert all(page and embedded for page, embedded in stored)


def test_between_an_edit_and_its_background_render_readers_get_the_row_live_and_right(real_site, editor_client):
    """The editor's request clears the rows' stored details; until the worker stores them again,
    readers' tables render those rows live: never the old text."""
    mechanism = Mechanism.objects.get(slug="sleep-gh-pulses")
    url = change_url(mechanism)
    data = form_data(editor_client.get(url), "mechanism")
    data["name"] = ["Renamed, not yet stored"]
    with committed(execute=False) as waiting:  # no worker has run yet
        assert submit(editor_client, url, data, "_save").status_code == 302
    assert len(waiting) == 1  # the render, queued once
    factor = LifestyleFactor.objects.get(slug="deep-sleep")
    assert factor.details_html == "" and factor.embedded_details_html == ""
    assert "Renamed, not yet stored" in reader_row("deep-sleep")  # live, and already right
    assert "Renamed, not yet stored" in reader_row("deep-sleep", embedded=True)
    waiting[0]()  # the worker runs it
    assert "Renamed, not yet stored" in stored_row("deep-sleep")
