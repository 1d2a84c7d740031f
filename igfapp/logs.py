"""Log lines a collector can read, and errors sent to Sentry when asked.

`JsonFormatter` writes each record as one JSON object (time, level, logger, message, and the
traceback when there is one): a dozen lines, so no dependency for it. Sentry's SDK is optional:
`start_sentry` says so in the log when SENTRY_DSN is set but the SDK is not installed, and the site
runs on without it.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def start_sentry(dsn: str, *, environment: str) -> bool:
    """Send errors to Sentry (Django integration, no personal data); False when the SDK is missing."""
    try:
        import sentry_sdk
    except ImportError:
        logging.getLogger(__name__).warning("SENTRY_DSN is set but sentry-sdk is not installed: errors stay in the log")
        return False
    sentry_sdk.init(dsn=dsn, environment=environment, send_default_pii=False)
    return True
