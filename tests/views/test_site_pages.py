"""Pages about the site (content/pages/), the editorial standards first (issue 24): rendered from
content/ once, served from stored HTML, edited in the admin with history, round-tripped through
export and import."""

from __future__ import annotations

import re
import shutil

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from igfapp.exporting import export_content
from igfapp.importing import import_content
from igfapp.models import SitePage
from tests.admin_helpers import form_data, submit


def test_the_standards_page_renders_from_content_with_its_principles_table(client, real_site):
    source = (real_site / "pages" / "standards.md").read_text(encoding="utf-8")
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("site-page", kwargs={"slug": "standards"}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Our editorial standards</h1>" in page
    # Its sections are the page's h2s, each with an id the table links to.
    assert '<h2 id="what-we-keep-about-readers">' in page and 'href="#what-we-keep-about-readers"' in page
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>", page)
    assert len(rows) == len(re.findall(r"^\| (HONcode|PIF TICK):", source, re.M)) >= 16
    assert sum(name.startswith("HONcode") for name in rows) == 8
    assert "Not yet" in page and 'href="/corrections/"' in page and 'href="/report/"' in page
    assert "no funder is recorded" in page and "no advertising" in page
    assert len(context) <= 4  # the content revision, the page, the navigation
    assert client.get("/about/no-such-page/").status_code == 404


def test_an_edit_in_the_admin_is_kept_in_history_exported_and_imported_back(editor_client, real_site, tmp_path):
    page = SitePage.objects.get(slug="standards")
    url = reverse("admin:igfapp_sitepage_change", args=[page.pk])
    data = form_data(editor_client.get(url), "sitepage")
    data["body_md"] = [data["body_md"][0] + "\n\nAn editors' <script>alert(1)</script> addition."]
    assert submit(editor_client, url, data, "_save").status_code == 302
    page.refresh_from_db()
    assert page.body_html.endswith("<p>An editors'  addition.</p>") and "alert" not in page.body_html
    history = editor_client.get(reverse("admin:igfapp_sitepage_history", args=[page.pk])).content.decode()
    assert "edna" in history

    root = tmp_path / "content"
    shutil.copytree(real_site, root)
    export_content(root)
    written = (root / "pages" / "standards.md").read_text(encoding="utf-8")
    assert written.endswith("An editors' <script>alert(1)</script> addition.\n")
    assert written.startswith('---\ntitle: "Our editorial standards"\nsummary: "')
    report = import_content(root)
    assert not report.changed  # what was exported is what the database holds
    assert export_content(root, dry_run=True).changed_files == []
