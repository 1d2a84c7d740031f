"""The review schedule's numbers are FSRS's (issue 25): the vendored ts-fsrs, as the site bundles and
configures it (js/learning.js: static/vendor/ts-fsrs + static/js/review.js), run under node on a
fixed sequence of answers, gives the same due dates (and memory states) as the reference
implementation, the Python `fsrs` package, run on the same sequence with the same parameters.
Also: the vendored file is the one published on npm, less its source-map comment."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from fsrs import Card, Rating, Scheduler

from igfapp.bundles import build

VENDORED = Path(settings.BASE_DIR) / "static" / "vendor" / "ts-fsrs"
START = datetime(2026, 1, 5, 8, 30, tzinfo=UTC)
# (rating 1-4, days after the card fell due that the next answer comes: negative is early, positive late).
# Whole days: ts-fsrs counts the days between two reviews by UTC calendar date, the Python package by
# whole 24-hour periods, so at other offsets the two differ by design (a review at 16:30 after one at
# 19:30 four days earlier is 4 days to one, 3 to the other), never in the formulas checked here.
ANSWERS = [(3, 0), (3, 1), (1, 3), (2, -1), (3, 0), (4, 2), (1, 0), (3, 5), (3, 0), (2, -2), (4, 0), (3, 1), (1, 0)]

# Run the bundle in a bare global, as the browser would (no page: review.js only sets itself up),
# then schedule the sequence with the site's own parameters.
NODE = r"""
const vm = require("vm"), fs = require("fs");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const sandbox = {Intl, Date, JSON, Math, console};
sandbox.window = sandbox;
sandbox.document = {readyState: "complete", querySelector: () => null, getElementById: () => null};
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(input.bundle, "utf8"), sandbox);
const F = sandbox.FSRS, p = sandbox.igfReview.parameters;
const f = F.fsrs(F.generatorParameters(p));
let now = new Date(input.start), card = F.createEmptyCard(now);
const out = [];
for (const [rating, late] of input.answers) {
  card = f.next(card, now, rating).card;
  out.push({due: card.due.toISOString(), stability: card.stability, difficulty: card.difficulty});
  now = new Date(card.due.getTime() + late * 86400000);
}
console.log(JSON.stringify({parameters: p, w: Array.from(f.parameters.w), retention: f.parameters.request_retention,
  maximum: f.parameters.maximum_interval, out}));
"""


def node() -> str:
    found = shutil.which("node") or shutil.which("nodejs")
    if found is None:
        pytest.fail("node is missing: run 'make test' (it installs Debian's nodejs for the test tools)")
    return found


def test_vendored_ts_fsrs_is_the_published_file_less_its_source_map_comment():
    notes = (VENDORED / "VENDORED.md").read_text()
    text = (VENDORED / "ts-fsrs.umd.js").read_bytes()
    assert hashlib.sha256(text).hexdigest() in notes
    published = text + b"//# sourceMappingURL=index.umd.js.map\n"
    assert hashlib.sha256(published).hexdigest() in notes  # npm's dist/index.umd.js of the version named
    assert "MIT License" in (VENDORED / "LICENSE").read_text()


def test_the_site_schedule_equals_the_reference_fsrs():
    bundle = build("js/learning.js")
    done = subprocess.run(
        [node(), "-e", NODE],
        input=json.dumps({"bundle": str(bundle), "start": START.isoformat(), "answers": ANSWERS}),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    site = json.loads(done.stdout)
    assert site["parameters"]["enable_fuzz"] is False  # the same answers give the same days

    reference = Scheduler(
        parameters=site["w"],
        desired_retention=site["retention"],
        learning_steps=(),
        relearning_steps=(),
        maximum_interval=site["maximum"],
        enable_fuzzing=False,
    )
    card, now = Card(due=START), START
    days = set()
    for (rating, late), theirs in zip(ANSWERS, site["out"], strict=True):
        card, _ = reference.review_card(card, Rating(rating), now)
        assert datetime.fromisoformat(theirs["due"]) == card.due, (rating, late, theirs, card)
        assert theirs["stability"] == pytest.approx(card.stability, rel=1e-6)
        assert theirs["difficulty"] == pytest.approx(card.difficulty, rel=1e-6)
        days.add((card.due - now) // timedelta(days=1))
        now = card.due + timedelta(days=late)
    assert len(days) >= 5  # a sequence that exercises short and long intervals, not one repeated
