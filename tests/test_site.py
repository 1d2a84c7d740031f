"""Site-wide checks: migrations are complete; every page has exactly one <h1>."""

import re

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


PAGES = ["/", "/learn/fundamentals/", "/learn/intermediate/", "/learn/academic/", "/glossary/"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_exactly_one_h1_and_a_main_landmark(client, real_site, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert '<main id="main"' in html
    assert '<html lang="en-GB">' in html
