"""Shared helpers for the admin and editorial tests: an editor, and admin forms read like a browser.

Import the fixtures you use: `from tests.admin_helpers import editor_fixture, editor_client_fixture`
(registered under the names `editor` and `editor_client`).
"""

from __future__ import annotations

import importlib
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from igfapp.models import Article

PASSWORD = "correct horse battery staple"


def editors_group() -> Group:
    """The group the migration creates; re-created the same way when a transactional test's
    flush has emptied the tables (a flush keeps permissions but not data-migration rows)."""
    if not Group.objects.filter(name="Editors").exists():
        importlib.import_module("igfapp.migrations.0005_editors_group").create_editors(apps, None)
        importlib.import_module("igfapp.migrations.0011_questions_and_plain_words").grant_editors(apps, None)
    return Group.objects.get(name="Editors")


@pytest.fixture(name="editor")
def editor_fixture(db) -> User:
    """A staff user in the Editors group (created by the migration), not a superuser."""
    user = User.objects.create_user("edna", "edna@example.org", PASSWORD, is_staff=True)
    user.groups.add(editors_group())
    return user


@pytest.fixture(name="editor_client")
def editor_client_fixture(editor) -> Client:
    client = Client()
    client.force_login(editor)
    return client


# The plain names, as other test modules import them.
editor, editor_client = editor_fixture, editor_client_fixture


def second_editor() -> Client:
    user = User.objects.create_user("ed2", "ed2@example.org", PASSWORD, is_staff=True)
    user.groups.add(editors_group())
    client = Client()
    client.force_login(user)
    return client


class _FormReader(HTMLParser):
    """Collects what a browser would submit from the admin's change form (ignoring buttons)."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.data: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._option: str | None = None
        self._option_selected = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in {"submit", "button", "image", "file"}:
            if a.get("type") in {"checkbox", "radio"} and "checked" not in a:
                return
            self.data.setdefault(name, []).append(a.get("value", "on" if a.get("type") == "checkbox" else ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            values = self.data[self._textarea]
            values[-1] += data


def form_data(response, model_name: str) -> dict[str, list[str]]:
    """The change form's values exactly as the page shows them."""
    reader = _FormReader(f"{model_name}_form")
    reader.feed(response.content.decode())
    # A browser drops the one newline that follows <textarea>; HTMLParser keeps it.
    return {k: [v[1:] if v.startswith("\n") else v for v in values] for k, values in reader.data.items()}


def article_url(slug: str, name: str = "change") -> str:
    return reverse(f"admin:igfapp_article_{name}", args=[Article.objects.get(slug=slug).pk])


def section_field(data: dict, anchor: str, field: str) -> str:
    """The form key of `field` in the section inline whose anchor is `anchor`."""
    for key, values in data.items():
        if key.startswith("sections-") and key.endswith("-anchor") and values == [anchor]:
            return key.rsplit("-", 1)[0] + "-" + field
    raise KeyError(anchor)


def submit(client: Client, url: str, data: dict, button: str = "_draft"):
    return client.post(url, {**data, button: "1"})
