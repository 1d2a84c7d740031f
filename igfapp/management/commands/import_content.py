from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from igfapp.importing import ImportFailed, import_content


class Command(BaseCommand):
    help = "Load content/ into the database: validate every file first, then apply in one transaction."

    def add_arguments(self, parser):
        parser.add_argument(
            "--content-dir",
            type=Path,
            default=None,
            help="Folder to read (default: settings.CONTENT_DIR, i.e. ./content).",
        )

    def handle(self, *args, content_dir=None, **options):
        root = content_dir or settings.CONTENT_DIR
        try:
            report = import_content(Path(root))
        except ImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"import_content: {len(failure.errors)} problem(s) found; the database was not changed."
            ) from None
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Content is up to date." if not report.changed else "Content imported."))
