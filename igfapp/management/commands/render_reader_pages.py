from django.core.management.base import BaseCommand

from igfapp.models import ReaderPage
from igfapp.reader_pages import render_reader_pages


class Command(BaseCommand):
    help = (
        "Render and store the tiers as readers get them (igfapp/reader_pages.py), for this release and "
        "these settings. Run by `make prod` and the container after collectstatic, before serving: stored "
        "pages of another release are not used, and every content change renders them again anyway."
    )

    def handle(self, *args, **options):
        render_reader_pages()
        compressed = ReaderPage.objects.exclude(page_br=b"").count()
        self.stdout.write(f"Stored {ReaderPage.objects.count()} tier pages ({compressed} compressed).")
