"""The editors' triage of readers' reports (issue 24): new → accepted / declined with a public
reply, the reader's text shown escaped and read-only, the count of new reports on the admin home."""

from __future__ import annotations

import pytest
from django.urls import reverse

from igfapp.models import Correction, ProblemReport
from tests.admin_helpers import form_data, submit

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(db):
    return ProblemReport.objects.create(
        page="/glossary/", text=HOSTILE, source=HOSTILE, email="reader@example.org", sender_key="k"
    )


def change_url(report) -> str:
    return reverse("admin:igfapp_problemreport_change", args=[report.pk])


def test_the_admin_home_counts_new_reports_and_links_to_them(editor_client, report):
    ProblemReport.objects.create(page="/", text="another", status=ProblemReport.Status.DECLINED)
    page = editor_client.get(reverse("admin:index")).content.decode()
    assert "1 new report</strong>" in page
    assert reverse("admin:igfapp_problemreport_changelist") + "?status__exact=new" in page


def test_the_readers_text_is_shown_escaped_and_read_only(editor_client, report):
    for url in (change_url(report), reverse("admin:igfapp_problemreport_changelist")):
        page = editor_client.get(url).content.decode()
        assert HOSTILE not in page and "&lt;script&gt;alert(" in page, url
    page = editor_client.get(change_url(report)).content.decode()
    assert 'name="text"' not in page and 'name="email"' not in page and 'name="page"' not in page
    assert 'name="status"' in page and 'name="public_reply"' in page


def test_accepting_needs_a_public_reply_then_lists_the_correction(editor_client, editor, report):
    url = change_url(report)
    data = form_data(editor_client.get(url), "problemreport")
    refused = submit(editor_client, url, {**data, "status": ["accepted"], "public_reply": [""]}, "_save")
    assert refused.status_code == 200 and "needs a public reply" in refused.content.decode()
    assert not Correction.objects.exists()
    saved = submit(editor_client, url, {**data, "status": ["accepted"], "public_reply": ["Corrected."]}, "_save")
    assert saved.status_code == 302
    report.refresh_from_db()
    assert report.status == "accepted" and report.decided_by == editor and report.decided_at
    correction = Correction.objects.get()
    assert (correction.page, correction.reply) == ("/glossary/", "Corrected.")
    # Declined after all: the correction is withdrawn from /corrections/.
    submit(editor_client, url, {**data, "status": ["declined"], "public_reply": ["Not a mistake."]}, "_save")
    assert not Correction.objects.exists()


def test_editors_neither_add_nor_delete_reports(editor_client, report):
    assert editor_client.get(reverse("admin:igfapp_problemreport_add")).status_code == 403
    assert editor_client.get(reverse("admin:igfapp_problemreport_delete", args=[report.pk])).status_code == 403
    assert ProblemReport.objects.count() == 1


@pytest.mark.parametrize("bad", ["0", "abc", "9" * 30, "١٢"])
def test_a_bad_report_id_is_no_such_report(editor_client, bad):
    response = editor_client.get(f"/admin/igfapp/problemreport/{bad}/change/")
    assert response.status_code in (302, 404)
