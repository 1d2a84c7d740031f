"""The caching proxy that ships (deploy/nginx/), started in front of the app: an anonymous page is
served compressed and, the second time, from nginx's cache; a staff request never is.

Debian's nginx is installed by `make test` (the `proxy` target); a machine without it fails here,
it does not skip.
"""

from __future__ import annotations

import gzip
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

RENDER = Path(settings.BASE_DIR) / "deploy" / "nginx" / "render.py"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def proxy(live_server, real_content_rows, transactional_db):
    """nginx with the shipped configuration, in front of the live server; yields its base URL."""
    from tests.conftest import restore_real_content

    restore_real_content(real_content_rows)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.fail("nginx is missing: run 'make test' (it installs Debian's nginx-light)")
    port = free_port()
    upstream = live_server.url.removeprefix("http://")
    # Not under pytest's tmp_path: as root, nginx's workers run as nobody and must reach the folder.
    run_dir = Path(tempfile.mkdtemp(prefix="igf-proxy-test."))
    run_dir.chmod(0o755)
    conf = subprocess.run(
        [sys.executable, str(RENDER), "--listen", f"127.0.0.1:{port}", "--app", upstream, "--run-dir", str(run_dir)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    (run_dir / "nginx.conf").write_text(conf)
    process = subprocess.Popen(
        [nginx, "-e", "stderr", "-p", str(run_dir), "-c", str(run_dir / "nginx.conf"), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail(f"nginx did not start: {process.stderr.read1().decode()}")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(run_dir, ignore_errors=True)


def get(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def test_an_anonymous_page_is_served_compressed_and_then_from_the_cache(proxy):
    status, first, body = get(proxy + "/learn/fundamentals/", **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert first["content-encoding"] == "gzip"
    assert b"<h1" in gzip.decompress(body)
    assert first["x-cache-status"] == "MISS"
    assert "set-cookie" not in first
    status, second, _ = get(proxy + "/learn/fundamentals/", **{"Accept-Encoding": "gzip"})
    assert status == 200 and second["x-cache-status"] == "HIT"


def test_a_staff_request_is_never_served_from_or_stored_in_the_cache(proxy, client, editor):
    get(proxy + "/learn/academic/")
    assert get(proxy + "/learn/academic/")[1]["x-cache-status"] == "HIT"  # cached for readers
    client.force_login(editor)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    for _ in range(2):
        status, headers, _ = get(proxy + "/learn/academic/", Cookie=f"{settings.SESSION_COOKIE_NAME}={session}")
        assert status == 200
        assert headers["x-cache-status"] == "BYPASS"
        assert "no-store" in headers["cache-control"] and "private" in headers["cache-control"]
    # Readers still get the copy in the cache: the editor's responses were never stored.
    assert get(proxy + "/learn/academic/")[1]["x-cache-status"] == "HIT"


def test_a_tier_stored_compressed_reaches_each_browser_in_an_encoding_it_takes(proxy, settings):
    """The app sends a stored tier brotli-compressed to a browser that takes it (igfapp/reader_pages.py);
    nginx keeps that copy apart from the one for browsers that do not (the app's `Vary`)."""
    import brotli

    from igfapp.reader_pages import render_reader_pages

    settings.SITE_ORIGIN = "https://igf.example.org"
    render_reader_pages()
    url = proxy + "/learn/academic/"
    browser = {"Accept-Encoding": "gzip, deflate, br, zstd"}

    _, first, packed = get(url, **browser)
    _, second, again = get(url, **browser)
    _, for_gzip, zipped = get(url, **{"Accept-Encoding": "gzip"})
    _, for_none, plain = get(url)

    assert first["content-encoding"] == "br" and first["x-cache-status"] == "MISS"
    assert second["content-encoding"] == "br" and second["x-cache-status"] == "HIT" and again == packed
    assert for_gzip["content-encoding"] == "gzip"
    assert "content-encoding" not in for_none
    assert brotli.decompress(packed) == gzip.decompress(zipped) == plain
    assert b'<link rel="canonical" href="https://igf.example.org/learn/academic/">' in plain


def test_an_admin_login_through_the_proxy_on_a_non_default_port_succeeds(proxy, editor):
    """A browser's login POST carries `Origin: http://127.0.0.1:<port>`; Django's CSRF check compares
    it with the Host nginx passes on, which must keep the port (it once sent `$host`: 403)."""
    import http.cookiejar
    import re
    from urllib.parse import urlencode

    from tests.admin_helpers import PASSWORD

    assert not proxy.endswith((":80", ":443"))
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(proxy + "/admin/login/?next=/admin/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urlencode(
        {"csrfmiddlewaretoken": token, "username": editor.username, "password": PASSWORD, "next": "/admin/"}
    )
    request = urllib.request.Request(
        proxy + "/admin/login/?next=/admin/",
        data=form.encode(),
        headers={
            "Origin": proxy,
            "Referer": proxy + "/admin/login/",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    with opener.open(request, timeout=10) as response:  # follows the redirect to the admin's home
        assert response.status == 200
        assert response.url == proxy + "/admin/"
        assert "Log out" in response.read().decode()


def test_links_through_the_proxy_keep_the_port(proxy):
    """With no IGF_SITE_ORIGIN, a page's canonical link and robots.txt's sitemap name the host and
    port the reader asked for."""
    _, _, page = get(proxy + "/learn/fundamentals/")
    assert f'<link rel="canonical" href="{proxy}/learn/fundamentals/">'.encode() in page
    _, _, robots = get(proxy + "/robots.txt")
    assert f"Sitemap: {proxy}/sitemap.xml".encode() in robots
