from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from igfapp.after_change import after_everything_changed
from igfapp.editorial.content_sync import UnexportedAdminEdits
from igfapp.importing import ImportFailed, import_content

KEEP_EDITS_ADVICE = (
    "To keep them, run 'manage.py export_content' (it writes the admin's work into content/, where it can be "
    "reviewed and committed), then import again. To throw them away instead, run "
    "'manage.py import_content --discard-admin-edits' (an overwritten item keeps the admin's versions in its history)."
)


class Command(BaseCommand):
    help = (
        "Load content/ into the database: validate every file first, then apply in one transaction. "
        "Refuses, changing nothing, when it would overwrite or delete admin edits not yet exported."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--content-dir",
            type=Path,
            default=None,
            help="Folder to read (default: settings.CONTENT_DIR, i.e. ./content).",
        )
        admin_edits = parser.add_mutually_exclusive_group()
        admin_edits.add_argument(
            "--skip-if-admin-edits",
            action="store_true",
            help="If the import would lose admin edits, leave the database as it is, warn and succeed "
            "(what 'make run' and the container start do, so a restart never loses editors' work).",
        )
        admin_edits.add_argument(
            "--discard-admin-edits",
            action="store_true",
            help="Import even if that overwrites or deletes admin edits not yet exported.",
        )

    def handle(self, *args, content_dir=None, skip_if_admin_edits=False, discard_admin_edits=False, **options):
        root = content_dir or settings.CONTENT_DIR
        try:
            report = import_content(Path(root), discard_admin_edits=discard_admin_edits)
        except ImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"import_content: {len(failure.errors)} problem(s) found; the database was not changed."
            ) from None
        except UnexportedAdminEdits as refusal:
            self._explain(refusal, as_error=not skip_if_admin_edits)
            # The content stays as it is, but this release's templates and renderer may differ from
            # the ones that stored its HTML (a deploy): render it again, as an import would have.
            after_everything_changed()
            self.stdout.write("Stored HTML rendered again with this release's templates.")
            return
        for line in report.lines():
            self.stdout.write(line)
        for edit in report.discarded:
            self.stdout.write(self.style.WARNING(f"discarded: {edit}"))
        self.stdout.write(self.style.SUCCESS("Content is up to date." if not report.changed else "Content imported."))

    def _explain(self, refusal: UnexportedAdminEdits, *, as_error: bool) -> None:
        for edit in refusal.edits:
            self.stderr.write(str(edit))
        summary = (
            f"import_content: {len(refusal.edits)} item(s) have admin work that content/ does not hold yet; "
            "the database was not changed."
        )
        if as_error:
            raise CommandError(f"{summary} {KEEP_EDITS_ADVICE}")
        self.stderr.write(
            self.style.WARNING(f"{summary} The site keeps serving the database as it is. {KEEP_EDITS_ADVICE}")
        )
