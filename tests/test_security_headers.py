"""Every page type carries every security header, and its markup fits the strict CSP."""

from html.parser import HTMLParser

import pytest

from igfapp.middleware import permissions_policy

from .page_types import PAGE_IDS, PAGE_TYPES

# Fragments and other answers that are not full pages but are served to browsers all the same.
EXTRA = {
    "article fragment": ("/learn/fundamentals/", {"HX-Request": "true"}),
    "factor table fragment": ("/factors/?effect=suppresses", {"HX-Request": "true"}),
    "glossary card": ("/cards/term/igf-1/", {"HX-Request": "true"}),
    "health check": ("/healthz", {}),
    "admin login": ("/admin/login/", {}),
}


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response) -> None:
    csp = csp_directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"][0] == "'self'"
    assert all(v == "'self'" or v.startswith("'nonce-") for v in csp["script-src"])  # no unsafe-inline/eval
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy


@pytest.fixture
def production_https(settings):
    """The production values test_settings.py checks, on an HTTPS request."""
    settings.SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True


@pytest.mark.parametrize("page", PAGE_TYPES, ids=PAGE_IDS)
def test_every_page_type_has_every_header(client, real_site, production_https, page):
    response = client.get(page.path(), secure=True)
    assert response.status_code == page.status
    assert_security_headers(response)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    # All script is external (caching.py's 304s and stored pages rely on it).
    audit = CspAudit()
    audit.feed(response.content.decode())
    assert audit.problems == []


@pytest.mark.parametrize("name", EXTRA)
def test_fragments_and_other_answers_have_every_header(client, real_site, production_https, name):
    url, headers = EXTRA[name]
    response = client.get(url, headers=headers, secure=True)
    assert response.status_code == 200
    assert_security_headers(response)
    assert "Strict-Transport-Security" in response


def test_a_304_has_every_header_too(client, real_site, production_https):
    etag = client.get("/glossary/", secure=True)["ETag"]
    response = client.get("/glossary/", headers={"If-None-Match": etag}, secure=True)
    assert response.status_code == 304
    assert_security_headers(response)


def test_no_hsts_over_plain_http(client, real_site, production_https):
    """Browsers ignore HSTS over HTTP; Django sends it on HTTPS only."""
    assert "Strict-Transport-Security" not in client.get("/")


def test_no_public_page_sets_a_cookie_even_on_https(client, real_site):
    """The depth cookie is gone (preferences live in the browser): nothing to make Secure."""
    for url in ("/", "/learn/fundamentals/", "/glossary/", "/preferences/pop-ups/"):
        assert not client.get(url, secure=True).cookies, url


def test_permissions_policy_format():
    assert permissions_policy({"camera": [], "fullscreen": ["self"]}) == "camera=(), fullscreen=(self)"


class CspAudit(HTMLParser):
    """Collects what the CSP would block or what could run script from the markup."""

    URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster"})
    # Data blocks are never executed (the article's JSON-LD metadata is one).
    DATA_BLOCKS = frozenset({"application/ld+json", "application/json"})

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src") and attributes.get("type") not in self.DATA_BLOCKS:
            self.problems.append("inline <script>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event handler")
            if name == "style":
                self.problems.append(f'<{tag} style="..."> (style-src is self only)')
            if name in self.URL_ATTRIBUTES and (value or "").strip().lower().startswith(("javascript:", "vbscript:")):
                self.problems.append(f"<{tag} {name}={value!r}>")
