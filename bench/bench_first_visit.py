"""What a first visit to each article costs: the requests it makes and their compressed bytes.

Run:  .venv/bin/python bench/bench_first_visit.py      (imports content/ into a throwaway database)
      .venv/bin/python bench/bench_first_visit.py --files   (and each page's files, brotli bytes)

For each page it lists the HTML and every stylesheet, script and icon the HTML links (what a
browser with an empty cache fetches before the page is complete), compressed as the shipped
nginx and whitenoise send them: brotli where available, and gzip for comparison. Targets (issue 15):
at most 6 requests and 40 KB compressed. What a <template> holds is not fetched: htmx waits there
until a reader first reaches for an htmx control (static/js/htmx_loader.js), and is listed apart.
As under `make prod`, IGF_SITE_ORIGIN is set, so the tiers' HTML is the brotli stored once per
change (igfapp/reader_pages.py), as the app sends it to a browser that takes brotli.
"""

from __future__ import annotations

import gzip
import os
import re
import sys
import tempfile
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PAGES = ["/", "/learn/fundamentals/", "/learn/intermediate/", "/learn/academic/", "/glossary/", "/factors/"]
MAX_REQUESTS, MAX_KB = 6, 40
DEBUG_ONLY = "django-htmx.js"
LINKED_RE = re.compile(r'<(?:link[^>]+href|script[^>]+src)="(/static/[^"]+)"')
TEMPLATE_RE = re.compile(r"<template\b[^>]*>(.*?)</template>", re.DOTALL)


def setup() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="igf-first-visit-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "igfapp.settings")
    os.environ["DJANGO_SQLITE_PATH"] = str(workdir / "db.sqlite3")
    os.environ["IGF_BUNDLE_ROOT"] = str(workdir / "bundles")
    os.environ.setdefault("IGF_SITE_ORIGIN", "http://127.0.0.1:8000")  # as `make prod` sets it
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("import_content", verbosity=0)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def linked(html: str) -> list[str]:
    # django-htmx adds its error-reporting script in DEBUG only: not part of what ships.
    return [url for url in dict.fromkeys(LINKED_RE.findall(html)) if DEBUG_ONLY not in url]


def main() -> int:
    setup()
    from django.test import Client

    client = Client()
    print("| page | requests | bytes | brotli | gzip | HTML's brotli |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    met = True
    later: dict[str, int] = {}  # fetched on first use of an htmx control: url → brotli bytes
    details: list[str] = []
    from igfapp.reader_pages import BROTLI_QUALITY

    for page in PAGES:
        response = client.get(page, HTTP_ACCEPT_ENCODING="gzip, deflate, br, zstd")
        html = body(response)
        stored = response.get("Content-Encoding") == "br"  # compressed once, by the app
        if stored:
            html_br, html = len(html), brotli.decompress(html)
        else:  # nginx compresses it on the fly (level 5)
            html_br = len(brotli.compress(html, quality=5))
        text = html.decode()
        urls = linked(TEMPLATE_RE.sub("", text))
        for url in linked(" ".join(TEMPLATE_RE.findall(text))):
            later[url] = len(brotli.compress(body(client.get(url)), quality=11))
        static = [body(client.get(url)) for url in urls]
        files = [html, *static]
        raw = sum(map(len, files))
        # Static files as whitenoise stores them, compressed once at collectstatic (brotli 11, gzip 9).
        br = html_br + sum(len(brotli.compress(f, quality=11)) for f in static)
        gz = len(gzip.compress(html, compresslevel=5)) + sum(len(gzip.compress(f, compresslevel=9)) for f in static)
        met &= len(files) <= MAX_REQUESTS and br <= MAX_KB * 1024
        how = f"stored (quality {BROTLI_QUALITY})" if stored else "nginx (quality 5)"
        print(f"| {page} | {len(files)} | {raw / 1024:.1f} KB | {br / 1024:.1f} KB | {gz / 1024:.1f} KB | {how} |")
        sizes = [(page + " (HTML)", html_br)] + [
            (u, len(brotli.compress(f, quality=11))) for u, f in zip(urls, static, strict=True)
        ]
        details += [f"  {url}: {size:,} B brotli" for url, size in sizes]
    if "--files" in sys.argv:
        print("\n" + "\n".join(details))
    for url, size in later.items():
        print(f"\n{url}: loaded on first use of an htmx control: {size / 1024:.1f} KB brotli")
    print(f"\ntargets: at most {MAX_REQUESTS} requests, {MAX_KB} KB compressed -> {'MET' if met else 'NOT MET'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
