"""Report a problem and /corrections/ (issue 24): the one form anonymous readers write to.

Refusals (a honeypot filled, too long, too many from one address, no CSRF token, the database down)
store nothing and give the reader's text back; what is sent is stored as plain text and shown only
escaped; accepted reports are listed on /corrections/ (never the email or the text), in a fixed
number of queries, and the list's cached page changes the moment a report is accepted."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from igfapp.models import Correction, ProblemReport
from igfapp.outage import outage
from igfapp.problem_reports import reportable_path
from igfapp.throttling import sender_key
from tests.test_outage import database_down

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'


def report_data(**changes) -> dict:
    data = {
        "page": "/glossary/",
        "text": "The definition of IGF-1 says the liver makes all of it.",
        "source": "",
        "email": "",
        "website": "",
    }
    return {**data, **changes}


def send(client, **changes):
    return client.post(reverse("report"), report_data(**changes))


def test_a_report_is_stored_as_plain_text_then_thanks_after_a_redirect(client):
    response = send(client, text=HOSTILE, source="https://example.org/paper", email="reader@example.org")
    assert response.status_code == 303
    assert response["Location"] == "/report/thanks/?page=%2Fglossary%2F"
    report = ProblemReport.objects.get()
    assert (report.page, report.text, report.email, report.status) == (
        "/glossary/",
        HOSTILE,
        "reader@example.org",
        ProblemReport.Status.NEW,
    )
    assert report.sender_key and "127.0.0.1" not in report.sender_key
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and 'href="/glossary/"' in thanks.content.decode()
    assert {"public"} <= {p.strip() for p in thanks["Cache-Control"].split(",")}


@pytest.mark.parametrize(
    "value",
    [
        "//evil.example/",
        "https://evil.example/",
        "javascript:alert(1)",
        "/admin/",
        "/no-such-page/",
        "/report/",
        "glossary/",
        "/glossary/\x00",
        "/" + "a" * 400,
        "\\\\evil",
    ],
)
def test_only_a_page_of_this_site_may_be_reported(client, value):
    assert reportable_path(value) is None
    response = send(client, page=value)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_page_error"' in page and 'aria-invalid="true"' in page
    if "\x00" not in value and len(value) < 300:
        assert "not the address of a page on this site" in page
    assert not ProblemReport.objects.exists()
    # The form opened from such a link is simply not prefilled.
    assert 'name="page" value=' not in client.get(reverse("report"), {"page": value}).content.decode()


def test_a_report_page_keeps_its_query_and_drops_its_fragment():
    assert reportable_path("/search/?q=sleep#top") == "/search/?q=sleep"
    assert reportable_path("/learn/fundamentals/") == "/learn/fundamentals/"


def test_the_honeypot_refuses_the_report_and_gives_the_text_back(client):
    response = send(client, website="http://spam.example", text="Kept text, not lost.")
    assert response.status_code == 400
    page = response.content.decode()
    assert "was not sent" in page and "Kept text, not lost." in page
    assert not ProblemReport.objects.exists()


def test_a_text_over_the_limit_is_refused_with_a_message_and_given_back(client):
    text = "x" * 2001
    response = send(client, text=text)
    assert response.status_code == 400
    page = response.content.decode()
    assert "at most 2000 characters" in page and text in page
    assert not ProblemReport.objects.exists()
    assert send(client, text="y" * 2000).status_code == 303


def test_the_per_address_limit_refuses_with_a_clear_message_and_keeps_the_text(client, settings):
    settings.REPORTS_PER_WINDOW = 2
    assert send(client).status_code == 303
    assert send(client).status_code == 303
    refused = send(client, text="The third one, kept.")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 3000
    page = refused.content.decode()
    assert "too many reports from your network" in page and "at most 2 an hour" in page
    assert "The third one, kept." in page
    assert ProblemReport.objects.count() == 2
    # Another address is not held back by this one.
    assert send(Client(REMOTE_ADDR="198.51.100.7")).status_code == 303
    # Once the window has passed, the address may send again, and the old fingerprints are cleared.
    ProblemReport.objects.update(received_at=timezone.now() - timedelta(hours=2))
    assert send(client).status_code == 303
    assert ProblemReport.objects.exclude(sender_key="").count() == 1


def test_without_a_csrf_token_nothing_is_stored(db):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("report"), report_data()).status_code == 403
    assert not ProblemReport.objects.exists()
    form = strict.get(reverse("report"), {"page": "/glossary/"})
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode()).group(1)
    assert strict.post(reverse("report"), {**report_data(), "csrfmiddlewaretoken": token}).status_code == 303


def test_a_database_outage_on_submit_says_so_and_gives_the_text_back(client):
    outage.down_since = None
    try:
        with database_down():
            response = send(client, text="Do not lose me.", source="Smith 2001", email="me@example.org")
    finally:
        outage.down_since = None
    assert response.status_code == 503
    assert response["Retry-After"]
    page = response.content.decode()
    assert "cannot take reports just now" in page and "Nothing was saved" in page
    assert "Do not lose me." in page and "Smith 2001" in page and "me@example.org" in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert not ProblemReport.objects.exists()
    # Opened while the database is down, the form says so before anything is written.
    try:
        with database_down():
            opened = client.get(reverse("report"), {"page": "/glossary/"})
    finally:
        outage.down_since = None
    assert opened.status_code == 503 and "cannot take reports just now" in opened.content.decode()
    assert 'value="/glossary/"' in opened.content.decode()


def accept(report: ProblemReport, reply: str) -> None:
    report.status, report.public_reply = ProblemReport.Status.ACCEPTED, reply
    report.decide(None, was=ProblemReport.Status.NEW)


def test_corrections_list_accepted_reports_newest_first_and_nothing_private(client):
    for n in range(3):
        ProblemReport.objects.create(
            page=f"/learn/fundamentals/?n={n}", text=f"private text {n}", email="hidden@example.org"
        )
    first, declined, second = ProblemReport.objects.order_by("pk")
    accept(first, "Fixed the first.")
    declined.status = ProblemReport.Status.DECLINED
    declined.decide(None, was=ProblemReport.Status.NEW)
    accept(second, HOSTILE)
    Correction.objects.filter(report=first).update(accepted_at=timezone.now() - timedelta(days=1))
    page = client.get(reverse("corrections")).content.decode()
    assert page.index("?n=2") < page.index("?n=0") and "?n=1" not in page
    assert "hidden@example.org" not in page and "private text" not in page
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_corrections_take_the_same_queries_for_few_or_many_and_a_bad_page_is_a_404(client):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("corrections")).status_code == 200
        return len(context)

    report = ProblemReport.objects.create(page="/glossary/", text="one")
    accept(report, "One.")
    few = queries()
    for n in range(45):
        accept(ProblemReport.objects.create(page="/glossary/", text=str(n)), f"Reply {n}.")
    assert queries() == few
    assert client.get(reverse("corrections"), {"page": "3"}).status_code == 200
    for bad in ("4", "0", "-1", "x", "9" * 30, "١"):
        assert client.get(reverse("corrections"), {"page": bad}).status_code == 404, bad


def test_accepting_a_report_changes_the_cached_corrections_page(client):
    report = ProblemReport.objects.create(page="/glossary/", text="wrong")
    before = client.get(reverse("corrections"))
    assert client.get(reverse("corrections"), headers={"if-none-match": before["ETag"]}).status_code == 304
    accept(report, "Now right.")
    after = client.get(reverse("corrections"), headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200 and "Now right." in after.content.decode()
    assert after["ETag"] != before["ETag"]
    # A new report coming in changes no page: reports are not content.
    ProblemReport.objects.create(page="/glossary/", text="another")
    assert client.get(reverse("corrections"), headers={"if-none-match": after["ETag"]}).status_code == 304


def test_the_sender_key_is_one_per_address_and_does_not_hold_it(rf):
    one, again, other = (
        rf.post("/report/", REMOTE_ADDR=address) for address in ("203.0.113.9",) * 2 + ("203.0.113.10",)
    )
    assert sender_key(one) == sender_key(again) != sender_key(other)
    # A keyed hash (hex): the address cannot be read back from it.
    assert len(sender_key(one)) == 64 and set(sender_key(one)) <= set("0123456789abcdef")


def test_a_correction_links_the_published_change_that_fixed_it_in_the_same_queries(client):
    from igfapp.models import PublicChange

    def change(n: int) -> PublicChange:
        return PublicChange.objects.create(
            when=timezone.now(),
            item_type="term",
            item_key="igf-1",
            label=f"IGF-1 <b>{n}</b>",
            url="/glossary/igf-1/",
            kind=PublicChange.Kind.CHANGED,
            reason=f"Said where IGF-1 is made, {n}.",
            diff_html="<p>…</p>",
        )

    report = ProblemReport.objects.create(page="/glossary/igf-1/", text="The liver is not the only source.")
    report.fixed_by = change(0)
    accept(report, "Corrected: the liver makes most of it, not all.")
    page = client.get(reverse("corrections")).content.decode()
    fix = re.search(r'<p class="correction__fix">(.*?)</p>', page, re.S).group(1)
    assert f'href="/changes/{report.fixed_by.pk}/"' in fix and "Said where IGF-1 is made, 0." in fix
    assert "IGF-1 &lt;b&gt;0&lt;/b&gt;" in fix  # the stored label, escaped

    from igfapp.caching import page_store

    page_store.clear()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("corrections"))
    for n in range(1, 20):
        more = ProblemReport.objects.create(page="/glossary/", text=str(n))
        more.fixed_by = change(n)
        accept(more, f"Reply {n}.")
    page_store.clear()
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("corrections")).content.decode()
    assert len(many) == len(few) and page.count('class="correction__fix"') == 20

    # The link goes with the report's decision: a fix set later reaches the public list too.
    report.fixed_by = change(99)
    report.decide(None, was=ProblemReport.Status.ACCEPTED)
    assert Correction.objects.get(report=report).fixed_by_id == report.fixed_by_id
