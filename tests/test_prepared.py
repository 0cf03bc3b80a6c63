"""A query prepared once per PostgreSQL connection (``peerreview.prepared``): prepared the first
time a connection runs it, run by name after, prepared again on a new connection, and counted
as one query each time; SQLite is sent the query itself."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from peerreview import prepared
from peerreview.prepared import _numbered

# Some tests open a new connection, which Django allows only outside a transaction: they commit.
# The rows the migrations load are restored afterwards, as for the suite's other such tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

POSTGRESQL_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite is sent each query as it is; .ci/run runs this on PostgreSQL",
)
SQL = "SELECT %s + 1, 'a%%b' WHERE CAST(%s AS TEXT) <> ''"


def _run(name: str, *params: object) -> tuple:
    with connection.cursor() as cursor:
        prepared.execute(cursor, name, SQL, params)
        row: tuple = cursor.fetchone()
    return row


def _prepared_here() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


def test_the_sql_is_numbered_for_postgresql_and_its_escaped_percents_unescaped():
    assert _numbered(SQL) == "SELECT $1 + 1, 'a%b' WHERE CAST($2 AS TEXT) <> ''"
    assert _numbered("SELECT 1") == "SELECT 1"


def test_the_query_answers_as_sent_on_either_database():
    connection.close()
    assert _run("test_answers", 41, "x") == (42, "a%b")
    assert _run("test_answers", 1, "") is None
    assert _run("test_answers", 6, "y") == (7, "a%b")


@POSTGRESQL_ONLY
def test_a_connection_prepares_it_once_and_each_run_is_one_query():
    connection.close()
    assert "test_once" not in _prepared_here()
    with CaptureQueriesContext(connection) as first:
        _run("test_once", 1, "x")
    assert "test_once" in _prepared_here()
    with CaptureQueriesContext(connection) as second:
        assert _run("test_once", 2, "x") == (3, "a%b")
    assert [query["sql"] for query in first.captured_queries] == ["EXECUTE test_once (1, 'x')"]
    assert [query["sql"] for query in second.captured_queries] == ["EXECUTE test_once (2, 'x')"]


@POSTGRESQL_ONLY
def test_a_new_connection_prepares_it_again():
    connection.close()
    _run("test_again", 1, "x")
    connection.close()  # as a kept connection past its age is, or one the server dropped
    assert "test_again" not in _prepared_here()
    assert _run("test_again", 4, "x") == (5, "a%b")
    assert "test_again" in _prepared_here()


def _prepare_then_fail(name: str) -> None:
    with transaction.atomic():
        _run(name, 1, "x")
        raise RuntimeError("the request failed after the query")


@POSTGRESQL_ONLY
def test_a_statement_prepared_in_a_transaction_that_rolls_back_is_still_there():
    connection.close()
    with pytest.raises(RuntimeError):
        _prepare_then_fail("test_rolled_back")
    assert "test_rolled_back" in _prepared_here()
    assert _run("test_rolled_back", 9, "x") == (10, "a%b")
