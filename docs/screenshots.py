"""Take the README's screenshots: an article on a desktop, a glossary pop-up on a phone, and the
axis diagram with a lifestyle factor chosen (dark theme).

    .venv/bin/python docs/screenshots.py            # writes docs/screenshots/*.png

It builds a throwaway database from content/, serves it with Django's development server on a free
port, drives Debian's Chromium with Playwright, and stops the server. Your own db.sqlite3 is untouched.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
# The desktop browser readers run (Debian's `chromium`), not the tests' headless shell: its pixels.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def content_server():
    """A development server over a fresh database loaded from content/; yields its base URL."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DJANGO_SQLITE_PATH": str(Path(tmp) / "screenshots.sqlite3"), "DJANGO_DEBUG": "1"}
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
        subprocess.run([*manage, "import_content"], env=env, check=True, stdout=subprocess.DEVNULL)
        port = free_port()
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=10)


def wait_until_up(base: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the development server did not answer at {base}")


def article_desktop(browser, base: str) -> Path:
    context = browser.new_context(
        viewport={"width": 1280, "height": 1000}, color_scheme="light", reduced_motion="reduce"
    )
    page = context.new_page()
    page.goto(base + "/learn/fundamentals/")
    path = OUT / "article-desktop.png"
    page.screenshot(path=path)
    context.close()
    return path


def glossary_popup_mobile(browser, base: str) -> Path:
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        color_scheme="light",
        reduced_motion="reduce",
    )
    page = context.new_page()
    page.goto(base + "/learn/fundamentals/#introduction")
    term = page.locator("#introduction .prose a.term[data-term='growth-hormone']").first
    term.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -window.innerHeight / 3)")  # leave room for the card below
    term.tap()  # a first tap opens the card
    page.wait_for_selector("[data-popup-card]")
    page.wait_for_timeout(200)
    path = OUT / "glossary-popup-mobile.png"
    page.screenshot(path=path)
    context.close()
    return path


def diagram_dark(browser, base: str) -> Path:
    context = browser.new_context(
        viewport={"width": 1280, "height": 1000}, color_scheme="dark", reduced_motion="reduce"
    )
    page = context.new_page()
    page.goto(base + "/")
    page.locator("#axis-diagram a[data-axis-factor='chronic-stress']").click()
    page.locator("#axis-diagram").evaluate("el => el.scrollIntoView()")
    path = OUT / "axis-diagram-dark.png"
    page.screenshot(path=path)
    context.close()
    return path


def main() -> None:
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    OUT.mkdir(parents=True, exist_ok=True)
    with content_server() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for shoot in (article_desktop, glossary_popup_mobile, diagram_dark):
                print(shoot(browser, base).relative_to(ROOT))
        finally:
            browser.close()


if __name__ == "__main__":
    main()
