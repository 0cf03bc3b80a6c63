"""Each role's home page ("what needs you" and the first page of their reviews) and each page of a
kind of work, at the demo's two open reviews and at 1,000 open ones (500 councils, each with a
copy of both demo reviews and the demo's review team): the manager's and a peer's home page under
40 ms on SQLite, and every page within 1.5x of its time at two reviews, in the same number of
queries; the two sizes timed in turns (benchmarks/in_turns.py)."""

import statistics

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Review
from assessments.reads.what_needs_you import groups_for
from benchmarks import Row
from benchmarks.demo_data import REFERENCES, ROLES, add_copies, load_demo
from benchmarks.in_turns import kept_copy, timed_in_turns
from peerreview.accounts.models import User
from tests.queries import statements
from tests.two_factor import force_login

COUNCILS = 500  # councils under review at once: 1,000 open reviews
RUNS = 15
HOME_LIMIT = 0.040
TIME_RATIO = 1.5
HOME_ROLES = ("review manager", "peer")


def _clients() -> dict[str, Client]:
    return {role: force_login(Client(), User.objects.get(email=email)) for role, email in ROLES.items()}


def _pages(clients: dict[str, Client]) -> dict[tuple[str, str], int]:
    """``{(role, url): queries}``: each role's home page and the page of each kind they have."""
    found = {}
    for role, client in clients.items():
        user = User.objects.get(email=ROLES[role])
        urls = [reverse("dashboard")] + [
            reverse("needs", args=[group.kind.slug]) for group in groups_for(user, timezone.localdate())
        ]
        for url in urls:
            client.get(url)  # warm
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200, url
            found[(role, url)] = len(statements(captured))
    return found


def run() -> list[Row]:
    load_demo()
    clients = _clients()  # signed in before the copy, so that their sessions are in both
    small_pages = _pages(clients)
    with kept_copy("small") as small_copy:
        add_copies(COUNCILS - 1)
        open_reviews = Review.objects.open().count()
        large_pages = _pages(clients)
        large_database = connection.settings_dict["NAME"]
        pages_on = [(small_copy, small_pages), (large_database, large_pages)]
        small, large = (
            {page: statistics.median(runs) for page, runs in of_size.items()}
            for of_size in timed_in_turns(clients, pages_on, RUNS)
        )
    rows = []
    sqlite = connection.vendor == "sqlite"
    for role in HOME_ROLES:
        page = (role, reverse("dashboard"))
        rows.append(
            (
                f"{role}'s home page at {open_reviews:,} open reviews, median of {RUNS}",
                f"{large[page] * 1000:.1f} ms ({large_pages[page]} queries)",
                "< 40 ms on SQLite",
                large[page] < HOME_LIMIT if sqlite else None,
            )
        )
    for page in sorted(large_pages):
        before, after = small.get(page), large[page]
        counts = f"{small_pages.get(page, '—')} / {large_pages[page]} queries"
        timed = f"{before * 1000:.1f} / {after * 1000:.1f} ms ({after / before:.2f}x)" if before else ""
        same = small_pages.get(page) in (None, large_pages[page])
        rows.append(
            (
                f"{page[0]}: `{page[1]}` at {len(REFERENCES)} then {open_reviews:,} open reviews",
                f"{counts}; {timed or f'{after * 1000:.1f} ms (no such list at {len(REFERENCES)})'}",
                f"<= {TIME_RATIO}x, the same queries",
                same and (before is None or after <= TIME_RATIO * before),
            )
        )
    return rows
