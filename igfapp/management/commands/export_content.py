from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from igfapp.exporting import ExportFailed, export_content


class Command(BaseCommand):
    help = (
        "Write the database back into content/ in the import format: check every file first, then write "
        "only the files that changed and remove the files of rows that no longer exist."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--content-dir",
            type=Path,
            default=None,
            help="Folder to write (default: settings.CONTENT_DIR, i.e. ./content).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; list the files an export would change and exit with an error if there are any.",
        )

    def handle(self, *args, content_dir=None, check=False, **options):
        root = Path(content_dir or settings.CONTENT_DIR)
        try:
            report = export_content(root, dry_run=check)
        except ExportFailed as failure:
            for error in failure.errors:
                self.stderr.write(error)
            raise CommandError(
                f"export_content: {len(failure.errors)} problem(s) found; no file was written."
            ) from None
        for line in report.lines():
            self.stdout.write(line)
        if check:
            for name in report.changed_files:
                self.stdout.write(f"would change: {name}")
            if report.changed:
                raise CommandError(
                    f"export_content --check: {len(report.changed_files)} file(s) differ from the database."
                )
            self.stdout.write(self.style.SUCCESS("content/ matches the database."))
            return
        self.stdout.write(
            self.style.SUCCESS("Content exported." if report.changed else "content/ was already up to date.")
        )
