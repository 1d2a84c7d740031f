"""Faults the production server must survive, in one run against `make prod` on PostgreSQL.

Run:  make faults        (installs Debian's postgresql if missing)
  or  .venv/bin/python bench/fault_prod.py [--load-seconds 12] [--outage-seconds 10]

1. A worker crash under load: `kill -9` of one granian worker while readers keep asking. The site
   must keep answering (granian respawns the worker: `--respawn-failed-workers`) and say so in its log.
2. A database outage under load: PostgreSQL stopped for 10 s, then started again. Readers must get
   cached pages or a 503 with Retry-After, never a 500; the log grows by a few lines, not a line
   (or a traceback) per request; and pages answer 200 again within a second of the database's return.

Everything runs on loopback: a throwaway PostgreSQL cluster in a temporary folder on a free port,
`make prod` on another, and a bounded load (a fixed number of threads for a fixed time). Every
process started here is stopped on exit. Prints its figures and exits non-zero if a target is missed.
"""

from __future__ import annotations

import argparse
import collections
import os
import pwd
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_server import HOST, Started, free_port, wait_until_up

# Pages readers ask for: some rendered (and cached) before the outage, some first asked for during it.
CACHED = ["/", "/learn/fundamentals/", "/learn/intermediate/", "/learn/academic/", "/glossary/", "/factors/"]
NEVER_RENDERED = [f"/glossary/{slug}/" for slug in ("igf-1", "somatostatin", "ghrh", "insulin", "cortisol")]
LOAD_THREADS = 16


# --- PostgreSQL, throwaway --------------------------------------------------------------------


class Postgres:
    """A cluster of Debian's newest PostgreSQL in a temporary folder, on a free loopback port."""

    def __init__(self, workdir: Path):
        versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
        if not versions:
            raise SystemExit("PostgreSQL is not installed: run `make faults` (it installs Debian's postgresql)")
        self.bin = versions[-1]
        self.dir = workdir / "pg"
        self.dir.mkdir()
        self.port = free_port()
        self.password = secrets.token_urlsafe(18)
        self.as_postgres: list[str] = []
        if os.geteuid() == 0:  # the server refuses to run as root
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
            uid = pwd.getpwnam("postgres")
            os.chown(workdir, uid.pw_uid, uid.pw_gid)
            os.chown(self.dir, uid.pw_uid, uid.pw_gid)
        self._run(
            "initdb",
            "-D",
            str(self.dir / "data"),
            "-U",
            "postgres",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        )
        self.start()
        self._run(
            "psql",
            "-q",
            "-h",
            str(self.dir),
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            f"CREATE ROLE igf LOGIN CREATEDB PASSWORD '{self.password}'",
            "-c",
            "CREATE DATABASE igf OWNER igf",
        )

    @property
    def url(self) -> str:
        return f"postgres://igf:{self.password}@{HOST}:{self.port}/igf"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self.as_postgres, str(self.bin / tool), *args], check=True, stdout=subprocess.DEVNULL)

    def start(self) -> None:
        options = f"-c listen_addresses={HOST} -p {self.port} -k {self.dir} -c fsync=off"
        self._run(
            "pg_ctl", "-D", str(self.dir / "data"), "-l", str(self.dir / "server.log"), "-w", "start", "-o", options
        )

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        subprocess.run(
            [*self.as_postgres, str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "stop"],
            check=False,
            capture_output=True,
        )


# --- Load -------------------------------------------------------------------------------------


def get(url: str, timeout: float = 5) -> tuple[int, str]:
    """(status, Retry-After) of one GET; status 0 when the site did not answer at all."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            return response.status, response.headers.get("Retry-After", "")
    except urllib.error.HTTPError as error:  # headers: case-insensitive (granian sends lower case)
        return error.code, error.headers.get("Retry-After", "")
    except OSError:
        return 0, ""  # refused, reset or timed out


class Load:
    """LOAD_THREADS readers asking for `paths` in turn until stopped; every answer is timestamped."""

    def __init__(self, base: str, paths: list[str]):
        self.base, self.paths = base, paths
        self.answers: list[tuple[float, int, str, str]] = []  # (time, status, path, Retry-After)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(LOAD_THREADS)]

    def _run(self, offset: int) -> None:
        i = offset
        while not self._stop.is_set():
            path = self.paths[i % len(self.paths)]
            status, retry_after = get(self.base + path)
            with self._lock:
                self.answers.append((time.monotonic(), status, path, retry_after))
            i += 1

    def __enter__(self) -> Load:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=10)

    def between(self, start: float, end: float) -> collections.Counter:
        return collections.Counter(status for t, status, *_ in self.answers if start <= t < end)


def granian_workers(make: Started) -> list[int]:
    """The worker processes: children of the granian process that `make prod` runs."""

    def children(pid: int) -> list[int]:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
        return [int(p) for p in out.split()]

    for pid in [make.process.pid, *children(make.process.pid)]:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        if "granian" in cmd and children(pid):
            return children(pid)
    raise SystemExit("granian's workers were not found")


# --- The faults -------------------------------------------------------------------------------


def worker_crash(make: Started, base: str, seconds: float) -> dict:
    log_before = make.log.read_text(errors="replace")
    with Load(base, CACHED) as load:
        time.sleep(2)
        victim = granian_workers(make)[0]
        killed_at = time.monotonic()
        os.kill(victim, 9)
        time.sleep(seconds)
        end = time.monotonic()
    after = load.between(killed_at + 5, end)  # once the respawn interval is over
    log_lines = make.log.read_text(errors="replace")[len(log_before) :].splitlines()
    return {
        "killed worker": victim,
        "server still running": make.process.poll() is None,
        "answers before kill": dict(load.between(0, killed_at)),
        "answers in the 5 s after": dict(load.between(killed_at, killed_at + 5)),
        "answers after that": dict(after),
        "answered after the kill": after.get(200, 0) > 0 and make.process.poll() is None,
        "log says": [line for line in log_lines if "worker" in line.lower()][:6],
    }


def database_outage(make: Started, base: str, postgres: Postgres, seconds: float) -> dict:
    for path in CACHED:  # rendered before the outage, in every worker (each has its own page store)
        for _ in range(12):
            get(base + path)
    log_before = make.log.read_text(errors="replace")
    with Load(base, CACHED) as before:
        time.sleep(1)
        stopped_at = time.monotonic()
        postgres.stop()
    # Readers keep coming, now also for pages nobody asked for before the outage.
    with Load(base, CACHED + NEVER_RENDERED) as load:
        time.sleep(max(0.0, seconds - (time.monotonic() - stopped_at)))
        postgres.start()
        back_at = time.monotonic()
        # The first fully rendered page once the database is back (one never rendered before).
        first_ok = None
        while time.monotonic() < back_at + 10:
            if get(base + "/glossary/hormone/")[0] == 200:
                first_ok = time.monotonic() - back_at
                break
            time.sleep(0.05)
        time.sleep(1)
        end = time.monotonic()
    load.answers += [a for a in before.answers if a[0] >= stopped_at]
    log_lines = make.log.read_text(errors="replace")[len(log_before) :].splitlines()
    during = [a for a in load.answers if stopped_at <= a[0] < back_at]
    return {
        "outage seconds": round(back_at - stopped_at, 1),
        "answers during the outage": dict(collections.Counter(status for _, status, *_ in during)),
        "cached pages answered 200 during it": sum(1 for _, s, p, _ in during if s == 200 and p in CACHED),
        "new pages answered 503 during it": sum(1 for _, s, p, _ in during if s == 503 and p in NEVER_RENDERED),
        "503s without Retry-After": sum(1 for _, s, _, retry in during if s == 503 and not retry),
        "500s during it": sum(1 for _, s, *_ in during if s >= 500 and s != 503),
        "answers after it": dict(load.between(back_at, end)),
        "seconds to the first 200 of a new page": round(first_ok, 2) if first_ok is not None else None,
        "log lines written during it": len(log_lines),
        "log": log_lines[:8],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--load-seconds", type=float, default=12, help="load after the worker is killed")
    parser.add_argument("--outage-seconds", type=float, default=10, help="how long PostgreSQL stays down")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs) afterwards")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="igf-faults."))
    os.chmod(workdir, 0o755)
    postgres = make = None
    try:
        postgres = Postgres(workdir)
        port = free_port()
        env = dict(os.environ, DATABASE_URL=postgres.url)
        make = Started(["make", "--no-print-directory", "prod", f"PORT={port}"], env=env, log=workdir / "prod.log")
        base = f"http://{HOST}:{port}"
        wait_until_up(base + "/healthz", make, seconds=300)
        crash = worker_crash(make, base, args.load_seconds)
        outage = database_outage(make, base, postgres, args.outage_seconds)
    finally:
        if make is not None:
            make.stop()
        if postgres is not None:
            postgres.remove()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    print("\n== 1. kill -9 of one granian worker under load ==")
    for key, value in crash.items():
        print(f"  {key}: {value}")
    print(f"\n== 2. PostgreSQL stopped for {args.outage_seconds:.0f} s under load ==")
    for key, value in outage.items():
        print(f"  {key}: {value}")
    failures = []
    if not crash["answered after the kill"]:
        failures.append("the site stopped answering after a worker was killed")
    if not any("respawn" in line.lower() or "spawn" in line.lower() for line in crash["log says"]):
        failures.append("the log does not say that the worker was respawned")
    if outage["500s during it"]:
        failures.append(f"{outage['500s during it']} answers of 500 or more during the outage")
    if outage["503s without Retry-After"]:
        failures.append("503s without Retry-After")
    if outage["seconds to the first 200 of a new page"] is None or outage["seconds to the first 200 of a new page"] > 1:
        failures.append("pages did not answer 200 within a second of the database's return")
    if outage["log lines written during it"] > 12:
        failures.append(f"the outage wrote {outage['log lines written during it']} log lines")
    print("\n" + ("All targets met." if not failures else "MISSED: " + "; ".join(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
