"""The HTML of every page type is valid: the W3C Nu HTML checker (npm package `vnu-jar`, installed
by `make test`) reports no error. Pages are fetched with the test client and checked in one run."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.page_types import PAGE_TYPES

# The checker reads pages, not the database: the PostgreSQL pass of .ci/run leaves it out.
pytestmark = pytest.mark.validator

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Pages in the states readers put them in, beyond each page type's plain URL.
EXTRA_PAGES = {
    "home-factor-chosen": "/?factor=chronic-stress",
    "fundamentals-factor-chosen": "/learn/fundamentals/?factor=resistance-training",
    "review-one-tier": "/review/?tier=academic",
}
# Fragments that scripts insert into pages: checked inside a minimal document.
FRAGMENTS = {
    "term-card": ("glossary-card", {"slug": "igf-1"}),
    "reference-card": ("reference-card", {"key": "sjogren-1999"}),
}
SHELL = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>fragment</title></head><body>{}</body></html>'
)


def vnu_errors(files: list[Path]) -> list[str]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: run 'make test' (it installs Debian's default-jre-headless)")
    if not VNU_JAR.exists():
        pytest.fail(f"{VNU_JAR} is missing: run 'make test' (it runs 'npm ci' for vnu-jar)")
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m.get('message')} «{(m.get('extract') or '').strip()}»"
        for m in messages
        if m.get("type") in {"error", "non-document-error"}
    ]


def page_urls() -> dict[str, str]:
    """Every page type's URL (a URL name that does not resolve fails the test), EXTRA_PAGES and each
    tier with one of its questions answered (issue 16)."""
    return {
        **{page_type.name: page_type.path() for page_type in PAGE_TYPES},
        **EXTRA_PAGES,
        **answered_pages(),
        **change_pages(),
    }


def change_pages() -> dict[str, str]:
    """The change log with a change listed (a real edit, its reason hostile), and that change's page."""
    from tests.test_site import a_recorded_change

    change = a_recorded_change()
    change.reason = '<script>alert("x")</script> & a reason'
    change.save()
    return {"changes-listing-one": "/changes/", "change": change.get_absolute_url()}


def answered_pages() -> dict[str, str]:
    from tests.learning_helpers import answer_url, first_question

    pages = {}
    for tier in ("fundamentals", "intermediate", "academic"):
        question = first_question(tier)
        pages[f"{tier}-answered-wrongly"] = answer_url(question, right=False)
        pages[f"{tier}-answered-rightly"] = answer_url(question, right=True)
    # The review page's practice (the first question of a tier is one), answered without JavaScript.
    pages["review-answered-wrongly"] = answer_url(first_question("fundamentals"), right=False).replace(
        "/learn/fundamentals/", "/review/"
    )
    return pages


def fragment_urls() -> dict[str, str]:
    return {name: reverse(url_name, kwargs=kwargs) for name, (url_name, kwargs) in FRAGMENTS.items()}


def test_every_page_type_is_valid_html(client, real_site, tmp_path):
    files = []
    for name, url in page_urls().items():
        response = client.get(url)
        assert response.status_code in {200, 404}, (url, response.status_code)
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    from tests.learning_helpers import answer_url, first_question, htmx_headers

    question = first_question("fundamentals")
    fragments = {name: (url, {}) for name, url in fragment_urls().items()}
    fragments["question-result"] = (answer_url(question, right=False), htmx_headers(question))
    for name, (url, headers) in fragments.items():
        response = client.get(url, headers=headers)
        assert response.status_code == 200, (url, response.status_code)
        files.append(tmp_path / f"{name}.html")
        files[-1].write_text(SHELL.format(response.content.decode()), encoding="utf-8")
    files += report_states(client, tmp_path)
    assert len(files) >= len(PAGE_TYPES)
    errors = vnu_errors(files)
    assert not errors, "Nu HTML checker errors:\n" + "\n".join(errors)


def report_states(client, tmp_path) -> list[Path]:
    """The report form refused (every field in error), the form while the database is down, and
    /corrections/ with a page of corrections and its pager (issue 24)."""
    from igfapp.models import ProblemReport
    from igfapp.outage import outage
    from tests.test_outage import database_down

    bad = {"page": "//x", "text": "x" * 2001, "source": "s" * 501, "email": "not an email", "website": ""}
    pages = {"report-refused": client.post(reverse("report"), bad)}
    with database_down():
        pages["report-database-down"] = client.post(reverse("report"), {**bad, "page": "/", "text": "kept"})
    outage.down_since = None
    for n in range(25):
        report = ProblemReport.objects.create(page=f"/glossary/?n={n}", text="t")
        report.status, report.public_reply = ProblemReport.Status.ACCEPTED, f"Reply {n}.\nSecond line <b>."
        report.decide(None, was=ProblemReport.Status.NEW)
    pages["corrections-listed"] = client.get(reverse("corrections"), {"page": "2"})
    assert [r.status_code for r in pages.values()] == [400, 503, 200]
    files = []
    for name, response in pages.items():
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    return files


def test_the_checker_does_catch_invalid_html(tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text(SHELL.format("<p><div>block in a paragraph's place</p></div><a href='x' href='y'>x</a>"))
    assert vnu_errors([broken])


def test_what_editors_see_on_the_public_pages_is_valid_html(real_site, editor_client, tmp_path):
    """Draft banners, the factor table's draft notices and previewed drafts, as staff get them."""
    from igfapp.models import Article, LifestyleFactor
    from tests.admin_helpers import form_data, submit

    for model_name, item, field in [
        ("lifestylefactor", LifestyleFactor.objects.get(slug="deep-sleep"), "summary"),
        ("article", Article.objects.get(slug="intermediate"), "summary"),
    ]:
        url = reverse(f"admin:igfapp_{model_name}_change", args=[item.pk])
        data = form_data(editor_client.get(url), model_name)
        data[field] = ["A draft, shown to editors only."]
        assert submit(editor_client, url, data, "_draft").status_code == 302
    files = []
    for index, url in enumerate(
        ["/factors/", "/factors/?preview=draft&open=deep-sleep", "/learn/intermediate/?preview=draft"]
    ):
        response = editor_client.get(url)
        assert response.status_code == 200 and b"banner--draft" in response.content, url
        files.append(tmp_path / f"staff-{index}.html")
        files[-1].write_bytes(response.content)
    errors = vnu_errors(files)
    assert not errors, "Nu HTML checker errors:\n" + "\n".join(errors)
