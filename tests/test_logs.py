"""Every log line has its time, level and logger (JSON when asked); Sentry is optional."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

from django.conf import settings

from igfapp.logs import JsonFormatter, start_sentry


def record(message: str, *, level=logging.ERROR, exc_info=None) -> logging.LogRecord:
    return logging.LogRecord("igfapp.views.health", level, __file__, 1, message, (), exc_info)


def test_a_json_line_carries_time_level_logger_and_message():
    line = json.loads(JsonFormatter().format(record("readiness: not ready")))
    assert line["level"] == "ERROR" and line["logger"] == "igfapp.views.health"
    assert line["message"] == "readiness: not ready" and line["time"].endswith("+00:00")


def test_a_json_line_keeps_the_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        line = json.loads(JsonFormatter().format(record("failed", exc_info=sys.exc_info())))
    assert "ValueError: boom" in line["exception"]


def test_text_lines_have_time_level_and_logger():
    assert settings.LOGGING["formatters"]["text"]["format"] == "%(asctime)s %(levelname)s %(name)s: %(message)s"


def test_the_log_format_is_chosen_by_the_environment():
    code = "import json, logging, django; django.setup(); logging.getLogger('igfapp.test').error('hello')"
    env = {"DJANGO_SETTINGS_MODULE": "igfapp.settings", "IGF_LOG_FORMAT": "json", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR)
    line = json.loads(done.stderr.strip().splitlines()[-1])
    assert (line["level"], line["logger"], line["message"]) == ("ERROR", "igfapp.test", "hello")


def test_sentry_is_optional(caplog, monkeypatch):
    monkeypatch.setitem(sys.modules, "sentry_sdk", None)  # not installed
    assert start_sentry("https://key@sentry.example.org/1", environment="test") is False
    assert "sentry-sdk is not installed" in caplog.text
