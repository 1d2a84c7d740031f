"""Settings from the environment: production refuses unsafe starts, `check --deploy` is clean."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from igfapp.settings import database_from_url

ROOT = Path(__file__).resolve().parent.parent
# What the Dockerfile sets, plus what an operator must give (bench/README.md, Dockerfile, compose.yaml).
PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "igf.example.org",
}


def run_python(code: str, env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "IGF_"))}
    return subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "igfapp.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return run_python(
        f"import sys; from django.core.management import execute_from_command_line; "
        f"execute_from_command_line(['manage.py', *{list(args)!r}])",
        env,
    )


def production_settings(**overrides) -> dict:
    names = [
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SAMESITE",
        "SECURE_REDIRECT_EXEMPT",
        "SECURE_PROXY_SSL_HEADER",
        "ALLOWED_HOSTS",
        "X_FRAME_OPTIONS",
    ]
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {names!r}}}))"
    )
    done = run_python(code, {**PRODUCTION, **overrides})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# --- check --deploy ------------------------------------------------------------------------


def test_check_deploy_is_clean_with_production_settings():
    done = manage("check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_check_deploy_complains_about_debug_settings():
    """The check can fail: with the local defaults it reports the missing hardening."""
    done = manage("check", "--deploy", "--fail-level", "WARNING", env={})
    assert done.returncode != 0
    assert "security.W018" in done.stdout + done.stderr  # DEBUG on


def test_make_prod_settings_only_drop_the_https_redirect():
    """`make prod` serves plain HTTP on loopback: everything else stays production."""
    done = manage("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION, "DJANGO_SECURE_SSL_REDIRECT": "0"})
    issues = done.stdout + done.stderr
    assert "security.W008" in issues  # SECURE_SSL_REDIRECT off, as intended
    assert issues.count("security.W") == 1


# --- Refusing unsafe starts ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "short"}, "too weak"),
        ({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "django-insecure-" + "x" * 60}, "too weak"),
        ({"DJANGO_ENV": "production", "DJANGO_DEBUG": "1"}, "refuses to start with DJANGO_DEBUG on"),
        ({"DJANGO_ENV": "production"}, "refuses to start with DJANGO_DEBUG on"),  # DEBUG's default is on
        ({"DATABASE_URL": "mysql://u:p@h/db"}, "Unsupported DATABASE_URL engine"),
        ({"DATABASE_URL": "nonsense://u:p@h/db"}, "DATABASE_URL"),
    ],
)
def test_unsafe_configurations_refuse_to_start(env, message):
    done = run_python("import django; django.setup()", env)
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and message in done.stderr


def test_local_use_needs_no_environment():
    done = run_python("import django; django.setup(); from django.conf import settings; print(settings.DEBUG)", {})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"


# --- Production values ---------------------------------------------------------------------


def test_production_hardening():
    values = production_settings()
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 60 * 60 * 24 * 365
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and values["SECURE_HSTS_PRELOAD"]
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"] and values["CSRF_COOKIE_HTTPONLY"]
    assert values["SESSION_COOKIE_SAMESITE"] == values["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["ALLOWED_HOSTS"] == ["igf.example.org"]
    assert values["SECURE_REDIRECT_EXEMPT"] == [r"^(healthz|livez|readyz)$"]  # health checks are plain HTTP


def test_forwarded_proto_is_trusted_only_when_asked():
    assert production_settings()["SECURE_PROXY_SSL_HEADER"] is None
    trusted = production_settings(DJANGO_TRUST_X_FORWARDED_PROTO="1")
    assert trusted["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


# --- DATABASE_URL --------------------------------------------------------------------------


def test_database_url_for_postgresql():
    config = database_from_url("postgres://igf:p%40ss%2Fword@db.internal:5433/igf_site?sslmode=require")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"]) == ("igf", "p@ss/word")
    assert (config["HOST"], str(config["PORT"]), config["NAME"]) == ("db.internal", "5433", "igf_site")
    assert config["OPTIONS"] == {"sslmode": "require"}
    assert config["CONN_HEALTH_CHECKS"] is True
    assert config["CONN_MAX_AGE"] == 60


def test_database_url_with_a_pool(monkeypatch):
    monkeypatch.setenv("DJANGO_DB_POOL", "1")
    monkeypatch.setenv("DJANGO_DB_POOL_MAX", "6")
    config = database_from_url("postgres://igf:pw@db:5432/igf")
    assert config["CONN_MAX_AGE"] == 0  # Django refuses persistent connections with a pool
    assert config["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 6}


def test_database_url_for_sqlite_keeps_the_write_lock_options():
    config = database_from_url("sqlite:////tmp/igf-site.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3" and config["NAME"] == "/tmp/igf-site.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_database_url_without_port_or_password():
    config = database_from_url("postgresql://localhost/igf")
    assert (config["HOST"], config["PORT"], config["USER"], config["PASSWORD"]) == ("localhost", "", "", "")


def test_database_url_with_another_engine_is_refused():
    with pytest.raises(ImproperlyConfigured, match="Unsupported DATABASE_URL engine"):
        database_from_url("mysql://u:p@h/db")


@pytest.mark.parametrize(
    ("value", "origin"),
    [
        ("https://igf.example.org", "https://igf.example.org"),
        ("https://igf.example.org/", "https://igf.example.org"),
        ("", ""),
    ],
)
def test_the_public_origin_is_a_scheme_and_host(value, origin):
    done = run_python("from django.conf import settings; print(settings.SITE_ORIGIN)", {"IGF_SITE_ORIGIN": value})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == origin


@pytest.mark.parametrize("value", ["igf.example.org", "https://igf.example.org/learn/", "ftp://igf.example.org"])
def test_a_public_origin_that_is_not_one_refuses_to_start(value):
    done = run_python("from django.conf import settings; settings.SITE_ORIGIN", {"IGF_SITE_ORIGIN": value})
    assert done.returncode != 0
    assert "IGF_SITE_ORIGIN must be a scheme and host only" in done.stderr
