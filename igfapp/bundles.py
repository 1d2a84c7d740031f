"""One stylesheet and one reader script per page, built from the files that keep each concern apart.

A first visit to an article costs one request per file it links (issue 15: at most six in all), so
the site's CSS (`static/css/*.css`) is served as one `css/site.css` and the reader's scripts
(`static/js/*.js`) as one `js/reader.js`; `js/prefs.js` stays apart because it must run in
<head> before the first paint. The bundles are made by `BundleFinder`, a staticfiles finder:
runserver, the test servers and `collectstatic` (hashing, gzip, brotli) all see them as ordinary
static files, and the parts stay the files one edits.

Bundles are minified (rcssmin, rjsmin: conservative, comment and whitespace removal only): the
parts keep their comments saying why, and a first visit does not download them. Measured
(bench_first_visit.py): CSS 10.5 → 7.8 KB and the reader script 5.6 → 3.5 KB brotli.
"""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin
from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

# bundle → its parts in order; a (part, media) pair wraps that part in `@media <media> { … }`.
BUNDLES: dict[str, list[str | tuple[str, str]]] = {
    "css/site.css": [
        "css/base.css",
        "css/diagram.css",
        "css/references.css",
        "css/factors.css",
        "css/glossary.css",
        "css/learning.css",
        "css/changes.css",
        ("css/print.css", "print"),
    ],
    # The open record's pages (/changes/, the report form, /corrections/, /about/…) only: a first
    # visit to a tier does not fetch their rules.
    "css/record.css": ["css/record_pages.css"],
    # htmx_loader.js last: every part listening for htmx's events has registered before it can load.
    "js/reader.js": [
        "js/site.js",
        "js/popups.js",
        "js/diagram.js",
        "js/factors.js",
        "js/questions.js",
        "js/changed_since.js",
        "js/htmx_loader.js",
    ],
    # Spaced review (issue 25): the vendored scheduler and the script that keeps the schedule. Loaded
    # by /review/, and by questions.js on a reader's first answer: never on a first visit to a tier.
    "js/learning.js": ["vendor/ts-fsrs/ts-fsrs.umd.js", "js/review.js"],
}


def _source_root() -> Path:
    return Path(settings.STATICFILES_DIRS[0])


def _part_text(part: str | tuple[str, str]) -> str:
    name, media = (part, "") if isinstance(part, str) else part
    text = (_source_root() / name).read_text(encoding="utf-8")
    text = rcssmin.cssmin(text) if name.endswith(".css") else rjsmin.jsmin(text)
    if media:
        text = f"@media {media}{{{text}}}"
    return f"/*! {name} */\n{text.strip()}\n"  # /*! … */ survives minifiers: where each part starts


def build(bundle: str) -> Path:
    """Write `bundle` from its parts (again only when a part is newer) and return its path."""
    target = Path(settings.BUNDLE_ROOT) / bundle
    parts = [_source_root() / (p if isinstance(p, str) else p[0]) for p in BUNDLES[bundle]]
    newest = max(path.stat().st_mtime for path in [*parts, Path(__file__)])  # this file says how to build
    if not target.exists() or target.stat().st_mtime < newest:
        target.parent.mkdir(parents=True, exist_ok=True)
        joiner = "\n" if bundle.endswith(".css") else ";\n"  # a script part may end without a semicolon
        target.write_text(joiner.join(_part_text(p) for p in BUNDLES[bundle]), encoding="utf-8")
    return target


class BundleFinder(BaseFinder):
    """Finds the bundles of BUNDLES (built on demand into settings.BUNDLE_ROOT)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=settings.BUNDLE_ROOT)

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        if path not in BUNDLES:
            return [] if find_all else None
        found = str(build(path))
        return [found] if find_all else found

    def list(self, ignore_patterns):
        for bundle in BUNDLES:
            build(bundle)
            yield bundle, self.storage
