"""Every URL pattern, fed garbage: over-long, non-UTF-8 and hostile path segments and query
strings. The site must answer 2xx, 3xx or 4xx — never a 500 (the test client re-raises any
exception a view lets through, so a crash fails the test with its traceback)."""

from __future__ import annotations

import string
from urllib.parse import quote_from_bytes

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Names the views read from query strings, plus a few that nothing reads.
QUERY_NAMES = ["q", "effect", "mechanism", "sort", "order", "dir", "level", "page", "factor", "tier", "next", "x"]
# Real values from the fixture content, so that garbage also meets existing objects.
REAL_SEGMENTS = ["basics", "middle", "deep", "igf-1", "growth-hormone", "smith", "jones"]
FIXED_PATHS = ["/admin/", "/admin/login/", "/no-such-page/"]

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,  # no example database in the work tree; failures print their example
)


def site_routes() -> list[str]:
    """Every route of the site (not the admin's own, which is Django's), e.g. 'learn/<slug:slug>/'."""
    return [str(p.pattern) for p in get_resolver().url_patterns if isinstance(p, URLPattern)]


# --- Strategies ----------------------------------------------------------------------------

raw_bytes = st.binary(min_size=1, max_size=40)
text = st.text(max_size=40)  # any code point: controls, surrogate-free unicode, emoji
long_text = st.integers(min_value=500, max_value=10_000).map(lambda n: "a" * n)
hostile = st.sampled_from(
    ["..", "%2e%2e%2f", "<script>alert(1)</script>", "' OR 1=1 --", "%00", "\x00", "%", "%zz", "%ff%fe", "😀" * 50]
)


def as_segment(value: str | bytes) -> str:
    """Percent-encode anything (bytes too) so it travels as one path segment."""
    data = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
    return quote_from_bytes(data, safe="")


segments = st.one_of(
    st.sampled_from(REAL_SEGMENTS),
    text.map(as_segment),
    raw_bytes.map(as_segment),  # mostly not UTF-8
    long_text,
    hostile,
    st.text(alphabet=string.ascii_lowercase + string.digits + "-", min_size=1, max_size=300),
)

query_values = st.one_of(
    st.sampled_from(["", "suppresses", "raises", "name", "-name", "1", "technical"]), text, long_text, hostile
)


@st.composite
def query_strings(draw) -> str:
    """A raw QUERY_STRING (WSGI: bytes as latin-1), from tidy to nonsense."""
    kind = draw(st.sampled_from(["pairs", "raw-bytes", "percent-bytes", "long"]))
    if kind == "raw-bytes":
        return draw(raw_bytes).decode("latin-1")
    if kind == "percent-bytes":
        return quote_from_bytes(draw(raw_bytes), safe="=&")
    if kind == "long":
        return "q=" + "x" * draw(st.integers(min_value=2_000, max_value=50_000))
    pairs = draw(st.lists(st.tuples(st.sampled_from(QUERY_NAMES) | text, query_values), max_size=6))
    return "&".join(f"{as_segment(k)}={as_segment(v)}" for k, v in pairs)


@st.composite
def paths(draw, route: str) -> str:
    """The route with each <converter:name> replaced by a fuzzed segment."""
    parts = route.replace(">", "<").split("<")
    out = []
    for i, part in enumerate(parts):
        out.append(draw(segments) if i % 2 else part)
    return "/" + "".join(out)


def headers() -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries(
        {},
        optional={
            "HX-Request": st.sampled_from(["true", "false", "garbage"]),
            "HX-Target": st.sampled_from(["factor-table", "article-content", "x" * 300, ""]),
            "HX-History-Restore-Request": st.just("true"),
        },
    )


def assert_answers_without_crashing(response) -> None:
    assert 200 <= response.status_code < 500, response.status_code


# --- Tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("route", site_routes())
def test_garbage_in_path_and_query_never_crashes(small_site, route):
    client = Client()

    @FUZZ
    @given(path=paths(route), query=query_strings(), extra=headers(), method=st.sampled_from(["get", "head"]))
    def check(path, query, extra, method):
        response = getattr(client, method)(path, QUERY_STRING=query, headers=extra)
        assert_answers_without_crashing(response)

    check()


@pytest.mark.parametrize("route", site_routes())
def test_garbage_posted_to_every_url_never_crashes(small_site, route):
    client = Client()  # CSRF checks off, so the views' own handling of the body is reached

    @settings(FUZZ, max_examples=20)  # most answer 405 at once: fewer examples find the same
    @given(path=paths(route), body=st.dictionaries(st.sampled_from(QUERY_NAMES) | text, query_values, max_size=4))
    def check(path, body):
        assert_answers_without_crashing(client.post(path, body))

    check()


@pytest.mark.parametrize("path", FIXED_PATHS)
def test_admin_and_unknown_addresses_with_garbage_queries(small_site, path):
    client = Client()

    @FUZZ
    @given(query=query_strings())
    def check(query):
        assert_answers_without_crashing(client.get(path, QUERY_STRING=query))

    check()


# Site search reads the database's full-text index: its query languages' syntax (FTS5 on SQLite,
# tsquery on PostgreSQL) mixed with real words must be read as words or nothing.
FULL_TEXT_SYNTAX = st.sampled_from(
    ['"', "'", "*", "^", ":", "{", "}", "(", ")", "+", "-", "--", "NEAR", "AND", "OR", "NOT", "<->", "<2>",
     "&", "|", "!", ":*", ":A", "\\", "\x00", "%", "_", "growth", "GH", "IGF-1", "igf", "hormone", " ", "\ue000"]
)  # fmt: skip
search_queries = st.one_of(
    st.lists(FULL_TEXT_SYNTAX, max_size=30).map("".join),
    st.lists(FULL_TEXT_SYNTAX, max_size=12).map(" ".join),
    text,
    long_text,
    hostile,
)


def test_search_queries_in_full_text_syntax_answer_a_normal_page(small_site):
    client = Client()

    @FUZZ
    @given(q=search_queries, fragment=st.booleans())
    def check(q, fragment):
        response = client.get("/search/", {"q": q}, headers={"HX-Request": "true"} if fragment else None)
        assert response.status_code == 200
        assert b'id="search-results"' in response.content

    check()


def test_every_route_is_fuzzed():
    """A new URL pattern is fuzzed automatically; this guards the discovery itself."""
    routes = site_routes()
    assert "learn/<slug:slug>/" in routes
    assert "healthz" in routes
    assert len(routes) >= 10


settings_for_reports = settings(FUZZ, max_examples=60)  # the test's own `settings` is pytest-django's


def test_garbage_in_the_report_form_never_crashes_and_what_is_kept_is_what_was_sent(db, settings):
    """The one form anonymous readers write to (issue 24), with its own fields: a 2xx, 3xx or 4xx,
    and a stored report holds exactly the text sent (trimmed), as plain text."""
    from igfapp.models import ProblemReport

    settings.REPORTS_PER_WINDOW = 1000
    client = Client()
    field_values = st.one_of(query_values, st.sampled_from(["/glossary/", "/learn/fundamentals/", "a@b.example"]))

    @settings_for_reports
    @given(body=st.fixed_dictionaries(dict.fromkeys(("page", "text", "source", "email", "website"), field_values)))
    def check(body):
        before = ProblemReport.objects.count()
        response = client.post("/report/", body)
        assert_answers_without_crashing(response)
        if response.status_code == 303:
            assert ProblemReport.objects.latest("pk").text == body["text"].strip()
        else:
            assert ProblemReport.objects.count() == before

    check()
