"""The factor table's page, its htmx fragments, and its place in an article (views/factors.py)."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from igfapp.caching import page_store
from igfapp.factor_details import render_stored_details
from igfapp.reader_pages import render_reader_pages
from igfapp.rendering import render_markdown
from tests.factor_factories import (
    DOCUMENT_ORDER,
    make_article,
    make_evidence_note,
    make_factor,
    make_mechanism,
    make_reference,
    make_rich_factors,
    make_section,
    make_table_fixture,
    make_term,
)

HTMX = {"HX-Request": "true"}


@pytest.fixture
def rows(db):
    return make_table_fixture()


def row_ids(html: str) -> list[str]:
    return re.findall(r'<tbody id="factor-([a-z0-9-]+)"', html)


def header(html: str, key: str) -> str:
    return re.search(rf'<th scope="col" class="[^"]*factor-grid__col--{key}"[^>]*>', html).group(0)


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- The page -----------------------------------------------------------------------------------


def test_page_shows_every_published_row_in_document_order(client, rows):
    html = get(client, "/factors/")
    assert html.count("<h1") == 1
    assert row_ids(html) == DOCUMENT_ORDER
    assert "aria-sort" not in html  # document order is not one of the columns
    assert "Showing 8 of 8 factors, in the document’s order." in html


def test_headers_keep_the_documents_wording_and_mark_ours(client, rows):
    html = get(client, "/factors/")
    for label in ("Lifestyle Factor", "Primary Mechanism of Influence", "Observed Effect on IGF-1"):
        assert f">{label}<" in html
    assert 'The document’s direction <span class="factor-ours">(our words; evidence notes ours)</span>' in html


def test_rows_say_whether_they_are_the_documents_or_the_editors(client, rows):
    html = get(client, "/factors/")
    document_rows = re.findall(r'<tbody id="factor-[a-z-]+" class="factor factor--document">', html)
    editors_rows = re.findall(r'<tbody id="factor-[a-z-]+" class="factor factor--editors">', html)
    assert (len(document_rows), len(editors_rows)) == (5, 3)
    assert (
        html.count('<span class="factor-origin factor-origin--document">Document’s table</span>') == 5 + 1
    )  # + legend
    assert html.count('<span class="factor-origin factor-origin--editors">Editors’ addition</span>') == 3 + 1


@pytest.mark.parametrize("key", ["name", "mechanism", "observed", "effect"])
def test_sort_links_set_aria_sort_and_reverse(client, rows, key):
    html = get(client, f"/factors/?sort={key}")
    assert 'aria-sort="ascending"' in header(html, key)
    assert html.count("aria-sort=") == 1
    assert f'href="/factors/?sort={key}&amp;dir=desc"' in html
    html = get(client, f"/factors/?sort={key}&dir=desc")
    assert 'aria-sort="descending"' in header(html, key)
    assert f'href="/factors/?sort={key}"' in html


def test_sort_links_carry_the_filters(client, rows):
    html = get(client, "/factors/?effect=supports&q=GH")
    assert 'href="/factors/?q=GH&amp;effect=supports&amp;sort=name"' in html
    assert row_ids(html) == ["deep-sleep", "sex-hormones"]
    assert 'value="GH"' in html and '<option value="supports" selected>' in html


def test_empty_result_says_so_and_offers_to_clear(client, rows):
    html = get(client, "/factors/?effect=mixed&origin=document&sort=name")
    assert row_ids(html) == []
    assert "No factors match these filters." in html
    assert 'href="/factors/?sort=name"' in html and "Clear filters</a> to see all 8 factors." in html
    assert "Showing 0 of 8 factors" in html


def test_text_filter_is_escaped_everywhere(client, rows):
    html = get(client, "/factors/?q=%3Cscript%3Ealert(1)%3C/script%3E%22%27")
    assert "<script>alert(1)" not in html
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#x27;"' in html
    assert "“&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#x27;” with these filters" in html
    html = get(client, "/factors/?q=synthesis;%20restriction")
    assert row_ids(html) == ["caloric-sufficiency"]
    assert 'href="/factors/?q=synthesis%3B+restriction&amp;sort=name"' in html  # encoded in every link


@pytest.mark.parametrize(
    "query",
    [
        "sort=nonsense",
        "dir=sideways",
        "effect=boosts",
        "location=moon",
        "mechanism=nope",
        "origin=x",
        "q=" + "long" * 400,
        "q=%00%01%02",
        "q=%F0%9F%92%A5%E2%80%94%C3%A9",
        "q=%25%5F%5C",
        "open=%00",
        "sort=name&sort=effect&dir=desc&dir=up",
        "q[]=a",
        "effect=raises%00",
        "mechanism=" + "m" * 300,
    ],
)
def test_invalid_query_values_never_fail(client, rows, query):
    html = get(client, f"/factors/?{query}")
    assert "factor-table" in html


def test_invalid_values_fall_back_to_the_default_view(client, rows):
    assert row_ids(get(client, "/factors/?sort=bogus&effect=bogus&location=moon")) == row_ids(get(client, "/factors/"))


def test_only_get_and_head(client, rows):
    assert client.post("/factors/").status_code == 405
    assert client.head("/factors/").status_code == 200


def test_drafts_are_hidden_from_readers_and_marked_for_staff(client, rows):
    assert "secret-draft" not in get(client, "/factors/?effect=suppresses")
    client.force_login(User.objects.create_user("editor", is_staff=True))
    html = get(client, "/factors/?effect=suppresses")
    assert row_ids(html) == ["chronic-stress", "secret-draft"]
    assert '<span class="factor-draft">Draft</span>' in html


# --- Expanded rows ------------------------------------------------------------------------------


def test_rows_are_closed_disclosures_by_default(client, rows):
    html = get(client, "/factors/")
    toggle = re.search(r'<a class="factor-toggle"[^>]*aria-controls="factor-deep-sleep-detail"[^>]*>', html).group(0)
    assert 'aria-expanded="false"' in toggle
    assert 'href="/factors/?open=deep-sleep#factor-deep-sleep"' in toggle
    assert '<tr id="factor-deep-sleep-detail" class="factor__detail" hidden>' in html


def test_open_rows_are_expanded_without_javascript(client, rows):
    html = get(client, "/factors/?open=deep-sleep&sort=name")
    assert '<tr id="factor-deep-sleep-detail" class="factor__detail">' in html
    toggle = re.search(r'<a class="factor-toggle"[^>]*aria-controls="factor-deep-sleep-detail"[^>]*>', html).group(0)
    assert 'aria-expanded="true"' in toggle
    assert 'href="/factors/?sort=name#factor-deep-sleep"' in toggle  # the link closes it again
    assert '<tr id="factor-chronic-stress-detail" class="factor__detail" hidden>' in html


def test_expanded_row_shows_mechanisms_terms_passages_evidence_and_sources(client, db):
    basics, middle = make_article("basics", 1), make_article("middle", 2)
    hormone = make_term("growth-hormone", term="Growth hormone")
    paper = make_reference(
        "van-cauter-1996", authors=["Van Cauter, E.", "Plat, L."], year=1996, doi="10.1/x", pmid="123"
    )
    mechanism = make_mechanism(
        "sleep-gh-pulses",
        name="Sleep-linked GH pulses",
        location="pituitary",
        terms=[hormone],
        explanation_html="<p>Pulses <em>at night</em>.</p>",
        references=[paper],
    )
    factor = make_factor(
        "deep-sleep",
        name="Deep Sleep",
        summary="Sleep helps.",
        mechanisms=[mechanism],
        notes={"sleep-gh-pulses": "Largest pulses in deep sleep."},
        passages=[
            make_section(middle, "sleep", heading="Sleep and stress"),
            make_section(basics, "intro", heading="Intro"),
        ],
    )
    make_evidence_note(
        factors=[factor],
        slug="largest-pulses",
        claim="Largest pulses come in deep sleep",
        standing="supported-with-nuance",
        explanation_html="<p>Clearest in men.</p>",
    )
    html = get(client, "/factors/?open=deep-sleep")
    detail = html[html.index('<tr id="factor-deep-sleep-detail"') :]
    assert "Sleep helps." in detail and "Editors’ notes on Deep Sleep" in detail
    assert "<strong>Sleep-linked GH pulses</strong>" in detail and "Acts at: Pituitary" in detail
    assert "Largest pulses in deep sleep." in detail and "<p>Pulses <em>at night</em>.</p>" in detail
    assert '<a class="term" href="/glossary/growth-hormone/" data-term="growth-hormone">Growth hormone</a>' in detail
    assert detail.index("Basics:") < detail.index("Middle:")
    assert (
        '<a href="/learn/basics/#intro">Intro</a>' in detail
        and '<a href="/learn/middle/#sleep">Sleep and stress</a>' in detail
    )
    assert "Evidence: Supported, with nuance" in detail and "Largest pulses come in deep sleep" in detail
    assert '<a href="/sources/#note-largest-pulses">' in detail
    assert '<a href="/references/#ref-van-cauter-1996">Van Cauter &amp; Plat 1996</a>' in detail
    assert 'href="https://doi.org/10.1/x"' in detail and 'href="https://pubmed.ncbi.nlm.nih.gov/123/"' in detail


def test_a_row_without_sources_says_so(client, db):
    make_factor("lonely")
    assert "No sources are linked to this factor yet." in get(client, "/factors/?open=lonely")


# --- htmx: page or fragment ---------------------------------------------------------------------


def test_filter_form_gets_only_the_results_and_the_count(client, rows):
    response = client.get("/factors/?effect=suppresses", headers={**HTMX, "HX-Target": "factor-results"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="factor-results"')
    assert "<html" not in html and "<form" not in html and "site-header" not in html
    assert row_ids(html) == ["chronic-stress"]
    assert '<p id="factor-count" data-hx-swap-oob="innerHTML">Showing 1 of 8 factors' in html
    for name in ("HX-Request", "HX-Target", "HX-History-Restore-Request"):
        assert name in response["Vary"]


def test_sort_links_get_the_whole_table_with_its_form(client, rows):
    html = get(client, "/factors/?sort=name&dir=desc", **HTMX, **{"HX-Target": "factor-table"})
    assert html.lstrip().startswith('<div id="factor-table"')
    assert "<html" not in html and '<form id="factor-filters"' in html
    assert row_ids(html)[0] == "sex-hormones"
    assert '<option value="desc" selected>' in html


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {**HTMX, "HX-History-Restore-Request": "true"},
        {**HTMX, "HX-History-Restore-Request": "true", "HX-Target": "factor-results"},
        {**HTMX, "HX-Target": "main"},
        {**HTMX},
    ],
)
def test_other_requests_get_the_whole_page(client, rows, headers):
    html = get(client, "/factors/?effect=raises", **headers)
    assert "<html" in html and html.count("<h1") == 1
    assert row_ids(html) == ["protein-intake", "resistance-training"]


def test_table_controls_are_real_links_and_a_get_form(client, rows):
    html = get(client, "/factors/?effect=raises")
    form = re.search(r'<form id="factor-filters"[^>]*>', html).group(0)
    assert 'method="get"' in form and 'action="/factors/"' in form
    assert 'data-hx-target="#factor-results"' in form and 'data-hx-push-url="true"' in form
    sort = re.search(r'<a id="factor-sort-name"[^>]*>', html).group(0)
    assert 'href="/factors/?effect=raises&amp;sort=name"' in sort
    assert 'data-hx-get="/factors/?effect=raises&amp;sort=name"' in sort and "data-hx-push-url=" in sort
    assert 'data-hx-history="false"' in html  # Back re-reads the view from its URL


# --- Query counts -------------------------------------------------------------------------------


PAGE_QUERIES = [6, 6, 10, 10]
# The article page rendered live, with its questions (none here: their choices are not read), and
# the look for its stored readers' page, which finds none current (igfapp/reader_pages.py), and the
# open record: the sections' last changes and the tier's latest review (this tier has no evidence
# note, so no look for their checks).
ARTICLE_QUERIES = 14
STORED_ARTICLE_QUERIES = 2  # the content revision and the stored page


def page_queries(client, url: str) -> int:
    """Queries the request made, without PostgreSQL's in-test SET CONSTRAINTS (see
    content_revision.current_content_revision): the same count on both databases."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return sum(1 for query in captured if not query["sql"].startswith("SET CONSTRAINTS"))


def test_page_queries_do_not_grow_with_factors(client, db):
    make_rich_factors(5)
    render_stored_details()  # what an import or an admin save does
    urls = ["/factors/", "/factors/?sort=effect&dir=desc&open=x", "/factors/download.csv", "/factors/download.json"]
    few = [page_queries(client, url) for url in urls]
    make_rich_factors(45)
    render_stored_details()
    assert [page_queries(client, url) for url in urls] == few
    # The page: its table's three (rows' details stored), the content revision, the embedding
    # article; the downloads read the rows' relations too.
    assert few == PAGE_QUERIES


# --- Embedded in an article ---------------------------------------------------------------------


@pytest.fixture
def article_with_table(rows):
    article = make_article("middle", 2)
    body = "The document's text.\n\n{{ factor-table }}\n\nMore text."
    make_section(article, "intro", topic="overview", body_md="Intro.", body_html="<p>Intro.</p>")
    make_section(article, "sleep", order=2, topic="sleep-stress", body_md=body, body_html=render_markdown(body))
    make_article("basics", 1)
    return article


def test_placeholder_renders_to_a_marker_once(db):
    assert render_markdown("A.\n{{ factor-table }}\nB.") == (
        '<p>A.</p>\n<div data-embed="factor-table"></div>\n\n<p>B.</p>'
    )
    assert "{{ unknown }}" in render_markdown("{{ unknown }}")
    assert 'data-embed="x"' not in render_markdown('<div data-embed="x" onclick="evil()">hi</div>')


def test_article_shows_the_table_where_its_text_has_it(client, article_with_table):
    html = get(client, "/learn/middle/")
    section = html[html.index('<section id="sleep"') :]
    section = section[: section.index("</section>")]
    assert section.index("The document's text.") < section.index('<div id="factor-table"') < section.index("More text.")
    assert 'data-embed="factor-table"' not in html
    assert html.count('id="factor-table"') == 1
    form = re.search(r'<form id="factor-filters"[^>]*>', section).group(0)
    assert 'action="/learn/middle/#factor-table"' in form and 'data-hx-get="/learn/middle/"' in form
    assert 'href="/learn/middle/?sort=name#factor-table"' in section
    assert '<h3 class="factor-detail__heading">' in section  # under the section's h2
    assert "factor-table" not in get(client, "/learn/basics/")


def test_article_answers_table_requests_with_the_table(client, article_with_table):
    response = client.get("/learn/middle/?effect=suppresses", headers={**HTMX, "HX-Target": "factor-results"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="factor-results"') and row_ids(html) == ["chronic-stress"]
    assert "HX-Target" in response["Vary"]
    html = get(client, "/learn/middle/?sort=name", **HTMX, **{"HX-Target": "factor-table"})
    assert (
        html.lstrip().startswith('<div id="factor-table"')
        and 'href="/learn/middle/?sort=name&amp;dir=desc#factor-table"' in html
    )
    # The depth switch still gets the article; a history restore the page.
    assert get(client, "/learn/middle/", **HTMX, **{"HX-Target": "article-content"}).lstrip().startswith("<article")
    assert "<html" in get(client, "/learn/middle/?effect=raises", **HTMX, **{"HX-History-Restore-Request": "true"})


def test_a_filtered_article_url_renders_the_filtered_table(client, article_with_table):
    html = get(client, "/learn/middle/?effect=supports&origin=editors")
    assert row_ids(html) == ["cardiovascular-exercise", "sex-hormones"]


def test_factors_page_links_to_the_article_that_embeds_it(client, article_with_table):
    assert 'href="/learn/middle/#factor-table"' in get(client, "/factors/")


def test_article_queries_do_not_grow_with_factors(client, article_with_table):
    make_rich_factors(5)
    render_stored_details()
    few = page_queries(client, "/learn/middle/")
    make_rich_factors(45)
    render_stored_details()
    assert page_queries(client, "/learn/middle/") == few == ARTICLE_QUERIES
    render_reader_pages()
    page_store.clear()
    assert page_queries(client, "/learn/middle/") == STORED_ARTICLE_QUERIES


# --- The real content ---------------------------------------------------------------------------

# The document's table, as the source document prints it.
DOCUMENT_TABLE = [
    (
        "Protein Intake",
        "Provides amino acid precursors for hepatic synthesis",
        "Increased production with adequate intake",
    ),
    ("Resistance Training", "Stimulates local MGF and systemic GH release", "Elevated local and systemic levels"),
    ("Deep Sleep", "Synchronizes with peak pulsatile GH secretion", "Optimized GH release, supporting IGF-1"),
    (
        "Chronic Stress",
        "Elevates cortisol, inhibiting GH and reducing tissue sensitivity",
        "Suppressed production and diminished action",
    ),
    (
        "Caloric Sufficiency",
        "Ensures adequate energy for anabolic processes",
        "Supports optimal synthesis; restriction suppresses",
    ),
]


def test_the_intermediate_tier_shows_the_documents_rows_in_its_words(client, real_site):
    html = get(client, "/learn/intermediate/?origin=document")
    section = html[html.index('<section id="how-do-sleep-and-stress-affect-endogenous-igf-1"') :]
    section = section[: section.index("</section>")]
    assert '<div id="factor-table"' in section and "<table>" not in section  # the markdown table is gone
    rows = re.findall(
        r'<span class="factor__title">([^<]+)</span>.*?'
        r'data-label="Primary Mechanism of Influence">([^<]+)</td>\s*'
        r'<td class="factor__cell" data-label="Observed Effect on IGF-1">([^<]+)</td>',
        section,
        re.DOTALL,
    )
    assert [tuple(unescape(cell) for cell in row) for row in rows] == DOCUMENT_TABLE
    editors = get(client, "/learn/intermediate/?origin=editors")
    assert row_ids(editors) == ["carbohydrate-and-insulin", "cardiovascular-exercise", "sex-hormones"]
