"""A worker's database connection, kept from one request to the next and checked before reuse
(``DATABASES`` in peerreview/settings.py)."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import connection, connections

# Django closes a connection at a request's end only outside a transaction: these tests commit.
# The rows the migrations load are restored afterwards, as for the suite's other such tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _a_new_connection() -> None:
    """The test's own, opened now: one the worker opened earlier in the run may be past its age
    and rightly closed when a request ends."""
    connection.close()
    connection.ensure_connection()


def _one_request_ends_and_the_next_begins() -> None:
    """What a WSGI server's handler tells Django between two requests (the test client does not)."""
    request_finished.send(sender=None)
    request_started.send(sender=None)


def test_a_connection_outlives_the_request_that_opened_it():
    _a_new_connection()
    opened = connection.connection
    _one_request_ends_and_the_next_begins()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert connection.connection is opened


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a SQLite file has no server to drop a connection; .ci/run runs this on PostgreSQL",
)
def test_a_connection_the_server_dropped_is_replaced_before_a_request_uses_it():
    _a_new_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    dropped = connection.connection
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:  # as a restart would: the server ends the session
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
    _one_request_ends_and_the_next_begins()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (new_pid,) = cursor.fetchone()
    assert connection.connection is not dropped
    assert new_pid != pid
