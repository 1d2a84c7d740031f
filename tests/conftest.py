"""Shared fixtures: a small content tree, the real content/, and helpers to break files."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings

from igfapp.importing import import_content

FIXTURE_CONTENT = Path(__file__).parent / "fixtures" / "content"


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no stored pages: a test's rolled-back transaction can bring the
    content revision back to a number an earlier test's pages were stored under."""
    from igfapp.caching import page_store

    page_store.clear()
    yield
    page_store.clear()


@pytest.fixture
def content_dir(tmp_path) -> Path:
    """A writable copy of the small fixture content tree."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target


@pytest.fixture
def small_site(db, content_dir):
    """The fixture content, imported."""
    import_content(content_dir)
    return content_dir


@pytest.fixture
def real_site(db):
    """The project's real content/, imported."""
    import_content(Path(settings.CONTENT_DIR))
    return Path(settings.CONTENT_DIR)


def settle_content(seconds: int = 10) -> None:
    """As if the last edit were `seconds` ago: pages only carry Last-Modified once the second of
    the last edit is over (igfapp/caching.py)."""
    from datetime import timedelta

    from django.utils import timezone

    from igfapp.models import ContentRevision
    from igfapp.revision import current_revision

    current_revision()  # on PostgreSQL, fires the deferred triggers of this transaction's writes first
    ContentRevision.objects.update(changed_at=timezone.now() - timedelta(seconds=seconds))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
