"""The factor table's query-string state and the reads behind it (igfapp/factor_table.py)."""

from urllib.parse import quote

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db import connection
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from igfapp.factor_details import all_references, render_stored_details
from igfapp.factor_table import TableState, factor_table, filtered_factors
from igfapp.models import Article
from igfapp.search import MAX_QUERY_LENGTH

from .factor_factories import (
    DOCUMENT_ORDER,
    make_article,
    make_factor,
    make_mechanism,
    make_reference,
    make_rich_factors,
    make_section,
    make_table_fixture,
    make_term,
)

ANONYMOUS = AnonymousUser()


def state(query: str) -> TableState:
    return TableState.from_query(QueryDict(query))


def slugs(query: str, user=ANONYMOUS) -> list[str]:
    return [f.slug for f in filtered_factors(state(query), user=user)]


@pytest.fixture
def rows(db):
    return make_table_fixture()


# --- Parsing the query string -------------------------------------------------------------------


def test_an_empty_query_is_the_default_view():
    assert state("") == TableState()
    assert TableState().query_string == ""
    assert not TableState().is_filtered


def test_every_known_value_is_read():
    parsed = state("sort=observed&dir=desc&effect=mixed&location=tissue&mechanism=m-1&origin=editors&q=insulin&open=a")
    assert parsed == TableState(
        sort="observed",
        direction="desc",
        effect="mixed",
        location="tissue",
        mechanism="m-1",
        origin="editors",
        q="insulin",
        open=("a",),
    )
    assert parsed.is_filtered


@pytest.mark.parametrize(
    "query",
    [
        "sort=price",
        "sort=",
        "sort=NAME",
        "dir=up",
        "dir=DESC",
        "effect=boosts",
        "effect=Raises",
        "location=moon",
        "origin=anyone",
        "sort=__class__",
        "sort[]=name",
        "effect=raises%00",
    ],
)
def test_unknown_values_fall_back_to_the_defaults(query):
    assert state(query) == TableState()


def test_free_text_is_cleaned_and_capped():
    assert state("q=%20%20deep%09%0A sleep%20").q == "deep sleep"
    assert state("q=a%00b%1Fc").q == "a b c"  # control characters (PostgreSQL rejects NUL) become spaces
    assert len(state("q=" + "x" * 5000).q) == MAX_QUERY_LENGTH
    assert state("q=%3Cscript%3E%25_'").q == "<script>%_'"  # odd characters are kept; escaping is the template's job


def test_open_rows_keep_only_slug_like_values_once():
    assert state("open=deep-sleep&open=deep-sleep&open=../etc&open=a%20b&open=").open == ("deep-sleep",)


def test_query_string_lists_only_chosen_values_in_a_stable_order():
    parsed = state("dir=desc&sort=name&effect=raises&q=a b")
    assert parsed.query_string == "?q=a+b&effect=raises&sort=name&dir=desc"
    assert state(parsed.query_string[1:]) == parsed


def test_choosing_the_sorted_column_again_reverses_it():
    first = TableState().sorted_by("name")
    assert (first.sort, first.direction) == ("name", "asc")
    assert first.sorted_by("name").direction == "desc"
    assert first.sorted_by("name").sorted_by("name").direction == "asc"
    assert first.sorted_by("name").sorted_by("effect").direction == "asc"


def test_aria_sort_only_on_the_sorted_column():
    parsed = state("sort=effect&dir=desc")
    assert parsed.aria_sort("effect") == "descending"
    assert parsed.aria_sort("name") == ""
    assert TableState().aria_sort("name") == ""  # document order is not a column


def test_toggling_a_row_opens_and_closes_it():
    opened = TableState().toggled("deep-sleep")
    assert opened.open == ("deep-sleep",)
    assert opened.toggled("deep-sleep").open == ()
    assert "open" not in opened.filter_query_string


def test_clearing_keeps_the_sort_and_drops_the_filters():
    parsed = state("sort=name&dir=desc&effect=raises&q=x&origin=document")
    assert parsed.cleared == TableState(sort="name", direction="desc")


# --- Sorting ------------------------------------------------------------------------------------

EFFECT_RANK = {"raises": 0, "supports": 1, "mixed": 2, "suppresses": 3}


def expected_order(rows, key):
    published = [rows[slug] for slug in DOCUMENT_ORDER]
    sort_keys = {
        "order": lambda f: f.order,
        "name": lambda f: f.name.lower(),
        "mechanism": lambda f: f.table_mechanism.lower(),
        "observed": lambda f: f.observed_effect.lower(),
        "effect": lambda f: EFFECT_RANK[f.effect],
    }
    return published, sort_keys[key]


@pytest.mark.parametrize("key", ["order", "name", "mechanism", "observed", "effect"])
@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_every_sort_key_in_both_directions(rows, key, direction):
    published, sort_key = expected_order(rows, key)
    # Ties (equal effects) keep the document's order in both directions.
    expected = sorted(published, key=lambda f: f.order)
    expected = sorted(expected, key=sort_key, reverse=direction == "desc")
    if key == "effect" and direction == "desc":
        expected = sorted(published, key=lambda f: (-EFFECT_RANK[f.effect], f.order))
    sort_param = "" if key == "order" else f"sort={key}&"
    assert slugs(f"{sort_param}dir={direction}") == [f.slug for f in expected]


def test_default_order_is_the_documents_then_the_editors_rows(rows):
    assert slugs("") == DOCUMENT_ORDER


def test_sorting_by_name_is_case_insensitive(rows):
    make_factor("aardvark", name="aardvark diet", order=20)
    assert slugs("sort=name")[:2] == ["aardvark", "caloric-sufficiency"]


# --- Filtering ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "effect, expected",
    [
        ("raises", ["protein-intake", "resistance-training"]),
        ("supports", ["deep-sleep", "caloric-sufficiency", "cardiovascular-exercise", "sex-hormones"]),
        ("mixed", ["carbohydrate-and-insulin"]),
        ("suppresses", ["chronic-stress"]),
    ],
)
def test_filter_by_effect(rows, effect, expected):
    assert slugs(f"effect={effect}") == expected


@pytest.mark.parametrize(
    "location, expected",
    [
        ("liver", ["protein-intake", "caloric-sufficiency", "carbohydrate-and-insulin"]),
        ("pituitary", ["resistance-training", "deep-sleep", "chronic-stress", "sex-hormones"]),
        ("tissue", ["resistance-training", "chronic-stress", "cardiovascular-exercise"]),
        ("circulation", ["protein-intake", "caloric-sufficiency", "carbohydrate-and-insulin"]),
        ("hypothalamus", []),
    ],
)
def test_filter_by_axis_location(rows, location, expected):
    assert slugs(f"location={location}") == expected


def test_filter_by_mechanism(rows):
    assert slugs("mechanism=igfbp-regulation") == ["protein-intake", "caloric-sufficiency", "carbohydrate-and-insulin"]
    assert slugs("mechanism=sleep-gh-pulses") == ["deep-sleep"]


def test_filter_by_row_origin(rows):
    assert slugs("origin=document") == DOCUMENT_ORDER[:5]
    assert slugs("origin=editors") == DOCUMENT_ORDER[5:]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("sleep", ["deep-sleep"]),  # name
        ("CORTISOL", ["chronic-stress"]),  # table mechanism, any case
        ("diminished action", ["chronic-stress"]),  # observed effect
        ("about protein", ["protein-intake"]),  # summary
        ("binding-protein", ["protein-intake", "caloric-sufficiency", "carbohydrate-and-insulin"]),  # mechanism name
        ("GH", ["resistance-training", "deep-sleep", "chronic-stress", "carbohydrate-and-insulin", "sex-hormones"]),
        ("nothing like this", []),
    ],
)
def test_free_text_filter(rows, text, expected):
    assert slugs(f"q={text}") == expected


@pytest.mark.parametrize("text", ["%", "_", "%%", "\\", "'", '"', "%' OR 1=1 --"])
def test_free_text_wildcards_match_literally(rows, text):
    assert slugs("q=" + quote(text)) == []


def test_filters_combine(rows):
    assert slugs("effect=supports&origin=editors&location=tissue") == ["cardiovascular-exercise"]
    assert slugs("effect=supports&location=pituitary&sort=name&dir=desc") == ["sex-hormones", "deep-sleep"]
    assert slugs("effect=raises&q=muscle") == ["resistance-training"]
    assert slugs("effect=suppresses&origin=editors") == []


def test_unknown_mechanism_is_ignored(rows):
    table = factor_table(query=QueryDict("mechanism=no-such-thing"), user=ANONYMOUS, base_url="/factors/")
    assert table.state.mechanism == ""
    assert [f.slug for f in table.factors] == DOCUMENT_ORDER


def test_drafts_are_for_staff_only(rows):
    assert "secret-draft" not in slugs("effect=suppresses")
    staff = User.objects.create_user("editor", is_staff=True)
    assert slugs("effect=suppresses", user=staff) == ["chronic-stress", "secret-draft"]


def test_table_counts_visible_factors_and_builds_links(rows):
    table = factor_table(query=QueryDict("effect=suppresses&sort=name"), user=ANONYMOUS, base_url="/factors/")
    assert (len(table.factors), table.total) == (1, 8)
    header = {cell.column.key: cell for cell in table.header}
    assert header["name"].aria_sort == "ascending"
    assert header["name"].url == "/factors/?effect=suppresses&sort=name&dir=desc"
    assert header["effect"].url == "/factors/?effect=suppresses&sort=effect"
    assert table.clear_url == "/factors/?sort=name"
    assert table.csv_url == "/factors/download.csv?effect=suppresses&sort=name"
    stress = table.factors[0]
    assert stress.toggle_url == "/factors/?effect=suppresses&sort=name&open=chronic-stress#factor-chronic-stress"
    assert stress.is_open is False


def test_embedded_links_stay_on_the_article_and_land_on_the_table(rows):
    table = factor_table(query=QueryDict("sort=name"), user=ANONYMOUS, base_url="/learn/middle/", embedded=True)
    assert table.header[0].url == "/learn/middle/?sort=name&dir=desc#factor-table"
    assert table.form_action == "/learn/middle/#factor-table"
    assert table.standalone_url == "/factors/?sort=name"  # downloads and "own page" use /factors/


# --- What an expanded row reads ------------------------------------------------------------------


def test_passages_group_by_tier_and_skip_draft_tiers(db):
    shallow, deep = make_article("basics", 1), make_article("deep", 3)
    hidden = make_article("hidden", 4, status="draft")
    make_factor(
        passages=[
            make_section(deep, "d1"),
            make_section(shallow, "b2", order=2),
            make_section(shallow, "b1"),
            make_section(hidden, "h1"),
        ]
    )
    table = factor_table(query=QueryDict(""), user=ANONYMOUS, base_url="/factors/")
    tiers = table.factors[0].tiers
    assert [(t.article.slug, [s.anchor for s in t.sections]) for t in tiers] == [
        ("basics", ["b1", "b2"]),
        ("deep", ["d1"]),
    ]


def test_sources_are_the_factors_then_its_mechanisms_each_once(db):
    shared, own, other = make_reference("shared"), make_reference("own"), make_reference("other")
    mechanism = make_mechanism(references=[shared, other])
    make_factor(mechanisms=[mechanism], references=[own, shared])
    factor = factor_table(query=QueryDict(""), user=ANONYMOUS, base_url="/factors/").factors[0]
    assert [ref.key for ref in factor.sources] == ["own", "shared", "other"]
    assert factor.sources == all_references(list(factor.references.all()), factor.links)


def test_draft_glossary_terms_are_not_linked_for_readers(db):
    mechanism = make_mechanism(terms=[make_term("shown"), make_term("unpublished", status="draft")])
    make_factor(mechanisms=[mechanism])
    factor = factor_table(query=QueryDict(""), user=ANONYMOUS, base_url="/factors/").factors[0]
    terms = [t.slug for link in factor.mechanism_links.all() for t in link.mechanism.glossary_terms.all()]
    assert terms == ["shown"]


def count_queries(query: str, *, relations: bool = False) -> int:
    with CaptureQueriesContext(connection) as captured:
        table = factor_table(query=QueryDict(query), user=ANONYMOUS, base_url="/factors/", relations=relations)
        render_to_string("factors/table.html#factor-results", {"table": table})  # all the template reads
    return len(captured)


QUERIES = ["", "sort=name&dir=desc", "effect=raises&location=liver&q=mechanism&origin=document&open=factor-1"]


@pytest.mark.parametrize("relations", [False, True], ids=["stored-details", "live-details"])
def test_query_count_does_not_grow_with_factors(db, relations):
    make_rich_factors(5)
    render_stored_details()  # what an import or an admin save does
    few = [count_queries(query, relations=relations) for query in QUERIES]
    make_rich_factors(45)
    render_stored_details()
    assert Article.objects.count() == 1
    assert [count_queries(query, relations=relations) for query in QUERIES] == few
    # Readers: the mechanism filter's choices, the rows (their details stored), the count. Rendered
    # live (editors, downloads): six queries more for the rows' relations.
    assert few == ([9] * 3 if relations else [3] * 3)


def test_row_links_are_the_items_own_urls_built_without_reverse_per_link(db):
    make_rich_factors(2)
    table = factor_table(query=QueryDict(""), user=ANONYMOUS, base_url="/factors/")
    for factor in table.factors:
        terms = [term for link in factor.links for term in link.mechanism.glossary_terms.all()]
        sections = [section for tier in factor.tiers for section in tier.sections]
        assert terms and sections and factor.sources
        for item in [*terms, *sections, *factor.sources]:
            assert item.href == item.get_absolute_url()
        assert factor.shows_draft is False  # set for every row: the template never looks it up in vain
