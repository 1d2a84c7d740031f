"""Reader preferences live in the browser: two readers with different preferences get identical
HTML, and each sees their own preference applied, across pages and reloads (issue 15)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_two_readers_get_the_same_html_and_each_their_own_preferences(browser, site):
    one = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    two = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    try:
        reader_one, reader_two = one.new_page(), two.new_page()
        # Reader one reads Intermediate and chooses dark; reader two reads Academic, keeps light.
        reader_one.goto(site + "/learn/intermediate/")
        reader_one.get_by_role("button", name="Dark mode").click()
        reader_two.goto(site + "/learn/academic/")

        html_one = one.request.get(site + "/").text()
        html_two = two.request.get(site + "/").text()
        assert html_one == html_two  # the same bytes: preferences never reach the server

        for page in (reader_one, reader_two):
            page.goto(site + "/")
        expect(reader_one.locator("html")).to_have_attribute("data-theme", "dark")
        expect(reader_two.locator("html")).not_to_have_attribute("data-theme", "dark")
        expect(reader_one.get_by_role("link", name=re.compile("Continue at your level: Intermediate"))).to_be_visible()
        expect(reader_two.get_by_role("link", name=re.compile("Continue at your level: Academic"))).to_be_visible()
        expect(reader_one.get_by_role("link", name=re.compile("Start with"))).to_be_hidden()

        # They survive a reload, and the chosen tier's card is marked.
        reader_one.reload()
        expect(reader_one.locator("html")).to_have_attribute("data-theme", "dark")
        expect(reader_one.locator('.depth-card[data-tier="intermediate"] .depth-card__yours')).to_be_visible()
        expect(reader_one.locator('.depth-card[data-tier="academic"] .depth-card__yours')).to_be_hidden()
    finally:
        one.close()
        two.close()


def test_a_first_time_reader_is_offered_the_first_tier(page, site):
    page.goto(site + "/")
    expect(page.get_by_role("link", name=re.compile("Start with Fundamentals"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Continue at your level"))).to_have_count(0)
