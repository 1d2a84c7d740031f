from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from igfapp.after_change import queue_render
from igfapp.content_revision import mark_new_release
from igfapp.models import Article
from igfapp.search_index import rebuild_index

IMPORT_MODES = ("always", "if-empty", "never")
# Any number the release steps of one database agree on: PostgreSQL's advisory lock (SQLite: a lock
# file) makes a second release wait for the first instead of racing it through migrate
# (DuplicateTable, pg_type).
RELEASE_LOCK = 4_242_001


class Command(BaseCommand):
    help = (
        "Once per deploy, before the app servers start (they only serve): migrate, collect the static "
        "files, import content/ (never over admin edits not yet exported), build the search index, move the content revision "
        "on so no cache keeps the previous release's pages, and queue the tiers' render for the worker. "
        "Two release steps started at once on one PostgreSQL database run one after the other."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--import",
            dest="import_mode",
            choices=IMPORT_MODES,
            default="always",
            help="always: load content/ (skipped with a warning if admin edits are not exported yet); "
            "if-empty: only into an empty database; never: leave the content alone (default: always).",
        )
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="Skip collectstatic (an image that collected its static files when it was built).",
        )

    def handle(self, *args, import_mode="always", no_collectstatic=False, **options):
        verbosity = options.get("verbosity", 1)
        with self.release_lock():
            call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
            # Before the import: rendering the tiers names the static files by their hashed names.
            if not no_collectstatic:
                call_command("collectstatic", interactive=False, verbosity=0)
            if import_mode == "always" or (import_mode == "if-empty" and not Article.objects.exists()):
                call_command("import_content", skip_if_admin_edits=True, verbosity=verbosity)
            else:
                self.stdout.write(f"release: content left as it is (--import {import_mode})")
            # The search index, whatever the import did (a database migrated to the index has none yet).
            rebuild_index()
            revision = mark_new_release()
            queue_render(factor_ids=[])
        where = "queued for the worker" if settings.TASKS_MODE == "database" else "rendered"
        self.stdout.write(self.style.SUCCESS(f"Released: content revision {revision.number}; the tiers are {where}."))

    def release_lock(self):
        if connection.vendor == "postgresql":
            return _AdvisoryLock()
        return _FileLock(f"{connection.settings_dict['NAME']}.release-lock")


class _AdvisoryLock:
    def __enter__(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [RELEASE_LOCK])

    def __exit__(self, *exc):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [RELEASE_LOCK])
        except Exception as error:  # the lock ends with the session anyway
            raise CommandError(f"release: could not release the advisory lock: {error}") from None
        return False


class _FileLock:
    """SQLite: a lock file beside the database, held while one release step runs (migrate runs many
    transactions, so SQLite's own write lock alone would let two release steps interleave)."""

    def __init__(self, path: str):
        self.path = path

    def __enter__(self):
        import fcntl

        self.file = open(self.path, "a")
        fcntl.flock(self.file, fcntl.LOCK_EX)

    def __exit__(self, *exc):
        import fcntl

        fcntl.flock(self.file, fcntl.LOCK_UN)
        self.file.close()
        return False
