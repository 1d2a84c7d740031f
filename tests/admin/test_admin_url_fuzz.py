"""Odd input in any admin URL is a 4xx (or the admin's own redirect), never a 500, on SQLite and on
PostgreSQL (whose text columns refuse NUL, and whose integers overflow where SQLite's do not).

Every registered content model's list is opened as an editor opens it; every filter, sort, search
and page parameter it links to is then sent with each odd value; every per-item and per-version
URL (change, delete, history, compare, revert, discarded-draft restore, recover) gets odd ids; and
every list action and confirmation is posted with odd row ids and odd stamps. The test client
re-raises what a view lets through, so a crash fails here with its traceback.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from igfapp.models import GlossaryTerm

ODD_VALUES = [
    "\x00",
    "1\x00",
    "%00",
    "9" * 30,  # past any integer column
    "-1",
    "١٢",  # Arabic-Indic digits: int() reads them, the database must not be asked
    "²",
    "bogus",
    "",
    "' OR 1=1 --",
    "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"),
    "x" * 5000,
]
ODD_IDS = ["0", "-1", "9" * 30, "١٢", "²", "1.5", "%00", "abc", "1%00"]


def registered_models(app_label: str | None = None) -> list:
    """The models the admin lists (every app's: users and groups too), or only `app_label`'s."""
    return [
        model
        for model in apps.get_models()
        if admin.site.is_registered(model) and app_label in (None, model._meta.app_label)
    ]


def label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def assert_no_crash(response, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"


def linked_parameters(page: str) -> set[str]:
    """The query parameters a changelist's own links use (filters, sorting, paging, search)."""
    names = {"q", "o", "p", "all", "e", "_changelist_filters"}
    for href in re.findall(r'href="(\?[^"]*)"', page):
        names |= {name for name, _ in parse_qsl(urlsplit(unescape(href)).query, keep_blank_values=True)}
    return names


def test_every_registered_content_model_is_fuzzed():
    names = {label(model) for model in registered_models()}
    assert {f"igfapp.{name}" for name in ("article", "section", "glossaryterm", "reference", "question")} <= names
    assert {"auth.user", "auth.group"} <= names


@pytest.mark.parametrize("model", registered_models(), ids=label)
def test_odd_values_in_every_list_filter_sort_and_search(small_site, superuser_client, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    page = superuser_client.get(url)
    assert page.status_code == 200
    parameters = linked_parameters(page.content.decode())
    filters = parameters - {"q", "o", "p", "all", "e", "_changelist_filters"}
    if model._meta.model_name in {"article", "glossaryterm", "question", "reference", "lifestylefactor"}:
        assert "status__exact" in filters, sorted(parameters)  # the filters were found, not skipped
    for name in sorted(parameters):
        for value in ODD_VALUES:
            query = urlencode({name: value})
            assert_no_crash(superuser_client.get(url, QUERY_STRING=query), f"{url}?{query!r}")


@pytest.mark.parametrize("model", registered_models("igfapp"), ids=label)
def test_odd_ids_in_every_item_and_version_url(small_site, superuser_client, model):
    name = model._meta.model_name
    real = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    templates = [f"/admin/igfapp/{name}/{{id}}/{suffix}" for suffix in ("change/", "delete/", "history/", "")]
    templates += [
        f"/admin/igfapp/{name}/{{id}}/history/compare/",
        f"/admin/igfapp/{name}/{{id}}/history/{{id}}/revert/",
        f"/admin/igfapp/{name}/{{id}}/history/discarded/{{id}}/restore/",
        f"/admin/igfapp/{name}/{real}/history/{{id}}/revert/",
        f"/admin/igfapp/{name}/{real}/history/discarded/{{id}}/restore/",
        f"/admin/igfapp/{name}/recover/{{id}}/",
    ]
    for template in templates:
        for odd in ODD_IDS:
            path = template.format(id=odd)
            assert_no_crash(superuser_client.get(path), path)
            assert_no_crash(superuser_client.post(path, {"post": "yes", "loaded_stamp": odd}), f"POST {path}")
    compare = f"/admin/igfapp/{name}/{real}/history/compare/"
    for value in [*ODD_VALUES, "draft", "current", "discarded-", "discarded-9", f"discarded-{'9' * 30}"]:
        for key in ("from", "to"):
            assert_no_crash(superuser_client.get(compare, {key: value}), f"{compare} {key}={value!r}")


@pytest.mark.parametrize("action", ["publish_selected", "unpublish_selected", "delete_selected", "bogus", "\x00"])
def test_odd_rows_and_stamps_in_every_list_action(small_site, superuser_client, action):
    url = reverse("admin:igfapp_glossaryterm_changelist")
    real = GlossaryTerm.objects.order_by("pk").first().pk
    for odd in [*ODD_IDS, "\x00", str(real)]:
        for stamp in ["", "\x00", "9" * 30, "1:2.3", "١:٢.٣", "x" * 5000]:
            data = {"action": action, "_selected_action": [odd], f"loaded_stamp_{odd}": stamp, "post": "yes"}
            assert_no_crash(superuser_client.post(url, data), f"{action} {odd!r} {stamp!r}")
    assert GlossaryTerm.objects.filter(pk=real).exists()  # no stamp that was not shown acted on it
