"""Ids that are not ids (issue 14): a 400, a 404 or the admin's "no such item", never a 500.

`str.isdigit()` accepts "²", `int()` accepts "١", and a number past the column's range makes the
database raise; every id from a URL, a query string or a form field goes through models.parse_id.
"""

import pytest
from django.urls import reverse

from igfapp.models import GlossaryTerm, parse_id

ODD_IDS = ["²", "١", "1.0", "-1", "+1", " 1", "1 ", "0", "99999999999999999999", "", "1e3", "0x1", "abc"]


@pytest.mark.parametrize("value", ODD_IDS)
def test_parse_id_refuses_what_is_not_an_id(value):
    assert parse_id(value) is None


def test_parse_id_reads_ids():
    assert parse_id("1") == 1
    assert parse_id(42) == 42
    assert parse_id(str(2**63 - 1)) == 2**63 - 1


def a_glossary_term_with_history(editor_client) -> GlossaryTerm:
    term = GlossaryTerm.objects.get(slug="igf-1")
    editor_client.post(reverse("admin:igfapp_glossaryterm_change", args=[term.pk]))  # a refused save is enough
    return term


def test_odd_version_ids_on_the_compare_page_are_a_404(small_site, editor_client):
    term = a_glossary_term_with_history(editor_client)
    url = reverse("admin:igfapp_glossaryterm_compare", args=[term.pk])
    for value in ODD_IDS:
        assert editor_client.get(url, {"from": value, "to": "current"}).status_code == 404, value
        assert editor_client.get(url, {"from": "current", "to": value}).status_code == 404, value


def test_odd_ids_in_the_live_preview_are_a_400(small_site, editor_client):
    for value in ODD_IDS:
        for model, field in (("section", "body_md"), ("glossaryterm", "explanation_md")):
            data = {"source": field, field: "Some *text*.", "model": model, "object_id": value}
            expected = 200 if value == "" else 400  # no id at all: an item not saved yet
            assert editor_client.post(reverse("markdown-preview"), data).status_code == expected, value


@pytest.mark.parametrize("view", ["change/", "history/", "delete/", "history/compare/"])
def test_odd_object_ids_in_admin_urls_never_answer_500(small_site, editor_client, view):
    for value in [v for v in ODD_IDS if v]:
        url = f"/admin/igfapp/glossaryterm/{value}/{view}"
        assert editor_client.get(url).status_code in {302, 403, 404}, url
        assert editor_client.post(url).status_code in {302, 403, 404}, url


def test_a_huge_version_id_in_the_revert_url_is_a_404(small_site, editor_client):
    term = GlossaryTerm.objects.get(slug="igf-1")
    url = reverse("admin:igfapp_glossaryterm_revert", args=[term.pk, 99999999999999999999])
    assert editor_client.get(url).status_code == 404
