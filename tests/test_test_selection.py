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


def test_the_longest_tests_are_collected_first():
    from tests.conftest import LONGEST_FIRST, run_order

    ids = ["tests/admin/test_admin.py::test_a", *(f"{path}::test_b" for path in LONGEST_FIRST), "tests/test_z.py::t"]
    assert sorted(ids, key=run_order) == [*ids[1:-1], ids[0], ids[-1]]
    for path in LONGEST_FIRST:  # the names are real files: a rename does not silently end the ordering
        assert (Path(__file__).parent.parent / path).is_file(), path
