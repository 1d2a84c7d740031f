"""The PostgreSQL pass (`make test-db`) selects the tests marked `database`: a test that reaches the
database through a fixture carries the mark, and a test that cannot reach it does not."""

from pathlib import Path

import pytest


def test_a_test_with_the_database_is_marked(db, request):
    assert request.node.get_closest_marker("database") is not None


def test_a_test_that_uses_the_database_through_another_fixture_is_marked(small_site, request):
    assert request.node.get_closest_marker("database") is not None


@pytest.mark.django_db
def test_a_test_with_the_django_db_mark_is_marked(request):
    assert request.node.get_closest_marker("database") is not None


def test_a_test_without_the_database_is_not_marked(request):
    assert request.node.get_closest_marker("database") is None


class Item:
    def __init__(self, nodeid: str, *fixturenames: str):
        self.nodeid, self.fixturenames = nodeid, list(fixturenames)


def test_the_longest_test_starts_first_and_tests_of_the_test_database_keep_their_order():
    from tests.conftest import LONGEST_FIRST, run_order

    (longest,) = LONGEST_FIRST
    items = [
        Item("tests/test_a.py::t", "db"),
        Item("tests/test_b.py::t", "transactional_db"),
        Item(f"{longest}::uses_the_test_database", "transactional_db"),
        Item(f"{longest}::starts_its_own_servers", "tmp_path"),
        Item("tests/test_c.py::t"),
    ]
    ordered = sorted(items, key=run_order)
    assert [item.nodeid for item in ordered] == [items[3].nodeid, *(item.nodeid for item in items[:3]), items[4].nodeid]
    assert (Path(__file__).parent.parent / longest).is_file()  # a rename does not silently end the ordering


def test_the_suite_starts_with_the_longest_test(request):
    from tests.conftest import LONGEST_FIRST

    first = request.session.items[0].nodeid.split("::")[0]
    collected = {item.nodeid.split("::")[0] for item in request.session.items}
    assert first in LONGEST_FIRST or not collected & set(LONGEST_FIRST)
