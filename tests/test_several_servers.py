"""Past one machine, run for real: two app servers from two copies of the checkout (other folders,
other file times) on one database, the background worker, and the shipped nginx in front of both.

On the database the suite runs on (the PostgreSQL pass: a fresh database on that server; SQLite: a
fresh file), with the production settings (DEBUG off, tasks in the database):
- both release steps started at once on the fresh database finish, nothing colliding, and both app
  servers start at once and only serve;
- both servers send the same ETag and the same stored tier, and store the same release;
- an admin save made through nginx with a real form login (CSRF included) reaches readers through
  nginx and through the other server within the delay the README promises (the worker renders it);
- one app server killed under load: nginx sends its requests to the other, no client sees an error.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
COPIED = ["igfapp", "templates", "static", "content", "deploy", "manage.py"]
PASSWORD = "several servers, one database"
# README, "Running on several servers": an edit reaches readers through nginx within 10 s (the
# worker's half-second poll, the render, then at most 5 s fresh and 5 s stale in the shared cache).
PROMISED_DELAY = 10


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_checkout(target: Path, *, file_time: float) -> Path:
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, target / name)
    for path in target.rglob("*"):
        os.utime(path, (file_time, file_time))
    return target


@pytest.fixture
def fresh_database():
    """A DATABASE_URL for a new, empty database of the kind the suite runs on; dropped afterwards."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("sqlite3"):
        folder = Path(tempfile.mkdtemp(prefix="igf-servers-db."))
        yield f"sqlite:///{folder / 'site.sqlite3'}"
        shutil.rmtree(folder, ignore_errors=True)
        return
    import psycopg

    config = settings.DATABASES["default"]
    name = f"igf_servers_{secrets.token_hex(4)}"
    admin = {"host": config["HOST"], "port": config["PORT"], "user": config["USER"], "password": config["PASSWORD"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    user, password = config["USER"], config["PASSWORD"]
    yield f"postgres://{user}:{password}@{config['HOST']}:{config['PORT']}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Site:
    """The processes of one deployment, stopped (whole process groups) at the end."""

    def __init__(self, database_url: str, tmp: Path):
        self.tmp = tmp
        self.processes: list[subprocess.Popen] = []
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "IGF_", "PYTEST", "DATABASE"))},
            "DJANGO_ENV": "production",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),  # one key for every server: sessions travel
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "IGF_TASKS": "database",
            "DJANGO_LOG_LEVEL": "WARNING",
        }

    def env_for(self, copy: Path) -> dict:
        return {**self.env, "DJANGO_STATIC_ROOT": str(copy / "staticfiles")}

    def shell(self, copy: Path, code: str) -> str:
        done = self.run(copy, "shell", "--no-imports", "-c", code)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def run(self, copy: Path, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=copy, env=self.env_for(copy), capture_output=True, text=True
        )

    def start(self, copy: Path, *command: str, log: str) -> subprocess.Popen:
        out = open(self.tmp / f"{log}.log", "w")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            command, cwd=copy, env=self.env_for(copy), stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        process.log = self.tmp / f"{log}.log"
        self.processes.append(process)
        return process

    def app_server(self, copy: Path, port: int, name: str) -> subprocess.Popen:
        granian = str(Path(sys.executable).parent / "granian")
        args = ["--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"]
        return self.start(copy, granian, *args, "--blocking-threads", "4", "igfapp.wsgi:application", log=name)

    def worker(self, copy: Path, interval: str = "0.2") -> subprocess.Popen:
        args = ["db_worker", "--queue-name", "*", "--interval", interval, "--no-reload"]
        return self.start(copy, sys.executable, "manage.py", *args, log="worker")

    def nginx(self, ports: list[int]) -> str:
        """The shipped nginx (deploy/nginx/render.py) in front of the app servers on `ports`, ready;
        its base URL."""
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        assert Path(nginx).exists(), "nginx is missing: run 'make test' (it installs Debian's nginx-light)"
        run_dir = Path(tempfile.mkdtemp(prefix="igf-servers-nginx."))
        run_dir.chmod(0o755)  # as root, nginx's workers run as nobody and must reach it
        listen = free_port()
        apps = [arg for port in ports for arg in ("--app", f"127.0.0.1:{port}")]
        render = [sys.executable, str(ROOT / "deploy/nginx/render.py"), "--listen", f"127.0.0.1:{listen}", *apps]
        conf = subprocess.run([*render, "--run-dir", str(run_dir)], check=True, capture_output=True, text=True)
        (run_dir / "nginx.conf").write_text(conf.stdout)
        config = ["-e", "stderr", "-p", str(run_dir), "-c", str(run_dir / "nginx.conf"), "-g", "daemon off;"]
        proxy = self.start(ROOT, nginx, *config, log="nginx")
        base = f"http://127.0.0.1:{listen}"
        wait_ready(base, proxy)
        return base

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def wait_ready(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{url} stopped: {process.log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/readyz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"{url} never became ready: {process.log.read_text()[-3000:]}")


def wait_stored(site: Site, copy: Path, release: str) -> None:
    """Until every published tier is stored for the current content revision and `release`."""
    deadline = time.monotonic() + PROMISED_DELAY
    while (found := site.shell(copy, _RELEASE_AND_STORED)) != f"{release}:stored":
        assert time.monotonic() < deadline, f"the worker did not store the tiers: {found}"
        time.sleep(0.3)


def fetch(url: str, opener=None, **headers) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read().decode()


class LoopbackIsSecure(http.cookiejar.DefaultCookiePolicy):
    """As browsers do, loopback counts as a secure context: the production settings' Secure cookies
    (session, CSRF) are sent to http://127.0.0.1."""

    def return_ok_secure(self, cookie, request):
        return True


def log_in(base: str) -> urllib.request.OpenerDirector:
    """A browser's form login at `base` (nginx): the login page, its CSRF token, the POST with Origin."""
    jar = http.cookiejar.CookieJar(policy=LoopbackIsSecure())
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    _, _, page = fetch(base + "/admin/login/", opener)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"csrfmiddlewaretoken": token, "username": "editor", "password": PASSWORD, "next": "/admin/"}
    request = urllib.request.Request(
        base + "/admin/login/",
        data=urlencode(form).encode(),
        headers={"Origin": base, "Referer": base + "/admin/login/"},
    )
    with opener.open(request, timeout=10) as response:
        assert response.url == base + "/admin/", "the login through nginx was refused"
    return opener


@pytest.mark.database  # on the suite's own kind of database (fresh_database), not the test database
def test_two_app_servers_a_worker_and_nginx_on_one_database(fresh_database, tmp_path):
    copies = [
        copy_checkout(tmp_path / "a", file_time=1_700_000_000),
        copy_checkout(tmp_path / "b" / "c", file_time=1_800_000_000),
    ]
    site = Site(fresh_database, tmp_path)
    try:
        # Two release steps at once on the fresh database: both finish, nothing collides.
        releases = [
            subprocess.Popen(
                [sys.executable, "manage.py", "release", "--verbosity", "0"],
                cwd=copy,
                env=site.env_for(copy),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for copy in copies
        ]
        outputs = [release.communicate(timeout=240)[0] for release in releases]
        assert [release.returncode for release in releases] == [0, 0], outputs
        site.shell(copies[0], _CREATE_EDITOR)

        # Both app servers at once; they only serve. The worker; nginx in front of both.
        ports = [free_port(), free_port()]
        servers = [
            site.app_server(copy, port, f"web{i}") for i, (copy, port) in enumerate(zip(copies, ports, strict=True))
        ]
        for port, server in zip(ports, servers, strict=True):
            wait_ready(f"http://127.0.0.1:{port}", server)
        site.worker(copies[0])
        base = site.nginx(ports)
        listen = int(base.rsplit(":", 1)[1])
        direct = [f"http://127.0.0.1:{port}" for port in ports]

        # One release: the same ETag and the same bytes from both (asked as nginx asks them, for the
        # public host), and the stored tiers are theirs.
        public = {"Host": f"127.0.0.1:{listen}"}
        pages = [fetch(url + "/learn/fundamentals/", **public) for url in direct]
        assert pages[0][0] == pages[1][0] == 200
        assert pages[0][1]["etag"] == pages[1][1]["etag"]
        assert pages[0][2] == pages[1][2]
        stamps = [site.shell(copy, _RELEASE_AND_STORED) for copy in copies]
        assert stamps[0].split(":")[0] == stamps[1].split(":")[0], stamps  # one release key
        wait_stored(site, copies[1], stamps[0].split(":")[0])  # by the worker, for that key

        # An admin save through nginx, with a form login: readers get it through nginx and through
        # the other server within the promised delay (the worker stores it meanwhile).
        opener = log_in(base)
        term_url = base + site.shell(copies[0], _TERM_CHANGE_URL)
        _, _, form_page = fetch(term_url, opener)
        data = _form_fields(form_page)
        new_text = f"Edited through nginx, {secrets.token_hex(3)}."
        data["plain_definition"] = new_text
        data["_publish"] = "1"
        data["public_reason"] = "Edited through nginx in a test."  # publishing asks it (the change log)
        saved_at = time.monotonic()
        body = urlencode(data, doseq=True).encode()
        request = urllib.request.Request(term_url, data=body, headers={"Origin": base, "Referer": term_url})
        with opener.open(request, timeout=20) as response:
            assert "Published" in response.read().decode(), "the save through nginx was not published"
        reached = {}
        while time.monotonic() - saved_at < PROMISED_DELAY and len(reached) < 2:
            for name, url in (("nginx", base), ("other server", direct[1])):
                if name not in reached and new_text in fetch(url + "/glossary/igf-1/", **public)[2]:
                    reached[name] = time.monotonic() - saved_at
            time.sleep(0.2)
        assert set(reached) == {"nginx", "other server"}, f"not within {PROMISED_DELAY} s: {reached}"
        wait_stored(site, copies[1], stamps[0].split(":")[0])  # and the worker stored the tiers again

        # One app server killed under load: no client sees an error, before or after the kill.
        statuses: list[int] = []
        killed_at: list[int] = []  # how many answers had come when the server was killed
        stop = threading.Event()

        def readers():
            while not stop.is_set():
                statuses.append(fetch(base + "/readyz")[0])  # never cached: every request reaches a server

        threads = [threading.Thread(target=readers) for _ in range(4)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30
        while len(statuses) < 20 and time.monotonic() < deadline:
            time.sleep(0.05)
        killed_at.append(len(statuses))
        os.killpg(servers[0].pid, signal.SIGKILL)
        while len(statuses) < killed_at[0] + 40 and time.monotonic() < deadline:
            time.sleep(0.05)
        stop.set()
        for thread in threads:
            thread.join(10)
        assert killed_at[0] >= 20 and len(statuses) >= killed_at[0] + 40, (killed_at, len(statuses))
        assert set(statuses) == {200}, {status: statuses.count(status) for status in set(statuses)}
    finally:
        site.stop()


_CREATE_EDITOR = f"""
from django.contrib.auth.models import User
User.objects.create_superuser("editor", "editor@example.org", {PASSWORD!r})
"""
_RELEASE_AND_STORED = """
from igfapp.content_revision import current_content_revision
from igfapp.models import Article, ReaderPage
from igfapp.reader_pages import release_key
revision = current_content_revision().number
published = Article.objects.published().count()
current = ReaderPage.objects.filter(content_revision=revision, release=release_key()).count()
print(release_key() + (":stored" if current == published else f":{current}/{published}"))
"""
_TERM_CHANGE_URL = """
from django.urls import reverse
from igfapp.models import GlossaryTerm
print(reverse("admin:igfapp_glossaryterm_change", args=[GlossaryTerm.objects.get(slug="igf-1").pk]))
"""


def _form_fields(page: str) -> dict:
    """The change form's inputs and textareas, as a browser submits them (buttons aside)."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.data, self.textarea = {}, None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            name = a.get("name")
            if tag == "select" and name:
                self.select = name
            elif tag == "option" and getattr(self, "select", None) and "selected" in a:
                self.data.setdefault(self.select, []).append(a.get("value", ""))
            elif tag == "input" and name and a.get("type") not in {"submit", "button", "checkbox", "radio"}:
                self.data[name] = a.get("value", "")
            elif tag == "input" and name and a.get("type") == "checkbox" and "checked" in a:
                self.data[name] = a.get("value", "on")
            elif tag == "textarea" and name:
                self.textarea = name
                self.data[name] = ""

        def handle_endtag(self, tag):
            if tag == "textarea":
                self.textarea = None
            elif tag == "select":
                self.select = None

        def handle_data(self, data):
            if self.textarea:
                self.data[self.textarea] += data

    reader = Reader()
    reader.feed(page[page.index('id="glossaryterm_form"') - 200 :])
    return {k: (v[1:] if isinstance(v, str) and v.startswith("\n") else v) for k, v in reader.data.items()}


def test_with_its_database_down_a_server_is_alive_not_ready_and_says_so_once(tmp_path):
    """A real app server whose PostgreSQL does not answer (nothing listens on its port): /livez 200,
    /readyz 503 probe after probe, and its log holds one line for the outage, not one per probe."""
    site = Site(f"postgres://igf:unused@127.0.0.1:{free_port()}/igf", tmp_path)
    site.env["DJANGO_STATIC_ROOT"] = str(tmp_path / "static")  # no collectstatic: health pages only
    port = free_port()
    try:
        server = site.app_server(ROOT, port, "web")
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while fetch_status(base + "/livez") != 200:
            assert server.poll() is None and time.monotonic() < deadline, server.log.read_text()[-3000:]
            time.sleep(0.1)
        for _ in range(10):
            assert fetch_status(base + "/livez") == 200
            assert fetch_status(base + "/readyz") == 503
            assert fetch_status(base + "/healthz") == 503
    finally:
        site.stop()
    log = server.log.read_text()
    assert log.count("readiness: not ready") == 1, log[-3000:]
    assert "Traceback" not in log


def fetch_status(url: str) -> int:
    try:
        return fetch(url, Host="127.0.0.1")[0]
    except OSError:
        return 0
