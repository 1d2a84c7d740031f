"""/livez, /readyz (and /healthz, readiness): alive without the database, ready with it; never
cached; an outage logged once, not once per probe."""

import importlib.util
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DatabaseError

from igfapp.views import health


def test_healthy_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}


def test_unhealthy_when_the_database_does_not_answer(client, db, monkeypatch, caplog):
    class BrokenConnection:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(health, "connection", BrokenConnection())
    monkeypatch.setattr(health, "readiness", health.Readiness())
    for _ in range(5):
        response = client.get("/healthz")
        assert response.status_code == 503
        body = json.loads(response.content)
        assert (body["status"], body["database"]) == ("error", "unavailable")
        assert client.get("/readyz").status_code == 503
        assert client.get("/livez").status_code == 200  # alive: a liveness probe never restarts it
    outage_lines = [r for r in caplog.records if r.name == "igfapp.views.health"]
    assert len(outage_lines) == 1 and "not ready" in outage_lines[0].getMessage()  # once, not per probe
    assert "Traceback" not in caplog.text


def test_never_cached(client, db):
    response = client.get("/healthz")
    assert "no-store" in response["Cache-Control"]
    assert "ETag" not in response


def test_head_works_and_post_is_refused(client, db):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code in (403, 405)


@pytest.mark.django_db
def test_exempt_from_the_https_redirect(client, settings):
    """Docker's HEALTHCHECK asks over plain HTTP from inside the container."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


# --- deploy/healthcheck.py, the Docker HEALTHCHECK ------------------------------------------


def load_healthcheck():
    path = Path(settings.BASE_DIR) / "deploy" / "healthcheck.py"
    spec = importlib.util.spec_from_file_location("healthcheck", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("allowed", "host"),
    [("igf.example.org,www.igf.example.org", "igf.example.org"), (".example.org", "example.org"), ("*", "localhost")],
)
def test_the_docker_healthcheck_asks_with_an_allowed_host(monkeypatch, allowed, host):
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", allowed)
    assert load_healthcheck().allowed_host() == host


def test_the_docker_healthcheck_passes_against_a_running_site(live_server, monkeypatch):
    monkeypatch.setenv("PORT", live_server.url.rsplit(":", 1)[1])
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "localhost")
    assert load_healthcheck().main() == 0


def test_the_docker_healthcheck_fails_when_nothing_answers(monkeypatch):
    monkeypatch.setenv("PORT", "1")  # nothing listens on port 1
    assert load_healthcheck().main() == 1
