"""Counting the SQL a request runs, the same way in the tests and the page benchmark."""

from django.test.utils import CaptureQueriesContext

# Logged by SQLite's driver and not by PostgreSQL's: not the page's own work.
TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}


def statements(captured: CaptureQueriesContext) -> list[str]:
    """The SQL ``captured`` holds, less transaction control."""
    return [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].split(None, 1)[0].upper() not in TRANSACTION_CONTROL
    ]
