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
    # Declined after all (from the form as it is now): the correction is withdrawn from /corrections/.
    data = form_data(editor_client.get(url), "problemreport")
    submit(editor_client, url, {**data, "status": ["declined"], "public_reply": ["Not a mistake."]}, "_save")
    assert not Correction.objects.exists()


def test_a_decision_taken_meanwhile_is_never_overwritten_and_the_late_text_is_kept(editor_client, editor, report):
    from django.contrib.auth.models import User
    from django.test import Client

    from tests.admin_helpers import editors_group

    url = change_url(report)
    mine = form_data(editor_client.get(url), "problemreport")  # opened before the other editor decides
    other = User.objects.create_user("olga", password="unused", is_staff=True)
    other.groups.add(editors_group())
    theirs = Client()
    theirs.force_login(other)
    data = form_data(theirs.get(url), "problemreport")
    assert (
        submit(theirs, url, {**data, "status": ["accepted"], "public_reply": ["Fixed it."]}, "_save").status_code == 302
    )

    late = submit(
        editor_client, url, {**mine, "status": ["declined"], "public_reply": ["Not a mistake, I think."]}, "_save"
    )
    page = late.content.decode()
    assert late.status_code == 200 and "Another editor changed the decision" in page and "olga" in page
    assert "Not a mistake, I think." in page  # the late editor's text is still in the form
    report.refresh_from_db()
    assert (report.status, report.public_reply, report.decided_by) == ("accepted", "Fixed it.", other)
    assert Correction.objects.get().reply == "Fixed it."
    # From the form as it is now, the decision can be changed.
    fresh = form_data(editor_client.get(url), "problemreport")
    assert submit(editor_client, url, {**fresh, "status": ["declined"]}, "_save").status_code == 302
    assert not Correction.objects.exists()


def test_the_fixing_change_is_chosen_in_the_triage_and_shown_with_the_correction(editor_client, report, client):
    from django.utils import timezone

    from igfapp.models import PublicChange

    change = PublicChange.objects.create(
        when=timezone.now(),
        item_type="term",
        item_key="igf-1",
        label="IGF-1",
        url="/glossary/igf-1/",
        kind=PublicChange.Kind.CHANGED,
        reason="Said where IGF-1 is made.",
        diff_html="<p>…</p>",
    )
    url = change_url(report)
    data = form_data(editor_client.get(url), "problemreport")
    saved = submit(
        editor_client,
        url,
        {**data, "status": ["accepted"], "public_reply": ["Corrected."], "fixed_by": [str(change.pk)]},
        "_save",
    )
    assert saved.status_code == 302
    assert Correction.objects.get().fixed_by == change
    assert f'href="/changes/{change.pk}/"' in client.get(reverse("corrections")).content.decode()
    data = form_data(editor_client.get(url), "problemreport")
    refused = submit(editor_client, url, {**data, "fixed_by": ["999999"]}, "_save")
    assert refused.status_code == 200 and Correction.objects.get().fixed_by == change


def test_editors_neither_add_nor_delete_reports(editor_client, report):
    assert editor_client.get(reverse("admin:igfapp_problemreport_add")).status_code == 403
    assert editor_client.get(reverse("admin:igfapp_problemreport_delete", args=[report.pk])).status_code == 403
    assert ProblemReport.objects.count() == 1


@pytest.mark.parametrize("bad", ["0", "abc", "9" * 30, "١٢"])
def test_a_bad_report_id_is_no_such_report(editor_client, bad):
    response = editor_client.get(f"/admin/igfapp/problemreport/{bad}/change/")
    assert response.status_code in (302, 404)
