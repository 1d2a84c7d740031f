"""The content revision and the release: the two things besides the request that every page's
validators (igfapp/caching.py) depend on.

- `ContentRevision` is one row that database triggers bump on every INSERT / UPDATE / DELETE of any
  igfapp table. Triggers, not Django signals: they also see `QuerySet.update()` (used when HTML is
  re-rendered), bulk writes, deletions, M2M changes, a draft being published and raw SQL, and they
  commit atomically with the change itself, so a reader never sees the new content revision with
  the old content. On PostgreSQL they are deferred to COMMIT: two editors saving at once queue on the
  revision row instead of deadlocking on it.
- The release is a stamp of the templates, code and static manifest this process serves, so a
  deploy that changes a template does not answer 304 with the old HTML.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections, models, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.dateparse import parse_datetime

# --- The content revision ------------------------------------------------------------------


@dataclass(frozen=True)
class ContentRevisionRow:
    """The content revision as read: its number and when it last changed."""

    number: int
    changed_at: datetime


def current_content_revision(using: str = "default") -> ContentRevisionRow:
    """The committed content revision: one primary-key read (raw SQL: this runs on every page)."""
    from .models import ContentRevision

    connection = connections[using]
    table = connection.ops.quote_name(ContentRevision._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and connection.in_atomic_block:
            # Inside an open transaction (a test, ATOMIC_REQUESTS) the deferred triggers have not
            # fired yet: fire them now (and from now on), so the transaction reads its own writes.
            cursor.execute("SET CONSTRAINTS igf_content_revision IMMEDIATE")
        cursor.execute(f"SELECT number, changed_at FROM {table} WHERE id = 1")
        row = cursor.fetchone()
    if row is None:  # a flush removed it; the next content write would recreate it
        ContentRevision.objects.using(using).bulk_create(
            [ContentRevision(pk=1, number=0, changed_at=timezone.now())], ignore_conflicts=True
        )
        return current_content_revision(using)
    number, changed_at = row
    if isinstance(changed_at, str):  # SQLite keeps text
        changed_at = parse_datetime(changed_at)
    if timezone.is_naive(changed_at):
        changed_at = timezone.make_aware(changed_at, UTC)
    return ContentRevisionRow(number, changed_at)


def content_tracked_models() -> list[type[Model]]:
    """Every concrete igfapp table, many-to-many tables included, whose writes change pages."""
    return [
        model
        for model in apps.get_app_config("igfapp").get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not getattr(model, "content_revision_exempt", False)
    ]


_SQLITE_TRIGGER = """
CREATE TRIGGER "igf_rev_{table}_{event}" AFTER {event} ON "{table}"
BEGIN
  INSERT INTO "{revision_table}" (id, number, changed_at)
  VALUES (1, 1, strftime('%Y-%m-%d %H:%M:%f', 'now'))
  ON CONFLICT (id) DO UPDATE SET number = number + 1, changed_at = excluded.changed_at;
END
"""

_POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION igf_bump_content_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "{revision_table}" (id, number, changed_at) VALUES (1, 1, clock_timestamp())
  ON CONFLICT (id) DO UPDATE SET number = "{revision_table}".number + 1, changed_at = clock_timestamp();
  RETURN NULL;
END;
$$
"""

# A deferred constraint trigger bumps the revision at COMMIT, after every content row lock is
# held, so two editors saving at once queue on the revision row instead of deadlocking on it.
_POSTGRES_TRIGGERS = [
    'DROP TRIGGER IF EXISTS igf_content_revision ON "{table}"',
    (
        'CREATE CONSTRAINT TRIGGER igf_content_revision AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION igf_bump_content_revision()"
    ),
    'DROP TRIGGER IF EXISTS igf_content_revision_truncate ON "{table}"',
    (
        'CREATE TRIGGER igf_content_revision_truncate AFTER TRUNCATE ON "{table}" '
        "FOR EACH STATEMENT EXECUTE FUNCTION igf_bump_content_revision()"
    ),
]


def install_content_revision_triggers(using: str = "default", **kwargs) -> None:
    """Create the triggers a tracked table lacks (or, on SQLite, has in another form); idempotent.

    Runs after each `migrate`, and so after each `flush` (every transactional test), which keeps
    the triggers: checking first makes that a catalogue read instead of some hundred DDL statements.
    """
    from .models import ContentRevision

    connection = connections[using]
    existing = set(connection.introspection.table_names())
    revision_table = ContentRevision._meta.db_table
    if revision_table not in existing:
        return
    tables = [m._meta.db_table for m in content_tracked_models() if m._meta.db_table in existing]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _install_sqlite_triggers(cursor, tables, revision_table)
        elif connection.vendor == "postgresql":
            _install_postgres_triggers(cursor, tables, revision_table)
        else:  # pragma: no cover - the project supports SQLite and PostgreSQL only
            raise NotImplementedError(f"content revision triggers for {connection.vendor}")


def _install_sqlite_triggers(cursor, tables: list[str], revision_table: str) -> None:
    cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'igf_rev_%'")
    installed = {name: " ".join(sql.split()) for name, sql in cursor.fetchall()}
    for table in tables:
        for event in ("INSERT", "UPDATE", "DELETE"):
            name = f"igf_rev_{table}_{event}"
            sql = _SQLITE_TRIGGER.format(table=table, event=event, revision_table=revision_table)
            if installed.get(name) != " ".join(sql.split()):
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
                cursor.execute(sql)


def _install_postgres_triggers(cursor, tables: list[str], revision_table: str) -> None:
    cursor.execute(_POSTGRES_FUNCTION.format(revision_table=revision_table))
    # Complete: both triggers, calling the function, the row trigger deferred to COMMIT (an older
    # database's immediate one is replaced).
    cursor.execute(
        "SELECT c.relname, count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE t.tgfoid = 'igf_bump_content_revision'::regproc AND ("
        "(t.tgname = 'igf_content_revision' AND t.tgdeferrable AND t.tginitdeferred) "
        "OR t.tgname = 'igf_content_revision_truncate') GROUP BY c.relname"
    )
    complete = {table for table, count in cursor.fetchall() if count == 2}
    for table in tables:
        if table not in complete:
            for statement in _POSTGRES_TRIGGERS:
                cursor.execute(statement.format(table=table))


# --- The release ---------------------------------------------------------------------------
# The same for every server running the same code, wherever it was unpacked and whenever: an
# explicit IGF_RELEASE, else a hash of the files' names (relative to the project) and contents,
# never their paths or times. Servers behind one load balancer then send the same ETags and share
# the stored tiers. A deploy's Last-Modified moves on because the release step bumps the content
# revision (`manage.py release`); while developing, the newest file time does it instead.


def _release_sources() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return [base / "templates", base / "igfapp", base / "static", Path(settings.STATIC_ROOT) / "staticfiles.json"]


def _is_source(path: Path) -> bool:
    # Bytecode is written as workers start, so it would make their stamps differ.
    return path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"


_file_digests: dict[tuple[str, int, int], bytes] = {}


def _file_digest(path: Path, stat) -> bytes:
    """A file's contents' hash, read again only when its size or time changed (DEBUG stamps often)."""
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _file_digests:
        _file_digests[key] = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    return _file_digests[key]


def _stamp_files() -> tuple[str, float]:
    """(hash of every source file's relative name and contents; newest file time, while developing)."""
    explicit = os.environ.get("IGF_RELEASE", "").strip()
    if explicit and not settings.DEBUG:
        return hashlib.blake2b(explicit.encode(), digest_size=16).hexdigest(), 0.0
    digest = hashlib.blake2b(explicit.encode(), digest_size=16)
    newest = 0.0
    for source in _release_sources():
        files = [source] if source.is_file() else sorted(p for p in source.rglob("*") if _is_source(p))
        for path in files:
            stat = path.stat()
            name = path.relative_to(source.parent)  # "templates/page.html": never where it was unpacked
            digest.update(f"{name.as_posix()}\0".encode() + _file_digest(path, stat))
            newest = max(newest, stat.st_mtime)
    return digest.hexdigest(), newest if settings.DEBUG else 0.0


_stamp_once = cache(_stamp_files)


def release_stamp() -> tuple[str, float]:
    """Once per process in production; on every request while developing (templates change)."""
    return _stamp_files() if settings.DEBUG else _stamp_once()


def mark_new_release() -> ContentRevisionRow:
    """Move the content revision on (number and time), as a content change would: every page's
    validators change, so no cache answers 304 with a page of the previous release."""
    from .models import ContentRevision

    with transaction.atomic():
        ContentRevision.objects.filter(pk=1).update(number=models.F("number") + 1, changed_at=timezone.now())
    return current_content_revision()
