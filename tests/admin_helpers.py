"""Shared helpers for the admin and editorial tests: an editor, and admin forms read like a browser.

The fixtures built on them (`editor`, `editor_client`, `superuser_client`) live in tests/conftest.py.
"""

from __future__ import annotations

import importlib
from contextlib import contextmanager
from html.parser import HTMLParser

from django.apps import apps
from django.contrib.auth.models import Group, User
from django.test import Client, TestCase
from django.urls import reverse

from igfapp.models import Article

PASSWORD = "correct horse battery staple"


def editors_group() -> Group:
    """The group the migration creates; re-created the same way when a transactional test's
    flush has emptied the tables (a flush keeps permissions but not data-migration rows)."""
    if not Group.objects.filter(name="Editors").exists():
        importlib.import_module("igfapp.migrations.0005_editors_group").create_editors(apps, None)
        importlib.import_module("igfapp.migrations.0011_questions_and_plain_words").grant_editors(apps, None)
        importlib.import_module("igfapp.migrations.0015_record").grant_editors(apps, None)
        importlib.import_module("igfapp.migrations.0016_reports_and_site_pages").grant_editors(apps, None)
    return Group.objects.get(name="Editors")


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


# What an editor types in the change form's required "public reason" (the public change log) when a
# test publishes without saying: the reason itself is tested in tests/test_change_log.py.
TEST_REASON = "Edited in a test."


def submit(client: Client, url: str, data: dict, button: str = "_draft"):
    return client.post(url, with_reason({**data, button: "1"}))


def with_reason(data: dict) -> dict:
    """`data` with a public reason, as an editor fills in the form, unless it has one."""
    reason = data.get("public_reason")
    if not (reason[0] if isinstance(reason, list) and reason else reason):
        data = {**data, "public_reason": TEST_REASON}
    return data


class _HiddenReader(HTMLParser):
    """Every hidden input of a page (name -> value; the last one wins), as a browser would submit them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "hidden" and a.get("name"):
            self.values[a["name"]] = a.get("value") or ""


def hidden_inputs(response) -> dict[str, str]:
    reader = _HiddenReader()
    reader.feed(response.content.decode())
    reader.values.pop("csrfmiddlewaretoken", None)
    return reader.values


def confirm(client: Client, url: str, extra: dict | None = None, *, page=None, **post_kwargs):
    """Open a confirmation page (revert, recover, delete, restore) and press its button: its hidden
    inputs (the stamp of what it showed) go with the POST. `page`: a response opened earlier."""
    page = page if page is not None else client.get(url)
    assert page.status_code == 200, page.status_code
    return client.post(url, {**hidden_inputs(page), **(extra or {})}, **post_kwargs)


def list_action(client: Client, model_name: str, action: str, pks: list, *, page=None, query: str = ""):
    """Choose rows of a changelist and run an action on them, as an editor does: each chosen row's
    stamp, as the list showed it, goes with the POST. `page`: a list opened earlier."""
    url = reverse(f"admin:igfapp_{model_name}_changelist") + query
    page = page if page is not None else client.get(url)
    shown = hidden_inputs(page)
    data = {"action": action, "_selected_action": [str(pk) for pk in pks]}
    for pk in pks:
        key = f"loaded_stamp_{pk}"
        if key in shown:
            data[key] = shown[key]
    return client.post(url, data)


@contextmanager
def committed(*, execute: bool = True):
    """Run what the transaction's commit runs (the background render after an edit, which the
    tests' immediate task backend does in place), at the end of the `with` block; yields the
    callbacks. A test runs in one transaction, so a render its setup queued (an import) is still
    waiting: it is dropped first, so the edit's own render is queued and run, not merged into it."""
    from django.db import connection

    from igfapp.after_change import PendingRender

    connection.run_on_commit = [entry for entry in connection.run_on_commit if not isinstance(entry[1], PendingRender)]
    with TestCase.captureOnCommitCallbacks(execute=execute) as callbacks:
        yield callbacks
