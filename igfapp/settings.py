"""Settings for the GH/IGF-1 site: one file, driven by environment variables.

Local use needs no environment at all (DEBUG on, SQLite, a development secret). Production
(`DJANGO_DEBUG=0`) refuses to start without a real `DJANGO_SECRET_KEY`, and `DJANGO_ENV=production`
(set by the Dockerfile and `make prod`) refuses to start with DEBUG on.

| variable | default | meaning |
| --- | --- | --- |
| DJANGO_ENV | (unset) | `production`: DEBUG must be off |
| DJANGO_DEBUG | 1 | 0 for production |
| DJANGO_SECRET_KEY | dev key with DEBUG on | required (≥ 50 characters) with DEBUG off |
| DJANGO_ALLOWED_HOSTS | localhost,127.0.0.1,[::1],testserver | comma-separated host names |
| DJANGO_CSRF_TRUSTED_ORIGINS | (none) | e.g. https://example.org |
| DATABASE_URL | SQLite file db.sqlite3 | postgres://user:pass@host:5432/name[?sslmode=require], or sqlite:///path (dj-database-url) |
| DJANGO_DB_POOL | 0 | 1: a psycopg connection pool per process (DJANGO_DB_POOL_MIN 1, DJANGO_DB_POOL_MAX 4) |
| DJANGO_SQLITE_PATH | ./db.sqlite3 | the SQLite file when DATABASE_URL is unset |
| DJANGO_CONN_MAX_AGE | 60 (PostgreSQL), 600 (SQLite) | seconds a database connection is reused |
| DJANGO_STATIC_ROOT | ./staticfiles | where collectstatic writes |
| IGF_SITE_ORIGIN | (unset: the origin each request came to) | the site's public origin, e.g. https://example.org: its canonical links and citations, and the readers' tier pages stored compressed |
| IGF_PAGE_CACHE | 1 | 0 turns the per-process page cache off (benchmarks) |
| DJANGO_SECURE_SSL_REDIRECT | 1 (DEBUG off) | 0 only for plain-HTTP local runs (`make prod`) |
| DJANGO_TRUST_X_FORWARDED_PROTO | 0 | 1 behind a TLS proxy that sets X-Forwarded-Proto |
| DJANGO_HSTS_SECONDS | one year | HSTS max-age |
| DJANGO_LOG_LEVEL | WARNING | root log level |
| IGF_LOG_FORMAT | text | `json`: one JSON object a log line |
| SENTRY_DSN | (unset) | errors to Sentry (needs the optional sentry-sdk) |
| IGF_TASKS | database (DEBUG off), immediate (DEBUG on) | `immediate`: background tasks run in the request (tests, one process with no worker) |
| IGF_REPORTS_PER_HOUR | 5 | readers' problem reports accepted from one network address an hour |
| IGF_RELEASE | (a hash of the code's files) | the release key ETags and stored pages carry; the same for every server of a release |
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# --- Core ---------------------------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG", True)
PRODUCTION = os.environ.get("DJANGO_ENV", "").strip().lower() == "production"
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DJANGO_ENV=production refuses to start with DJANGO_DEBUG on.")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-only"  # never used with DEBUG off
elif not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak for production: use 50+ random characters, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "reversion",
    "axes",
    # Django's tasks framework, stored in the database (no other server): after an edit, the tiers
    # and the factor rows' details are rendered again by a worker (`manage.py db_worker`).
    "django_tasks_db",
    "igfapp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "igfapp.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # A view's database error while the database is down: the 503 page, logged once (outage.py).
    "igfapp.outage.DatabaseOutageMiddleware",
    # Conditional GET + page cache (igfapp/caching.py). Above the session/CSRF/messages
    # middleware so that it sees every cookie they set before deciding what may be cached.
    "igfapp.caching.ContentCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Query values no editor can mean (a NUL, a huge date part) are a 400 in the admin, not a 500.
    "igfapp.middleware.AdminOddInputMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "igfapp.urls"
if env_bool("IGF_BENCH", False):
    # bench/bench_server.py only: adds a bare constant-bytes view beside the real site.
    ROOT_URLCONF = "bench.urls"
WSGI_APPLICATION = "igfapp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "igfapp.context_processors.site",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
# SQLite by default; DATABASE_URL (dj-database-url: postgres://user:pass@host:port/name, or
# sqlite:///path) for another. PostgreSQL is the scale-out path: several app servers and a worker
# on one database. Its connections are kept between requests (DJANGO_CONN_MAX_AGE) or, with
# DJANGO_DB_POOL=1, pooled per process by psycopg's pool (Django's built-in support; README,
# "Running on several servers", gives the connection budget).

_SQLITE_OPTIONS = {
    # Every transaction takes the write lock when it begins: an import and an admin save then queue
    # for it (for up to `timeout` seconds) instead of interleaving, and a transaction that read
    # first never fails to upgrade to writing ("database is locked").
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,
}


def database_from_url(url: str) -> dict:
    """DATABASE_URL → Django's DATABASES entry (dj-database-url), with this site's options."""
    import dj_database_url

    try:
        config = dj_database_url.parse(url, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL: {error}") from None
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = int(os.environ.get("DJANGO_CONN_MAX_AGE", "600"))
        config["OPTIONS"] = {**_SQLITE_OPTIONS, **config.get("OPTIONS", {})}
        return config
    if engine != "django.db.backends.postgresql":
        raise ImproperlyConfigured(f"Unsupported DATABASE_URL engine: {engine} (use postgres:// or sqlite://)")
    # Keep connections between requests, but check them first: a restarted database must not turn
    # into errors (or a failing /readyz) until the connection ages out.
    config["CONN_MAX_AGE"] = int(os.environ.get("DJANGO_CONN_MAX_AGE", "60"))
    if env_bool("DJANGO_DB_POOL", False):
        # A pool per process instead of persistent connections (Django requires CONN_MAX_AGE 0).
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            **config.get("OPTIONS", {}),
            "pool": {
                "min_size": int(os.environ.get("DJANGO_DB_POOL_MIN", "1")),
                "max_size": int(os.environ.get("DJANGO_DB_POOL_MAX", "4")),
            },
        }
    return config


_TEST_DB_DIR = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("DJANGO_SQLITE_PATH", BASE_DIR / "db.sqlite3"),
            # Reopening costs more than the page: SQLite re-reads the schema on every new connection.
            "CONN_MAX_AGE": int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": dict(_SQLITE_OPTIONS),
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests use a file, not SQLite's in-memory default: Django shares one in-memory connection
    # between the live server's threads, and the browser tests' concurrent requests then garble
    # each other's queries ("bad parameter or other API misuse"). In RAM where possible, one per
    # test process.
    DATABASES["default"]["TEST"] = {"NAME": str(_TEST_DB_DIR / f"igf-test-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caches -------------------------------------------------------------------------------
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered pages kept per process (igfapp/caching.py), each checked against the current content
# revision before use, so nothing needs sharing or purging. 0 turns it off.
# The public origin pages name in their canonical links and citations. Set, those no longer follow
# the Host a request came with, so a tier's bytes are the same for every reader and are stored
# compressed (igfapp/reader_pages.py).
SITE_ORIGIN = os.environ.get("IGF_SITE_ORIGIN", "").strip().rstrip("/")
if SITE_ORIGIN and (not SITE_ORIGIN.startswith(("http://", "https://")) or "/" in SITE_ORIGIN.split("://", 1)[1]):
    raise ImproperlyConfigured(
        f"IGF_SITE_ORIGIN must be a scheme and host only, e.g. https://example.org (got {SITE_ORIGIN!r})"
    )

PAGE_CACHE_MAX_BYTES = 32 * 1024 * 1024 if env_bool("IGF_PAGE_CACHE", True) else 0

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files (whitenoise: hashed, compressed, immutable) ------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# css/site.css and js/reader.js are bundles of the files under static/ (igfapp/bundles.py).
STATICFILES_FINDERS = [
    "igfapp.bundles.BundleFinder",
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
BUNDLE_ROOT = Path(os.environ.get("IGF_BUNDLE_ROOT", BASE_DIR / ".bundles"))
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security -----------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Every powerful browser feature off (igfapp/middleware.py). Names Chromium knows only: an unknown
# name makes it log a console error on every page.
# fmt: off
# In rows, not one name per line: a list to scan, like the header it becomes.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture",
        "encrypted-media", "geolocation", "gyroscope", "hid", "idle-detection", "magnetometer",
        "microphone", "midi", "payment", "picture-in-picture", "publickey-credentials-get",
        "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
    )
}
# fmt: on
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: forms carry the token in a hidden field ({% csrf_token %}), and the
# only htmx POST, the admin's live preview, copies its form's field into X-CSRFToken (admin_preview.js).
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # The container's HEALTHCHECK asks over plain HTTP from inside.
    SECURE_REDIRECT_EXEMPT = [r"^(healthz|livez|readyz)$"]
    if env_bool("DJANGO_TRUST_X_FORWARDED_PROTO", False):
        # Only behind a proxy that overwrites this header; otherwise clients could claim HTTPS.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Editorial workflow: login throttling (django-axes) ------------------------------------
# Axes checks every login first (a locked-out client never reaches the password check) and keeps
# failed attempts in the database, so the limit holds across server processes.
AUTHENTICATION_BACKENDS = [
    "igfapp.throttling.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
# Lock a username only from the address that failed: a stranger cannot lock an editor out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"

# --- Site ---------------------------------------------------------------------------------
# Readers' problem reports (igfapp/problem_reports.py): at most this many from one network address
# in REPORT_WINDOW; the next is refused with a message saying when to try again.
REPORTS_PER_WINDOW = int(os.environ.get("IGF_REPORTS_PER_HOUR", "5"))
REPORT_WINDOW = timedelta(hours=1)
# Where import_content / export_content read and write by default.
CONTENT_DIR = Path(os.environ.get("IGF_CONTENT_DIR", BASE_DIR / "content"))
# Reader preferences (depth, theme, pop-ups) live in the browser's localStorage (static/js/prefs.js):
# no cookie, so anonymous pages are the same bytes for every reader and any shared cache can keep them.

# --- Background tasks ---------------------------------------------------------------------
# Re-rendering what readers get after an edit runs off the request (igfapp/after_change.py): queued
# in the database, run by `manage.py db_worker` (make prod, compose, the container's `worker`).
# IGF_TASKS=immediate runs them in the request instead: the default while developing (`make run`
# has no worker) and in the tests.
TASKS_MODE = os.environ.get("IGF_TASKS", "immediate" if DEBUG else "database")
if TASKS_MODE not in {"immediate", "database"}:
    raise ImproperlyConfigured(f"IGF_TASKS must be immediate or database (got {TASKS_MODE!r})")
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"
        if TASKS_MODE == "immediate"
        else "django_tasks_db.DatabaseBackend",
    }
}

# --- Logs and errors ------------------------------------------------------------------------
# Every line carries its time, level and logger; IGF_LOG_FORMAT=json writes one JSON object a line
# (for a log collector). Errors also go to Sentry when SENTRY_DSN is set and sentry-sdk is
# installed (`pip install sentry-sdk`; never required to run).
LOG_FORMAT = os.environ.get("IGF_LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"IGF_LOG_FORMAT must be text or json (got {LOG_FORMAT!r})")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "igfapp.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    from igfapp.logs import start_sentry

    start_sentry(SENTRY_DSN, environment=os.environ.get("DJANGO_ENV", "development"))
