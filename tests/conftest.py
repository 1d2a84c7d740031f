"""Shared fixtures: a small content tree, the real content/, and helpers to break files."""

import hashlib
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from igfapp.importing import import_content

FIXTURE_CONTENT = Path(__file__).parent / "fixtures" / "content"

# The fixtures that reach the database; a test that asks for one of them (directly or through
# another fixture) is marked `database`. The PostgreSQL pass (`make test-db`) runs those only.
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server", "django_user_model"}


# The longest test that needs no test database (it starts servers on a database of its own) starts
# first, so that no worker is left running it after the others have finished. A test that uses the
# test database keeps pytest-django's order (transactional tests after the others, as Django runs
# them: a flush between them leaves content types with new ids behind a cache that kept the old).
LONGEST_FIRST = ("tests/test_several_servers.py",)


def pytest_collection_modifyitems(items):
    for item in items:
        if DATABASE_FIXTURES & set(item.fixturenames) or item.get_closest_marker("django_db"):
            item.add_marker(pytest.mark.database)
    items.sort(key=run_order)  # stable: everything else keeps its order


def run_order(item) -> int:
    """0 for a test of LONGEST_FIRST that does not use the test database, 1 for every other."""
    moves = item.nodeid.split("::")[0] in LONGEST_FIRST and not DATABASE_FIXTURES & set(item.fixturenames)
    return 0 if moves else 1


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashing():
    """Users are created and logged in with a quick hasher (tests/passwords.py says why)."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["tests.passwords.QuickPBKDF2PasswordHasher"]):
        yield


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
    return import_once(content_dir)


@pytest.fixture
def cited_site(db, content_dir):
    """The fixture content with citations placed and an evidence note (tests/reference_factories.py)."""
    from tests.reference_factories import write_cited_content

    return import_once(write_cited_content(content_dir))


# --- One import per content tree ---------------------------------------------------------------
# An import parses, renders and indexes every file: about 0.2 s for the small fixture tree on SQLite
# and 0.5 s on PostgreSQL, and several hundred tests start from one of a handful of trees. The first
# test with a tree imports it for real; what that import wrote is read back and kept (per worker),
# and later tests with the same files get those rows written back (a few milliseconds). Tests of the
# importer itself call import_content.

_IMPORTED: dict[str, list[tuple[type, list[dict]]]] = {}


def _tree_key(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _all_rows() -> dict[type, dict]:
    from django.apps import apps

    return {
        model: {row[model._meta.pk.attname]: row for row in model._default_manager.values()}
        for model in apps.get_models(include_auto_created=True)
    }


def import_once(root: Path) -> Path:
    """import_content(root), or the rows an earlier import of the same files wrote, written back."""
    from igfapp.models import ContentRevision

    key = _tree_key(root)
    if key in _IMPORTED:
        restore_rows(_IMPORTED[key])
        return root
    before = _all_rows()
    import_content(root)
    rows = []
    for model, after in _all_rows().items():
        changed = [pk for pk in before[model].keys() & after.keys() if before[model][pk] != after[pk]]
        # The content revision is kept by the database's triggers: writing the rows back moves it.
        assert not changed or model is ContentRevision, f"an import changed existing {model.__name__} rows"
        new = [row for pk, row in after.items() if pk not in before[model]]
        if new:
            rows.append((model, new))
    _IMPORTED[key] = rows
    return root


# --- The real content/, imported once per test session ------------------------------------------
# Importing parses and renders every file (about 0.7 s); well over a hundred tests only need the
# result, so the rows are read once after a real import and written back for each test (a few
# milliseconds). Tests of the importer itself import for real.


def _content_tables() -> list:
    """The content models and their links' tables, parents before children."""
    from igfapp.kinds import CONTENT_MODELS

    models = list(CONTENT_MODELS)
    links = [
        field.remote_field.through
        for model in models
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]
    from igfapp.models import SearchEntry

    return models + links + [SearchEntry]  # the search index, as the import left it


@pytest.fixture(scope="session")
def real_content_rows(django_db_setup, django_db_blocker) -> list[tuple[type, list[dict]]]:
    """Every content row after importing content/, in primary-key order (link rows included:
    their order is the order of the lists in the files)."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        import_content(Path(settings.CONTENT_DIR))
        rows = [(model, list(model._default_manager.order_by("pk").values())) for model in _content_tables()]
        transaction.set_rollback(True)
    return rows


def restore_real_content(rows) -> Path:
    """Write the imported rows back, exactly as the import left them (ids, links, rendered HTML)."""
    restore_rows(rows)
    return Path(settings.CONTENT_DIR)


def restore_rows(rows: list[tuple[type, list[dict]]]) -> None:
    """Write rows back with their ids (links too); the database checks the references at commit."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    with transaction.atomic():
        for model, values in rows:
            model._default_manager.bulk_create(model(**row) for row in values)
        # Rows were written with their ids: move PostgreSQL's id sequences past them.
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [model for model, _ in rows]):
                cursor.execute(statement)


@pytest.fixture
def real_site(db, real_content_rows):
    """The project's real content/, as imported."""
    return restore_real_content(real_content_rows)


def settle_content(seconds: int = 10) -> None:
    """As if the last edit were `seconds` ago: pages only carry Last-Modified once the second of
    the last edit is over (igfapp/caching.py)."""
    from datetime import timedelta

    from django.utils import timezone

    from igfapp.content_revision import current_content_revision
    from igfapp.models import ContentRevision

    current_content_revision()  # on PostgreSQL, fires the deferred triggers of this transaction's writes first
    ContentRevision.objects.update(changed_at=timezone.now() - timedelta(seconds=seconds))


# --- Questions and plain words on the small fixture content ------------------------------------


@pytest.fixture
def learning_dir(content_dir):
    """The small fixture content with an evidence note, two questions and one summary."""
    from tests.learning_helpers import NOTE, QUESTION, TRUE_FALSE, add_plain_words

    write(content_dir / "evidence" / "liver-note.md", NOTE)
    write(content_dir / "questions" / "where-made.md", QUESTION.format(order=1))
    write(content_dir / "questions" / "pituitary.md", TRUE_FALSE)
    add_plain_words(content_dir)
    return content_dir


@pytest.fixture
def learning_site(db, learning_dir):
    return import_once(learning_dir)


# --- Editors -------------------------------------------------------------------------------------


@pytest.fixture
def editor(db):
    """A staff user in the Editors group (created by the migration), not a superuser."""
    from django.contrib.auth.models import User

    from tests.admin_helpers import PASSWORD, editors_group

    user = User.objects.create_user("edna", "edna@example.org", PASSWORD, is_staff=True)
    user.groups.add(editors_group())
    return user


@pytest.fixture
def editor_client(editor):
    from django.test import Client

    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def superuser_client(db):
    """A superuser's client (deleting items needs the delete permission, which editors lack)."""
    from django.contrib.auth.models import User
    from django.test import Client

    from tests.admin_helpers import PASSWORD

    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.org", PASSWORD))
    return client


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
