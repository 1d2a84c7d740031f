"""An editor's save, timed: the admin POST of a section (through its article) and of a glossary term,
with what follows an edit rendered in the request (IGF_TASKS=immediate: how every save worked
before issue 22, the baseline) against queued for the worker (IGF_TASKS=database: what ships), in
one run, on SQLite and, given --postgres URL (or DATABASE_URL), on PostgreSQL. Then, with --delay,
the edit-to-reader delay through the shipped nginx with the worker running.

    .venv/bin/python bench/bench_editor_save.py [--saves 20] [--postgres postgres://…] [--delay]

Each measurement runs in its own process on a throwaway database (migrated, content imported),
production settings (DEBUG off); Django's test client posts the change form as a browser would.
Target (issue 22): p95 at most 150 ms for both saves here.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
TARGET_P95_MS = 150

MEASURE = r"""
import json, sys, time
import django
django.setup()
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from igfapp.models import Article, GlossaryTerm
from tests.admin_helpers import form_data, section_field

saves = int(sys.argv[1])
client = Client()
client.force_login(User.objects.create_superuser("bench", "bench@example.org", "bench"))


def timed(url, model, change):
    times = []
    for n in range(saves):
        data = form_data(client.get(url), model)
        change(data, n)
        started = time.perf_counter()
        response = client.post(url, {**data, "_publish": "1"})
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302, response.status_code
    return times


article = Article.objects.get(slug="intermediate")
anchor = article.sections.order_by("order").first().anchor


def section(data, n):
    data[section_field(data, anchor, "body_md")] = [data[section_field(data, anchor, "body_md")][0] + f" Edit {n}."]


def term(data, n):
    data["plain_definition"] = [f"A messenger made mostly in the liver (edit {n})."]


print(json.dumps({
    "section": timed(reverse("admin:igfapp_article_change", args=[article.pk]), "article", section),
    "glossary term": timed(
        reverse("admin:igfapp_glossaryterm_change", args=[GlossaryTerm.objects.get(slug="igf-1").pk]),
        "glossaryterm", term,
    ),
}))
"""


def production_env(database_url: str, static_root: Path, tasks: str) -> dict:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "IGF_", "DATABASE"))},
        "DJANGO_SETTINGS_MODULE": "igfapp.settings",
        "DJANGO_ENV": "production",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DATABASE_URL": database_url,
        "IGF_TASKS": tasks,
    }


def fresh_database(kind: str, postgres: str, folder: Path) -> tuple[str, callable]:
    if kind == "SQLite":
        return f"sqlite:///{folder / f'bench-{secrets.token_hex(3)}.sqlite3'}", lambda: None
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    name = f"igf_bench_{secrets.token_hex(4)}"
    info = conninfo_to_dict(postgres)
    info["dbname"] = "postgres"
    with psycopg.connect(**info, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(**info, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return postgres.rsplit("/", 1)[0] + f"/{name}", drop


def measure(kind: str, tasks: str, saves: int, postgres: str, folder: Path) -> dict[str, list[float]]:
    url, drop = fresh_database(kind, postgres, folder)
    env = production_env(url, folder / "static", tasks)
    try:
        subprocess.run([sys.executable, "manage.py", "release", "--verbosity", "0"], cwd=ROOT, env=env, check=True)
        done = subprocess.run(
            [sys.executable, "-c", MEASURE, str(saves)], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if done.returncode:
            raise SystemExit(done.stderr[-3000:])
        return json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        drop()


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def edit_to_reader_delay(edits: int) -> list[float]:
    """Seconds from an admin save through nginx until a reader through nginx sees it (worker running)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "igfapp.settings")
    import django

    django.setup()
    import urllib.request
    from urllib.parse import urlencode

    from tests import test_several_servers as deploy

    folder = Path(tempfile.mkdtemp(prefix="igf-bench-delay."))
    url = f"sqlite:///{folder / 'site.sqlite3'}"
    site = deploy.Site(url, folder)
    copy = deploy.copy_checkout(folder / "site", file_time=time.time())  # its own static files
    delays = []
    try:
        assert site.run(copy, "release", "--verbosity", "0").returncode == 0
        site.shell(copy, deploy._CREATE_EDITOR)
        port = deploy.free_port()
        server = site.app_server(copy, port, "web")
        deploy.wait_ready(f"http://127.0.0.1:{port}", server)
        site.worker(copy, interval="0.5")
        base = site.nginx([port])
        opener = deploy.log_in(base)
        term_url = base + site.shell(copy, deploy._TERM_CHANGE_URL)
        for n in range(edits):
            deploy.fetch(base + "/learn/intermediate/")  # a reader's copy in nginx's cache
            data = deploy._form_fields(deploy.fetch(term_url, opener)[2])
            text = f"Edited for the delay bench, {n} {secrets.token_hex(2)}."
            data.update({"plain_definition": text, "_publish": "1"})
            request = urllib.request.Request(
                term_url, data=urlencode(data, doseq=True).encode(), headers={"Origin": base, "Referer": term_url}
            )
            started = time.monotonic()
            opener.open(request, timeout=20).read()
            while text not in deploy.fetch(base + "/glossary/igf-1/")[2]:
                time.sleep(0.05)
            delays.append(time.monotonic() - started)
    finally:
        site.stop()
    return delays


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=20, help="saves of each kind per measurement")
    parser.add_argument("--postgres", default=os.environ.get("DATABASE_URL", ""), help="a PostgreSQL URL (CREATEDB)")
    parser.add_argument("--delay", action="store_true", help="also measure the edit-to-reader delay through nginx")
    args = parser.parse_args()
    kinds = ["SQLite"] + (["PostgreSQL"] if args.postgres.startswith("postgres") else [])
    folder = Path(tempfile.mkdtemp(prefix="igf-bench-save."))
    print(f"An editor's save, {args.saves} of each, ms (p50 / p95); baseline = rendered in the request")
    failed = False
    for kind in kinds:
        before = measure(kind, "immediate", args.saves, args.postgres, folder)
        after = measure(kind, "database", args.saves, args.postgres, folder)
        for what in ("section", "glossary term"):
            b, a = before[what], after[what]
            ratio = statistics.median(a) / statistics.median(b)
            ok = p95(a) <= TARGET_P95_MS
            failed |= not ok
            print(
                f"  {kind:10} {what:13}  before {statistics.median(b):6.0f} / {p95(b):6.0f}   "
                f"after {statistics.median(a):6.0f} / {p95(a):6.0f}   p50 after/before = {ratio:.2f}   "
                f"{'ok' if ok else 'OVER'} (p95 target <= {TARGET_P95_MS} ms)"
            )
    if args.delay:
        delays = edit_to_reader_delay(5)
        print(
            f"Edit to reader through nginx, worker running (5 edits): median {statistics.median(delays):.1f} s, "
            f"max {max(delays):.1f} s (README promises within 10 s)"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
