"""A database outage: cached pages where they exist, else a 503 with Retry-After, never a 500; the
outage logged once when it starts and once when it ends, with no traceback per request.

The outage is real as far as Django can tell: every query on the connection raises the
OperationalError a dropped PostgreSQL server (or an unreadable SQLite file) raises
(`connection.execute_wrapper`, Django's own hook around every query).
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection

from igfapp.outage import outage


@contextmanager
def database_down():
    def refuse(execute, sql, params, many, context):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    with connection.execute_wrapper(refuse):
        yield


@pytest.fixture(autouse=True)
def database_up_at_start():
    outage.down_since = None
    yield
    outage.down_since = None


def test_a_cached_page_is_served_while_the_database_is_down(client, real_site):
    before = client.get("/glossary/")
    assert before.status_code == 200
    with database_down():
        during = client.get("/glossary/")
    assert during.status_code == 200
    assert during.content == before.content
    assert getattr(during, "served_while_database_down", False)


def test_a_page_never_rendered_is_a_503_with_retry_after(client, real_site):
    with database_down():
        response = client.get("/glossary/igf-1/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "<h1>Back in a moment</h1>" in html and "try again" in html


def test_staff_and_the_admin_get_the_503_page_too(editor_client, real_site):
    with database_down():
        for url in ("/learn/academic/", "/admin/", "/admin/igfapp/glossaryterm/"):
            response = editor_client.get(url)
            assert response.status_code == 503, url
            assert "Back in a moment" in response.content.decode()


def test_the_outage_is_logged_once_and_its_end_once(client, real_site, caplog):
    client.get("/glossary/")
    caplog.set_level(logging.INFO)
    with database_down():
        statuses = [client.get(url).status_code for url in ["/learn/fundamentals/", "/glossary/", "/factors/"] * 10]
    assert set(statuses) <= {200, 503} and 503 in statuses and 200 in statuses
    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(records) == 1, [r.getMessage() for r in records]
    assert records[0].name == "igfapp.outage" and "Database unavailable" in records[0].getMessage()
    assert records[0].exc_info is None  # no traceback
    assert client.get("/learn/intermediate/").status_code == 200  # the database answers again
    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(records) == 2 and "available again" in records[1].getMessage()
    assert "30 request(s)" in records[1].getMessage()


def test_a_real_bug_is_still_a_500(client, real_site, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug, not an outage")

    monkeypatch.setattr("igfapp.views.glossary.render", broken)
    client.raise_request_exception = False
    assert client.get("/glossary/").status_code == 500
    assert not outage.down
