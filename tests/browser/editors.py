"""An editor in the browser: logging in to the admin as the `editor_login` fixture's user (conftest.py)."""

from playwright.sync_api import expect

from tests.admin_helpers import PASSWORD

USERNAME = "edna"


def log_in(page, site) -> None:
    page.goto(site + "/admin/login/?next=/admin/")
    fill_login(page)
    expect(page.get_by_role("heading", name="Content")).to_be_visible()


def fill_login(page) -> None:
    """Fill and send the admin's login form on the page that shows it."""
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
