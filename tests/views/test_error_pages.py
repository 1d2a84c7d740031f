"""The custom 404 and 500 pages, with DEBUG off as in production."""

import pytest
from django.urls import include, path

from tests.test_security_headers import assert_security_headers


def explode(request):
    raise RuntimeError("a bug in a view")


# A test-only URLconf: the real site plus one view that raises.
urlpatterns = [
    path("__explode__/", explode),
    path("", include("igfapp.urls")),
]


@pytest.mark.urls(__name__)
def test_a_crash_shows_the_custom_500_page_without_details(client, db, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/__explode__/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "a bug in a view" not in html and "Traceback" not in html
    assert_security_headers(response)


def test_an_unknown_address_shows_the_custom_404_page(client, db, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'href="/"' in html
    assert_security_headers(response)
