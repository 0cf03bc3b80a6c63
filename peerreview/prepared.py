"""A query asked on every request of a page, prepared once per PostgreSQL connection.

PostgreSQL plans each query it is sent. For a query of many subqueries, planning can take longer
than answering: the review page's facts (27 subqueries) took about 4.6 ms a request sent as
text, 0.8 ms as a prepared statement, whose plan PostgreSQL keeps for the connection once it
finds that the plan does not depend on the values given. Django has no prepared statements, so
the few queries that earn one are prepared here, by name, the first time a connection runs them.

A prepared statement belongs to the database session: it outlives a transaction that rolls back,
and is gone with the connection, so it is known by the connection it was prepared on. It needs
a connection that is the application's own for its life (PgBouncer's session pooling, or none):
with transaction pooling, the next transaction may run on a session that never prepared it.
SQLite is sent the query as it is: it plans in microseconds.
"""

import re
from collections.abc import Sequence
from typing import Any

from django.db.backends.utils import CursorWrapper

_KNOWN = "_prepared_statements"  # on the connection's wrapper: (the connection, names prepared on it)
_PLACEHOLDER = re.compile(r"%([s%])")


def execute(cursor: CursorWrapper, name: str, sql: str, params: Sequence[Any]) -> None:
    """Runs ``sql`` (Django's SQL, ``%s`` for each of ``params``) on ``cursor``; on PostgreSQL,
    as the statement ``name``, prepared on the cursor's connection the first time it runs there.
    ``name`` must be the same SQL's wherever it is used, and PostgreSQL must be able to tell each
    parameter's type from where it stands (a column it is compared with, say), as it must for any
    statement it prepares: the first run says so if it cannot."""
    wrapper = cursor.db
    if wrapper.vendor != "postgresql":
        cursor.execute(sql, params)
        return
    connection = wrapper.connection
    known = wrapper.__dict__.get(_KNOWN)
    if known is None or known[0] is not connection:  # a new connection has prepared nothing
        known = wrapper.__dict__[_KNOWN] = (connection, set())
    if name not in known[1]:
        # On the driver's own cursor, as Django sets a new connection up: a connection's setting
        # up is not one of the queries a page asks, which tests count.
        with connection.cursor() as raw:
            raw.execute(f"PREPARE {name} AS {_numbered(sql)}")
        known[1].add(name)
    arguments = f" ({', '.join(['%s'] * len(params))})" if params else ""
    cursor.execute(f"EXECUTE {name}{arguments}", params)


def _numbered(sql: str) -> str:
    """Django's SQL with PostgreSQL's numbered parameters ($1, $2...) in place of ``%s``, and a
    percent sign for each ``%%`` (the SQL is sent without parameters, so nothing unescapes it)."""
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        if match.group(1) == "%":
            return "%"
        count += 1
        return f"${count}"

    return _PLACEHOLDER.sub(replace, sql)
