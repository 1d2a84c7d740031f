"""CSV and JSON downloads of the factor table's current view."""

import csv
import io
import json

import pytest
from django.contrib.auth.models import User

from igfapp.views.factors import CSV_COLUMNS, spreadsheet_safe

from .factor_factories import (
    make_article,
    make_factor,
    make_mechanism,
    make_reference,
    make_section,
    make_table_fixture,
)


@pytest.fixture
def rows(db):
    return make_table_fixture()


def download_csv(client, query: str = "") -> tuple[object, list[dict]]:
    response = client.get(f"/factors/download.csv{query}")
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # so spreadsheet programs read UTF-8
    return response, list(csv.DictReader(io.StringIO(text[1:], newline="")))


def download_json(client, query: str = "") -> tuple[object, dict]:
    response = client.get(f"/factors/download.json{query}")
    assert response.status_code == 200
    return response, json.loads(response.content.decode("utf-8"))


# --- CSV ----------------------------------------------------------------------------------------


def test_csv_headers_and_file_name(client, rows):
    response, _ = download_csv(client)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="igf1-lifestyle-factors.csv"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_csv_has_one_row_per_factor_of_the_current_view(client, rows):
    _, records = download_csv(client, "?location=liver&sort=name&dir=desc")
    assert list(records[0]) == CSV_COLUMNS
    assert [r["slug"] for r in records] == ["protein-intake", "carbohydrate-and-insulin", "caloric-sufficiency"]


def test_csv_row_contents(client, rows):
    _, records = download_csv(client, "?effect=suppresses")
    assert len(records) == 1  # the draft row is not downloaded
    stress = records[0]
    assert stress["name"] == "Chronic Stress"
    assert stress["row_origin"] == "document"
    assert stress["effect"] == "suppresses"
    assert stress["primary_mechanism"] == "Elevates cortisol, inhibiting GH and reducing tissue sensitivity"
    assert stress["observed_effect"] == "Suppressed production and diminished action"
    assert (
        stress["mechanisms"]
        == "Cortisol inhibition of GH secretion; Reduced tissue sensitivity to IGF-1 under cortisol"
    )
    assert stress["axis_locations"] == "pituitary; tissue"
    assert stress["url"] == "http://testserver/factors/#factor-chronic-stress"


def test_csv_escapes_separators_quotes_newlines_and_formulas(client, db):
    article = make_article("middle")
    make_factor(
        "tricky",
        name='Salt, "sugar" and\nfat',
        table_mechanism='=HYPERLINK("http://x")',
        observed_effect="-1 or +1",
        summary="@mention; é – ü",
        references=[make_reference("a-1"), make_reference("b-2")],
        mechanisms=[make_mechanism(name="One, two"), make_mechanism(name='Three "3"')],
        passages=[make_section(article, "s1"), make_section(article, "s2", order=2)],
    )
    response, records = download_csv(client)
    raw = response.content.decode("utf-8")
    assert '"Salt, ""sugar"" and\nfat"' in raw
    record = records[0]
    assert record["name"] == 'Salt, "sugar" and\nfat'
    assert record["primary_mechanism"] == '\'=HYPERLINK("http://x")'
    assert record["observed_effect"] == "'-1 or +1"
    assert record["summary"] == "'@mention; é – ü"
    assert record["mechanisms"] == 'One, two; Three "3"'
    assert record["references"] == "a-1; b-2"
    assert record["passages"] == "http://testserver/learn/middle/#s1 http://testserver/learn/middle/#s2"


@pytest.mark.parametrize(
    "value, expected",
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-x", "'-x"), ("@a", "'@a"), ("\tx", "'\tx"), ("plain", "plain"), ("", "")],
)
def test_spreadsheet_safe(value, expected):
    assert spreadsheet_safe(value) == expected


def test_csv_of_an_empty_view_has_only_the_header(client, rows):
    _, records = download_csv(client, "?effect=mixed&origin=document")
    assert records == []


# --- JSON ---------------------------------------------------------------------------------------


def test_json_headers_and_file_name(client, rows):
    response, _ = download_json(client)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="igf1-lifestyle-factors.json"'


def test_json_describes_the_view_and_whose_words_are_whose(client, rows):
    _, data = download_json(client, "?q=GH&effect=supports&sort=name&dir=desc&open=deep-sleep&bogus=1")
    assert data["source"] == "http://testserver/factors/?q=GH&effect=supports&sort=name&dir=desc"
    assert data["view"] == {
        "q": "GH",
        "effect": "supports",
        "location": "",
        "mechanism": "",
        "origin": "",
        "sort": "name",
        "dir": "desc",
    }
    assert "quote the source document" in data["notice"] and "editors'" in data["notice"]
    assert data["count"] == 2
    assert [f["slug"] for f in data["factors"]] == ["sex-hormones", "deep-sleep"]


def test_json_record(client, db):
    article = make_article("middle", title="Intermediate")
    paper = make_reference(
        "van-cauter-1996", authors=["Van Cauter, E.", "Plat, L."], year=1996, doi="10.1/x", pmid="42"
    )
    mechanism = make_mechanism("sleep-gh-pulses", name="Sleep-linked GH pulses", location="pituitary")
    make_factor(
        "deep-sleep",
        name="Deep Sleep",
        effect="supports",
        in_document_table=True,
        table_mechanism="Synchronizes with peak pulsatile GH secretion",
        observed_effect="Optimized GH release",
        summary="Sleep – helps.",
        mechanisms=[mechanism],
        notes={"sleep-gh-pulses": "Largest pulses."},
        passages=[make_section(article, "sleep", heading="Sleep and stress")],
        references=[paper],
    )
    response, data = download_json(client)
    assert "Sleep – helps." in response.content.decode("utf-8")  # UTF-8, not \u escapes
    assert data["factors"] == [
        {
            "slug": "deep-sleep",
            "name": "Deep Sleep",
            "url": "http://testserver/factors/#factor-deep-sleep",
            "in_document_table": True,
            "row_origin": "document",
            "effect": "supports",
            "effect_label": "Supports",
            "direction": "the document says it supports IGF-1",
            "evidence": [],  # no evidence note checks this factor's claim
            "evidence_summary": "not checked in an evidence note",
            "primary_mechanism": "Synchronizes with peak pulsatile GH secretion",
            "observed_effect": "Optimized GH release",
            "summary": "Sleep – helps.",
            "status": "published",
            "mechanisms": [
                {
                    "slug": "sleep-gh-pulses",
                    "name": "Sleep-linked GH pulses",
                    "location": "pituitary",
                    "note": "Largest pulses.",
                }
            ],
            "axis_locations": ["pituitary"],
            "passages": [
                {"tier": "Intermediate", "heading": "Sleep and stress", "url": "http://testserver/learn/middle/#sleep"}
            ],
            "references": [
                {
                    "key": "van-cauter-1996",
                    "label": "Van Cauter & Plat 1996",
                    "doi": "10.1/x",
                    "pmid": "42",
                    "url": "http://testserver/references/#ref-van-cauter-1996",
                }
            ],
        }
    ]


def test_json_escapes_markup_as_data(client, db):
    make_factor("odd", name='<b>"Odd"</b> & \\ co')
    _, data = download_json(client)
    assert data["factors"][0]["name"] == '<b>"Odd"</b> & \\ co'


@pytest.mark.parametrize(
    "query", ["?sort=zzz&dir=up&effect=x&location=y&origin=z&mechanism=nope", "?q=%00" + "x" * 500]
)
def test_downloads_ignore_invalid_values(client, rows, query):
    _, data = download_json(client, query)
    assert data["view"]["sort"] == "order" and data["view"]["effect"] == ""
    _, records = download_csv(client, query)
    assert len(records) == (8 if "sort" in query else 0)


def test_downloads_include_drafts_only_for_staff(client, rows):
    assert "secret-draft" not in [f["slug"] for f in download_json(client)[1]["factors"]]
    client.force_login(User.objects.create_user("editor", is_staff=True))
    assert "secret-draft" in [f["slug"] for f in download_json(client)[1]["factors"]]


def test_downloads_are_get_only(client, rows):
    assert client.post("/factors/download.csv").status_code == 405
    assert client.post("/factors/download.json").status_code == 405
