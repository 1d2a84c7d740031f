"""Shared fixtures: a small content tree, the real content/, and helpers to break files."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings

from igfapp.importing import import_content

FIXTURE_CONTENT = Path(__file__).parent / "fixtures" / "content"


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


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
