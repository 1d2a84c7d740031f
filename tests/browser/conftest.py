"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

import os
from pathlib import Path

import pytest

from tests.conftest import restore_real_content

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by fixtures
# are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Debian's Chromium headless shell (package chromium-headless-shell, from Debian's `chromium` source
# package; `make test` installs it): Chromium's Blink and V8 without the desktop browser around them.
# Playwright's own headless runs use this build (since 1.49). It is not the browser readers run: the
# desktop browser differs in its PDF viewer, GPU and screenshot pixels, none of which these tests
# read. Measured on this 2-core machine (bench/README.md, "CI time"): a new context, page and load
# cost 0.28 core-s against 0.90 in the full browser, and the 153 browser tests 213 core-s against
# 440, with every test passing in both. TEST_CHROMIUM=/usr/bin/chromium runs them in the full browser.
CHROMIUM = os.environ.get("TEST_CHROMIUM", "/usr/bin/chromium-headless-shell")
# Flags for a sandboxed, offline machine: no background network chatter, no GPU.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run 'make test', which installs Debian's chromium-headless-shell")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def real_reader_pages(django_db_setup, django_db_blocker, real_content_rows) -> list[dict]:
    """The tiers as an import stores them for the real content (igfapp/reader_pages.py), rendered
    once per session: the same content and release give the same rows."""
    from django.db import transaction

    from igfapp.models import ReaderPage
    from igfapp.reader_pages import render_reader_pages

    with django_db_blocker.unblock(), transaction.atomic():
        restore_real_content(real_content_rows)
        render_reader_pages()
        rows = list(ReaderPage.objects.values())
        transaction.set_rollback(True)
    return rows


@pytest.fixture
def site(transactional_db, live_server, real_content_rows, real_reader_pages):
    """The real content/, as imported, served by the live server; returns its base URL. The tiers
    are stored as readers get them, as an import leaves them, under this test's content revision."""
    from igfapp.content_revision import current_content_revision
    from igfapp.models import ReaderPage

    restore_real_content(real_content_rows)
    revision = current_content_revision().number
    ReaderPage.objects.bulk_create(ReaderPage(**{**row, "content_revision": revision}) for row in real_reader_pages)
    return live_server.url


def _new_page(browser, **options):
    context = browser.new_context(**options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    return page


@pytest.fixture
def page(browser):
    page = _new_page(browser, viewport={"width": 1280, "height": 900})
    yield page
    page.context.close()


@pytest.fixture
def nojs_page(browser):
    page = _new_page(browser, viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    yield page
    page.context.close()


@pytest.fixture
def editor_login(transactional_db):
    """A staff user in the Editors group (not a superuser), who logs in with editors.log_in."""
    from django.contrib.auth.models import User

    from tests.admin_helpers import PASSWORD, editors_group

    from .editors import USERNAME

    user = User.objects.create_user(USERNAME, "edna@example.org", PASSWORD, is_staff=True)
    user.groups.add(editors_group())
    return user
