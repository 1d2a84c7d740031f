"""Site search as content grows: the full-text index (igfapp/search_index/) against the scan it
replaced, in one run.

For each size (the real content/ ×1, ×10, ×100, grown by bench/content_growth.py) and each query
(a rare word, once with one match at every size and once copied with the content,
a common word, a two-word phrase): the best-of-N time of `igfapp.search.search`, its
queries, and how many it found, for this tree ("new") and for the search module of the commit
before the index ("old": `icontains` on every word, the first 300 per kind in reading order, scored
in Python; read from git at run time, not kept in the tree). Every figure is also given as a ratio
against the baseline measured in the same run: old against new at the same size, and each against
its own ×1.

    .venv/bin/python bench/bench_search.py                   # ×1, ×10, ×100 (several minutes)
    .venv/bin/python bench/bench_search.py --sizes 1 10 --repeat 10

Each size is measured in its own process, on a throwaway SQLite database in a temp folder.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

from bench_growth import start_django

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
# The last commit before the index: its igfapp/search.py is the "old" search.
OLD_REF = "54007f7"
QUERIES = [
    # An alias only (copies of a term have none): one match at every size.
    ("rare word, one match at every size", "somatomedin"),
    # Once in the real content: copied with every copy, so it matches ×N items at ×N.
    ("rare word", "somatotropin"),
    ("common word", "growth"),
    ("two-word phrase", "growth hormone"),
]
RARE_TARGET_MS = 10.0
GROWTH_TARGET = 3.0


def _old_search() -> types.ModuleType:
    """The search module before the index, loaded from git as a module of the app."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{OLD_REF}:igfapp/search.py"], check=True, capture_output=True, text=True
    ).stdout
    module = types.ModuleType("igfapp.search_before_index")
    module.__package__ = "igfapp"
    sys.modules[module.__name__] = module
    exec(compile(source, f"{OLD_REF}:igfapp/search.py", "exec"), module.__dict__)
    return module


def _timed(search, query: str, repeat: int) -> dict:
    from django.db import connection

    search(query, user=None)  # warm
    queries: list[str] = []

    def count(execute, sql, *args):
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(count):
        results = search(query, user=None)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        search(query, user=None)
        times.append(time.perf_counter() - start)
    first = results.hits[0].title if results.hits else ""
    return {"ms": min(times) * 1000, "queries": len(queries), "found": results.total, "first": first}


def measure(times: int, repeat: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="igf-search-") as folder:
        start_django(ROOT, Path(folder) / "db.sqlite3")
        import logging

        from django.core.management import call_command
        from django.db import connection, transaction

        logging.disable(logging.WARNING)
        call_command("migrate", verbosity=0)
        from content_growth import grow

        from igfapp.importing import import_content
        from igfapp.models import SearchEntry, Section
        from igfapp.search import search

        import_content(ROOT / "content")
        if times > 1:
            with transaction.atomic():  # one commit, not one per copied row
                grow(times)
        old = _old_search().search
        figures = {
            "entries": SearchEntry.objects.count(),
            "sections": Section.objects.count(),
            "vendor": connection.vendor,
        }
        for name, query in QUERIES:
            figures[name] = {"new": _timed(search, query, repeat), "old": _timed(old, query, max(3, repeat // 3))}
    return figures


def _child(times: int, repeat: int) -> dict:
    command = [sys.executable, __file__, "--measure", str(times), "--repeat", str(repeat)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.splitlines()[-1])


def report(sizes: list[int], runs: dict[int, dict]) -> list[str]:
    first = sizes[0]
    lines = [
        "| query | size | entries | old ms | new ms | old / new | new / new ×1 | queries old / new | found old / new |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, query in QUERIES:
        for size in sizes:
            new, old = runs[size][name]["new"], runs[size][name]["old"]
            base = runs[first][name]["new"]["ms"]
            lines.append(
                f"| {name} “{query}” | ×{size} | {runs[size]['entries']} | {old['ms']:.2f} | {new['ms']:.2f}"
                f" | {old['ms'] / new['ms']:.1f}× | {new['ms'] / base:.2f}× | {old['queries']} / {new['queries']}"
                f" | {old['found']} / {new['found']} |"
            )
    return lines


def verdicts(sizes: list[int], runs: dict[int, dict]) -> list[str]:
    first, last = sizes[0], sizes[-1]
    out = []
    for name in ("rare word, one match at every size", "rare word"):
        rare = runs[last][name]["new"]["ms"]
        verdict = "met" if rare <= RARE_TARGET_MS else "NOT met"
        out.append(f"{name} at ×{last}: {rare:.2f} ms (target ≤ {RARE_TARGET_MS:g} ms): {verdict}")
    for name, _ in QUERIES:
        growth = runs[last][name]["new"]["ms"] / runs[first][name]["new"]["ms"]
        verdict = "met" if growth <= GROWTH_TARGET else "NOT met"
        out.append(f"{name}: ×{first} → ×{last} time grows {growth:.2f}× (target ≤ {GROWTH_TARGET:g}×): {verdict}")
    same = all(runs[s][n]["new"]["queries"] == runs[first][n]["new"]["queries"] for s in sizes for n, _ in QUERIES)
    out.append(f"queries per search the same at every size: {'yes' if same else 'NO'}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100], help="content multipliers")
    parser.add_argument(
        "--repeat", type=int, default=30, help="searches timed per query (old: a third); the best is kept"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)  # internal: one size, JSON out
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.repeat)))
        return
    runs = {}
    for size in args.sizes:
        started = time.perf_counter()
        runs[size] = _child(size, args.repeat)
        print(f"×{size}: measured in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print(f"Site search on {runs[args.sizes[0]]['vendor']}, best of {args.repeat} (old: of {max(3, args.repeat // 3)})")
    print()
    print("\n".join(report(args.sizes, runs)))
    print()
    print("\n".join(verdicts(args.sizes, runs)))
    if args.json:
        args.json.write_text(json.dumps(runs, indent=2))


if __name__ == "__main__":
    main()
