"""Requests/s and latency of the production server, beside a bare Django view and nginx.

Run:  make bench                                   (installs wrk + nginx from Debian if missing)
  or  .venv/bin/python bench/bench_server.py [--server granian|gunicorn|both] [--duration 10]

For each server it starts `make prod` (exactly what ships: DEBUG off, production settings,
collectstatic, the same database) on a free loopback port with IGF_BENCH=1, which adds one bare
view answering constant bytes, and measures with wrk (N connections, fixed duration):

  article       the article page                          /learn/<slug>/
  factors       the factor table, filtered, htmx partial  /factors/?effect=suppresses + HX-Request
  card          a glossary card (htmx fragment)           /cards/term/<slug>/ + HX-Request
  bare Django   the same article bytes from a bare view   /__bench__/bare/
  article, revalidated   a returning reader's conditional GET answered 304 (If-None-Match)
  nginx         the same article bytes as a static file   (nginx on another loopback port)
  article, page cache off   (--uncached) the article rendered on every request

and prints requests/s, p50/p99 latency, errors (socket errors + non-2xx/3xx) and the ratios.
Target: article >= 80 % of bare Django, zero errors. Only loopback addresses are used, every wrk run
has a fixed duration, and every process started here is stopped by its own process group.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from email.message import Message
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
HTMX = {"HX-Request": "true"}
TARGET_RATIO = 0.80
EDIT_PROMISE_SECONDS = 10  # README.md: an edit reaches readers through a cache within this


@dataclass
class Result:
    name: str
    url: str
    requests_per_second: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    errors: int = 0
    requests: int = 0
    bytes_per_response: int = 0
    missing: str = ""  # why it was not measured


# --- Processes -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Started:
    """A process in its own session, so that stopping it stops its children (workers) too."""

    def __init__(self, args: list[str], *, env: dict | None = None, log: Path):
        self.log = log
        self.process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


def fetch(url: str, headers: dict | None = None, timeout: float = 10) -> tuple[int, bytes]:
    return fetch_with_headers(url, headers, timeout)[:2]


def fetch_with_headers(url: str, headers: dict | None = None, timeout: float = 10) -> tuple[int, bytes, Message]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:  # 304 lands here too
        return error.code, b"", error.headers


def revalidation(url: str, slug: str) -> dict:
    """Headers of a returning reader (depth cookie set) whose browser holds the page's ETag."""
    reader = {"Cookie": f"depth={slug}"}
    return {**reader, "If-None-Match": fetch_with_headers(url, reader)[2].get("ETag", "")}


def wait_until_up(url: str, process: Started, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.process.poll() is not None:
            raise SystemExit(f"the server exited early; see {process.log}:\n{process.log.read_text()[-2000:]}")
        try:
            if fetch(url, timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s; see {process.log}")


APP_LINE_RE = re.compile(r"App server behind it \([a-z]+\): (http://[0-9.:]+)/")


def start_site(
    server: str, workers: int, body: Path, workdir: Path, *, page_cache: bool = True
) -> tuple[Started, str, str]:
    """`make prod`: returns the process, nginx's base URL (the proxy) and the app server's behind it."""
    port = free_port()
    env = dict(os.environ, IGF_BENCH="1", IGF_BENCH_BODY=str(body), IGF_PAGE_CACHE="1" if page_cache else "0")
    log = workdir / f"{server}{'' if page_cache else '-uncached'}.log"
    site = Started(
        ["make", "--no-print-directory", "prod", f"PORT={port}", f"SERVER={server}", f"WEB_WORKERS={workers}"],
        env=env,
        log=log,
    )
    base = f"http://{HOST}:{port}"
    wait_until_up(f"{base}/healthz", site)
    match = APP_LINE_RE.search(log.read_text(errors="replace"))
    if not match:
        raise SystemExit(f"make prod did not say where its app server is; see {log}")
    wait_until_up(f"{match.group(1)}/healthz", site)
    return site, base, match.group(1)


EDIT_MARK = " (an edit made by bench_server.py)"


def edit_reaches_readers(proxy_base: str, app_base: str, term: str, seconds: float = 30) -> float | None:
    """Seconds from an edit to its first appearance through the proxy (None: not within `seconds`).

    The edit is a database write as the admin's publish makes it (the content revision's triggers
    fire on any write; here a QuerySet.update, so no item's version moves and content/ stays in
    sync), undone afterwards.
    """
    card = f"{proxy_base}/cards/term/{term}/"
    for _ in range(3):
        fetch(card, HTMX)  # in the proxy's cache before the edit
    code = (
        "from igfapp.models import GlossaryTerm as T; q = T.objects.filter(slug={term!r}); "
        "d = q.get().plain_definition; q.update(plain_definition=d.removesuffix({mark!r}) + {suffix!r})"
    )
    manage = [sys.executable, "manage.py", "shell", "-v", "0", "-c"]
    env = dict(os.environ, DJANGO_ENV="production", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 60)
    subprocess.run([*manage, code.format(term=term, mark=EDIT_MARK, suffix=EDIT_MARK)], cwd=ROOT, env=env, check=True)
    edited_at = time.monotonic()
    try:
        while time.monotonic() - edited_at < seconds:
            if EDIT_MARK.strip().encode() in fetch(card, HTMX)[1]:
                return time.monotonic() - edited_at
            time.sleep(0.1)
        return None
    finally:
        subprocess.run([*manage, code.format(term=term, mark=EDIT_MARK, suffix="")], cwd=ROOT, env=env, check=True)


NGINX_CONF = """
worker_processes {workers};
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path {dir}/client_body;
  proxy_temp_path {dir}/proxy;
  fastcgi_temp_path {dir}/fastcgi;
  types {{ text/html html; }}
  server {{
    listen {host}:{port};
    root {dir}/www;
  }}
}}
"""


def start_nginx(body: Path, workers: int, workdir: Path) -> tuple[Started, str]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    port = free_port()
    www = workdir / "www"
    www.mkdir(parents=True)
    shutil.copy(body, www / "article.html")
    # nginx's workers run as an unprivileged user: open our temporary folders to them.
    for path in [www / "article.html", www, *www.parents]:
        if path == Path(tempfile.gettempdir()):
            break
        path.chmod(0o755 if path.is_dir() else 0o644)
    conf = workdir / "nginx.conf"
    conf.write_text(NGINX_CONF.format(workers=workers, dir=workdir, host=HOST, port=port))
    started = Started([nginx, "-c", str(conf), "-g", "daemon off;"], log=workdir / "nginx.log")
    base = f"http://{HOST}:{port}"
    wait_until_up(f"{base}/article.html", started, seconds=20)
    return started, base


# --- wrk -----------------------------------------------------------------------------------

_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNIT_MS[unit]


def parse_wrk(output: str) -> dict:
    percentile = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _ms(percentile["50"]),
        "p99_ms": _ms(percentile["99"]),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "errors": (sum(map(int, socket_errors.groups())) if socket_errors else 0)
        + (int(non_2xx.group(1)) if non_2xx else 0),
    }


def run_wrk(url: str, headers: dict, *, connections: int, duration: int, threads: int) -> dict:
    header_args = [arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")]
    # A short warm-up first: workers import lazily and fill their page caches.
    subprocess.run(["wrk", "-t1", "-c10", "-d2s", *header_args, url], capture_output=True, check=True, timeout=60)
    done = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "--latency",
            *header_args,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 60,
    )
    try:
        return parse_wrk(done.stdout)
    except (AttributeError, KeyError) as error:
        raise SystemExit(f"could not read wrk's output ({error!r}):\n{done.stdout}\n{done.stderr}") from None


def measure(name: str, url: str, headers: dict, args, *, expect: int = 200) -> Result:
    result = Result(name=name, url=url)
    status, body = fetch(url, headers)
    if status != expect:
        result.missing = f"HTTP {status}"
        return result
    result.bytes_per_response = len(body)
    for key, value in run_wrk(
        url, headers, connections=args.connections, duration=args.duration, threads=args.threads
    ).items():
        setattr(result, key, value)
    return result


# --- One run -------------------------------------------------------------------------------


def bench_server(server: str, args, workdir: Path) -> list[Result]:
    body = workdir / "article.html"
    body.write_bytes(b"")  # filled below, before the bare view's first request reads it
    site, proxy_base, base = start_site(server, args.workers, body, workdir)
    results = []
    try:
        article_url = f"{base}/learn/{args.article}/"
        status, article = fetch(article_url)
        if status != 200:
            raise SystemExit(f"{article_url} answered {status}: is the content imported?")
        body.write_bytes(article)
        nginx, nginx_base = start_nginx(body, args.workers, workdir / f"nginx-{server}")
        try:
            results.append(measure("article, through the proxy", f"{proxy_base}/learn/{args.article}/", {}, args))
            results.append(measure("article", article_url, {}, args))
            results.append(measure("factors (htmx, filtered)", f"{base}/factors/?effect=suppresses", HTMX, args))
            results.append(measure("glossary card (htmx)", f"{base}/cards/term/{args.term}/", HTMX, args))
            results.append(measure("bare Django, same bytes", f"{base}/__bench__/bare/", {}, args))
            results.append(
                measure(
                    "article, revalidated (304)", article_url, revalidation(article_url, args.article), args, expect=304
                )
            )
            results.append(measure("nginx, same bytes", f"{nginx_base}/article.html", {}, args))
        finally:
            nginx.stop()
        edit = Result(name="an edit, seen through the proxy", url=proxy_base)
        seconds = edit_reaches_readers(proxy_base, base, args.term)
        edit.missing = f"after {seconds:.1f} s" if seconds is not None else "NOT within 30 s"
        edit.p50_ms = (seconds or 0) * 1000
        results.append(edit)
    finally:
        site.stop()
    if args.uncached:
        site, _, base = start_site(server, args.workers, body, workdir, page_cache=False)
        try:
            results.append(measure("article, page cache off", f"{base}/learn/{args.article}/", {}, args))
        finally:
            site.stop()
    return results


def report(server: str, results: list[Result], args) -> bool:
    by_name = {r.name: r for r in results}
    bare = by_name["bare Django, same bytes"].requests_per_second
    nginx = by_name["nginx, same bytes"].requests_per_second
    print(f"\n## {server}: {args.workers} workers, wrk -t{args.threads} -c{args.connections} -d{args.duration}s\n")
    print("| target | req/s | p50 ms | p99 ms | errors | bytes | vs bare Django | vs nginx |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        if r.name == "an edit, seen through the proxy":
            continue
        if r.missing:
            print(f"| {r.name} | not measured: {r.missing} | | | | | | |")
            continue
        vs_bare = f"{r.requests_per_second / bare:.0%}" if bare else "-"
        vs_nginx = f"{r.requests_per_second / nginx:.0%}" if nginx else "-"
        print(
            f"| {r.name} | {r.requests_per_second:,.0f} | {r.p50_ms:.2f} | {r.p99_ms:.2f} | {r.errors} | "
            f"{r.bytes_per_response:,} | {vs_bare} | {vs_nginx} |"
        )
    article = by_name["article"]
    ratio = article.requests_per_second / bare if bare else 0.0
    proxied = by_name["article, through the proxy"].requests_per_second / nginx if nginx else 0.0
    errors = sum(r.errors for r in results)
    edit = by_name["an edit, seen through the proxy"]
    edit_seconds = edit.p50_ms / 1000
    edit_met = edit.missing.startswith("after") and edit_seconds <= EDIT_PROMISE_SECONDS
    met = ratio >= TARGET_RATIO and proxied >= TARGET_RATIO and errors == 0 and edit_met
    print(
        f"\narticle through the proxy / nginx static = {proxied:.0%} (target >= {TARGET_RATIO:.0%}); "
        f"article from granian / bare Django = {ratio:.0%} (target >= {TARGET_RATIO:.0%}); errors at "
        f"{args.connections} connections: {errors}; an edit reached readers through the proxy {edit.missing} "
        f"(README promises <= {EDIT_PROMISE_SECONDS} s) -> target {'MET' if met else 'NOT MET'}"
    )
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--server", choices=["granian", "gunicorn", "both"], default="granian", help="server(s) to measure"
    )
    parser.add_argument("--workers", type=int, default=2, help="worker processes (this machine has 2 cores)")
    parser.add_argument("--connections", type=int, default=100, help="concurrent wrk connections")
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement (bounded)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--article", default="intermediate", help="article slug to measure")
    parser.add_argument("--term", default="igf-1", help="glossary term slug for the card")
    parser.add_argument(
        "--uncached",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also measure the article with the page cache off (a second server start)",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    for tool in ("wrk", "nginx"):
        if not (shutil.which(tool) or Path(f"/usr/sbin/{tool}").exists()):
            print(f"{tool} is missing: apt-get install wrk nginx-light (or run `make bench`)", file=sys.stderr)
            return 2

    servers = ["granian", "gunicorn"] if args.server == "both" else [args.server]
    all_results, all_met = {}, True
    with tempfile.TemporaryDirectory(prefix="igf-bench-") as tmp:
        for server in servers:
            workdir = Path(tmp) / server
            workdir.mkdir()
            results = bench_server(server, args, workdir)
            all_met &= report(server, results, args)
            all_results[server] = [asdict(r) for r in results]
    if len(servers) > 1:
        article = {
            s: next(r for r in rs if r["name"] == "article")["requests_per_second"] for s, rs in all_results.items()
        }
        winner = max(article, key=article.get)
        print(
            f"\nFaster for the article page: {winner} ({', '.join(f'{s} {v:,.0f} req/s' for s, v in article.items())})"
        )
    if args.json:
        args.json.write_text(json.dumps(all_results, indent=2))
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
