"""Report a problem end to end in a real browser (issue 24): from a tier's footer to the form, the
thank-you page, the editors' triage in the admin, and the accepted report on /corrections/. Hostile
text goes all the way through and never runs: no dialog, no script, shown as the characters sent."""

import pytest
from playwright.sync_api import expect

from igfapp.models import ProblemReport

from .editors import log_in

pytestmark = pytest.mark.browser

HOSTILE = '<script>window.pwned=1;alert("s")</script><img src=x onerror="window.pwned=2;alert(1)">'


def test_a_report_from_the_footer_to_the_corrections_list(page, site, editor_login):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(site + "/learn/fundamentals/")
    page.get_by_role("link", name="Report a problem with this page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a problem")
    expect(page.get_by_label("Which page")).to_have_value("/learn/fundamentals/")
    page.get_by_label("What is wrong").fill("The liver line is wrong. " + HOSTILE)
    page.get_by_label("Your source (optional)").fill(HOSTILE)
    page.get_by_label("Your email (optional)").fill("reader@example.org")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("your report reached the editors")
    assert "/report/thanks/" in page.url
    report = ProblemReport.objects.get()
    assert report.text == "The liver line is wrong. " + HOSTILE and report.page == "/learn/fundamentals/"

    log_in(page, site)
    page.get_by_role("link", name="1 new report").click()
    page.locator("#result_list tbody tr a").first.click()
    expect(page.get_by_text("The liver line is wrong. " + HOSTILE)).to_be_visible()
    page.get_by_label("Status").select_option("accepted")
    page.get_by_label("Public reply").fill("Corrected: " + HOSTILE)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(site + "/corrections/")
    correction = page.locator(".correction").first
    expect(correction).to_contain_text("Corrected: " + HOSTILE)
    expect(correction.get_by_role("link")).to_have_text("/learn/fundamentals/")
    expect(page.get_by_text("reader@example.org")).to_have_count(0)
    assert page.evaluate("window.pwned") is None and dialogs == []
    assert page.locator(".correction script, .correction img").count() == 0
    assert page.console_errors == []
