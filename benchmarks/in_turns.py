"""Two sizes of the programme timed in turns, not minutes apart: the small programme is kept as a
copy while the large one is built from it, then rounds alternate between the two databases.

On a shared machine a page's speed drifts by up to 2x within minutes. Timed one size after the
other, that drift alone made pages that read no review (``/accessibility/``) look 1.8x slower at
1,000 reviews; timed in turns, it falls on both sizes alike.
"""

import gc
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.db import connection
from django.test import Client

Page = tuple[str, str]  # (role, url)


def use(database: str) -> None:
    """Points the connection at ``database`` (its settings' NAME) and connects, so that no timed
    request pays for connecting."""
    connection.close()
    connection.settings_dict["NAME"] = database
    connection.ensure_connection()


@contextmanager
def kept_copy(suffix: str) -> Iterator[str]:
    """A copy of the database as it is now, by Django's own cloning (a file copy on SQLite, a
    template on PostgreSQL, as its parallel test runner does), deleted at the end, when the
    connection is pointed back at the database it was on. Yields the copy's NAME."""
    creation = connection.creation
    original = connection.settings_dict["NAME"]
    copy: str = creation.get_test_db_clone_settings(suffix)["NAME"]
    connection.close()  # on SQLite, a file copy: closing the last connection writes back its WAL
    creation.clone_test_db(suffix=suffix, verbosity=0, autoclobber=True)
    try:
        yield copy
    finally:
        use(original)
        creation.destroy_test_db(original, verbosity=0, suffix=suffix)


def turns(databases: Sequence[str], rounds: int) -> Iterator[int]:
    """For each of ``rounds`` rounds, each database in turn, the order alternating from round to
    round: points the connection at it and yields its index in ``databases``."""
    indexes = list(range(len(databases)))
    for round_number in range(rounds):
        for index in indexes if round_number % 2 == 0 else indexes[::-1]:
            use(databases[index])
            yield index


def timed_in_turns(
    clients: dict[str, Client], pages_on: Sequence[tuple[str, Iterable[Page]]], rounds: int
) -> list[dict[Page, list[float]]]:
    """Seconds per request of each database's pages (``pages_on``: a database and its pages),
    ``rounds`` rounds of every page once on each, in turns."""
    seconds: list[dict[Page, list[float]]] = [{} for _ in pages_on]
    gc.collect()  # the building's garbage is not collected inside a timed request
    for index in turns([database for database, _pages in pages_on], rounds):
        for role, url in sorted(pages_on[index][1]):
            seconds[index].setdefault((role, url), []).extend(timings(clients[role], url, 1))
    return seconds


def timings(client: Client, url: str, runs: int) -> list[float]:
    """Seconds per request for ``runs`` requests of ``url``."""
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        seconds.append(time.perf_counter() - started)
    return seconds
