"""Content growth: queries per page stay constant, and render time grows at most with page size.

For each page type, in one run: queries per page, page size and uncached render time (best of
--repeat renders; page cache off, DEBUG off, Django's test client through the whole middleware
stack) with the real content/ (×1) and with every kind of content ×N (bench/content_growth.py),
plus the same figures for a baseline commit measured in the same run (extracted with
`git archive`, nothing checked out).

    .venv/bin/python bench/bench_growth.py                      # ×10 against the default baseline
    .venv/bin/python bench/bench_growth.py --baseline none --times 5 --repeat 10

Each project is measured in its own process, on a throwaway SQLite database in a temp folder.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
# The commit before issue 15's render work ("Render less"): the baseline of the README's figures.
DEFAULT_BASELINE = "93d1dae"

PAGES = [
    ("home", "/"),
    ("fundamentals", "/learn/fundamentals/"),
    ("intermediate", "/learn/intermediate/"),
    ("academic", "/learn/academic/"),
    # A query string (a campaign link, a no-JS sort or answer) or an editor: rendered live, which is
    # also what storing a tier after a change costs (igfapp/reader_pages.py).
    ("fundamentals, live", "/learn/fundamentals/?utm_source=bench"),
    ("intermediate, live", "/learn/intermediate/?utm_source=bench"),
    ("academic, live", "/learn/academic/?utm_source=bench"),
    ("factors", "/factors/"),
    ("glossary", "/glossary/"),
    ("term", "/glossary/igf-1/"),
    ("references", "/references/"),
    ("sources", "/sources/"),
    ("search", "/search/?q=sleep"),
]


# --- One project, measured in this process -------------------------------------------------------


def start_django(project: Path, database: Path) -> None:
    """Django for `project` on the SQLite file `database`, pages rendered on every request (also
    used by bench_search.py)."""
    sys.path.insert(0, str(project))
    os.environ.pop("DATABASE_URL", None)  # the throwaway SQLite file, whatever the shell has
    os.environ.update(
        DJANGO_SETTINGS_MODULE="igfapp.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-" + "x" * 60,
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SQLITE_PATH=str(database),
        IGF_PAGE_CACHE="0",  # every request renders
    )
    import django
    from django.conf import settings

    django.setup()
    # No collectstatic here: plain static URLs (a manifest lookup is a dict read either way).
    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"


def _measure_pages(repeat: int) -> dict[str, dict]:
    from django.db import connection
    from django.test import Client

    client = Client()
    figures = {}
    for name, path in PAGES:
        for _ in range(3):  # warm: templates compiled, connection open
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        queries: list[str] = []

        def count(execute, sql, *args, queries=queries):
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(count):
            client.get(path)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            client.get(path)
            times.append(time.perf_counter() - start)
        figures[name] = {"queries": len(queries), "bytes": len(response.content), "ms": min(times) * 1000}
    return figures


def measure(project: Path, times: int, repeat: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="igf-growth-") as folder:
        start_django(project, Path(folder) / "db.sqlite3")
        import logging

        from django.core.management import call_command

        logging.disable(logging.WARNING)  # "No directory at staticfiles/": nothing is collected here
        call_command("migrate", verbosity=0)
        from igfapp.importing import import_content

        import_content(project / "content")
        small = _measure_pages(repeat)
        storing_small = _measure_storing()
        from content_growth import grow

        grow(times)
        large = _measure_pages(max(3, repeat // 2))
        storing_large = _measure_storing()
    return {"x1": small, f"x{times}": large, "storing_ms": [storing_small, storing_large]}


def _measure_storing() -> float | None:
    """ms to render and store the readers' tier pages, as after every change (best of 3); None for a
    project that has no stored tier pages (the baseline)."""
    try:
        from igfapp.reader_pages import render_reader_pages
    except ImportError:
        return None
    times = []
    for _ in range(3):
        start = time.perf_counter()
        render_reader_pages()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


# --- The run: this tree and the baseline, each in its own process --------------------------------


def _child(project: Path, args) -> dict:
    command = [sys.executable, __file__, "--measure", str(project), "--times", str(args.times)]
    command += ["--repeat", str(args.repeat)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.splitlines()[-1])


def _baseline_tree(ref: str, folder: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def report(current: dict, baseline: dict | None, times: int) -> list[str]:
    big = f"x{times}"
    head = f"| page | queries ×1 / ×{times} | KB ×1 / ×{times} | ms ×1 / ×{times} | ms/100 KB ×1 / ×{times} |"
    lines = [head + (f" baseline ms ×1 / ×{times} | ×1 speed-up |" if baseline else "")]
    lines.append("| --- " * (head.count("|") - 1 + (2 if baseline else 0)) + "|")
    for name, _ in PAGES:
        one, many = current["x1"][name], current[big][name]
        ratio = [f["ms"] / f["bytes"] * 100_000 for f in (one, many)]
        row = (
            f"| {name} | {one['queries']} / {many['queries']} | {one['bytes'] / 1000:.0f} / {many['bytes'] / 1000:.0f}"
            f" | {one['ms']:.1f} / {many['ms']:.1f} | {ratio[0]:.1f} / {ratio[1]:.1f} |"
        )
        if baseline:
            old_one, old_many = baseline["x1"][name], baseline[big][name]
            row += f" {old_one['ms']:.1f} / {old_many['ms']:.1f} | {old_one['ms'] / one['ms']:.2f}× |"
        lines.append(row)
    return lines


def verdicts(current: dict, times: int) -> list[str]:
    big = f"x{times}"
    same = [n for n, _ in PAGES if current["x1"][n]["queries"] == current[big][n]["queries"]]
    # At most linear in page size: the time per byte at ×N is not above ×1's (25 % for noise).
    linear = [
        n
        for n, _ in PAGES
        if current[big][n]["ms"] / current[big][n]["bytes"] <= 1.25 * current["x1"][n]["ms"] / current["x1"][n]["bytes"]
    ]
    return [
        f"queries per page equal at ×1 and ×{times}: {len(same)}/{len(PAGES)} pages",
        f"render time at most linear in page size (ms/KB at ×{times} ≤ 1.25 × ×1): {len(linear)}/{len(PAGES)} pages"
        + ("" if len(linear) == len(PAGES) else f" (not: {', '.join(n for n, _ in PAGES if n not in linear)})"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", type=int, default=10, help="content multiplier for the large run")
    parser.add_argument(
        "--repeat", type=int, default=30, help="renders timed per page at ×1 (half at ×N); the best is kept"
    )
    parser.add_argument(
        "--baseline", default=DEFAULT_BASELINE, help="git ref measured in the same run, or 'none' to skip"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # internal: one project, JSON out
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure.resolve(), args.times, args.repeat)))
        return
    current = _child(ROOT, args)
    baseline = None
    if args.baseline != "none":
        with tempfile.TemporaryDirectory(prefix="igf-baseline-") as folder:
            baseline = _child(_baseline_tree(args.baseline, Path(folder)), args)
    print(
        f"Uncached renders, best of --repeat; content ×1 and ×{args.times}"
        + (f"; baseline {args.baseline}" if baseline else "")
    )
    print("\n".join(report(current, baseline, args.times)))
    print("\n".join(verdicts(current, args.times)))
    if None not in (storing := current.get("storing_ms", [None])):
        print(
            f"storing the readers' tier pages after a change: {storing[0]:.0f} ms ×1, {storing[1]:.0f} ms ×{args.times}"
        )
    if args.json:
        args.json.write_text(json.dumps({"current": current, "baseline": baseline}, indent=2))


if __name__ == "__main__":
    main()
