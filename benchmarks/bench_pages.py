"""Every page each role reaches, at the demo's size and with ten times the reviews: SQL queries
per page (target <= 15, and within 2 of each other at both sizes), and the server's own time per
page at 10x (Django's test client in-process: middleware, views, templates; no network).

The pages are every GET URL pattern the project has (the authorization matrix declares each one,
so a new page cannot be missed), filled in with each demo review's objects, kept for a role
where that role gets a 200.
"""

import logging
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import (
    Action,
    Evidence,
    Finding,
    Interview,
    LineOfEnquiry,
    PublishedFinding,
    ReportComment,
    Review,
    ReviewPerson,
    Stakeholder,
    SupportRequest,
)
from benchmarks.demo_data import REFERENCES, ROLES, add_copies, load_demo
from peerreview.accounts.models import User
from peerreview.inbox.models import Notification
from tests.test_authorization_matrix import MATRIX
from tests.two_factor import force_login

QUERY_LIMIT = 15
QUERY_DRIFT = 2
FACTOR = 10
RUNS = 10
RUNS_RENDERING = 3  # PDFs take a WeasyPrint render each; a few runs say enough
ANONYMOUS = "anonymous"
TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}


def _objects(review: Review) -> dict:
    """Each argument name the matrix uses, filled from one demo review (None where it has none)."""

    def first(queryset):
        return queryset.values_list("pk", flat=True).first()

    return {
        "ref": review.reference,
        "one": 1,
        "aspect": 1,
        "evidence": first(Evidence.objects.filter(review=review)),
        "line": first(LineOfEnquiry.objects.filter(review=review)),
        "interview": first(Interview.objects.filter(review=review)),
        "improvement": first(Finding.objects.filter(review=review, kind="improvement")),
        "published_improvement": first(
            PublishedFinding.objects.filter(version__report__review=review, kind="improvement")
        ),
        "stakeholder": first(Stakeholder.objects.filter(review=review)),
        "action": first(Action.objects.filter(finding__review=review)),
        "support": first(SupportRequest.objects.filter(review=review)),
        "comment": first(ReportComment.objects.filter(report__review=review)),
        "extra_person": first(ReviewPerson.objects.filter(review=review, role="peer")),
        "lead_person": first(ReviewPerson.objects.filter(review=review, role="lead_peer")),
        "uid": "MQ",
        "token": "not-a-token",
        "notification": first(Notification.objects.order_by("pk")),  # someone's: 404 to the others
    }


def _urls() -> list[tuple[str, str]]:
    """``(name, url)`` for every GET pattern, once per demo review where it takes one."""
    reviews = [_objects(Review.objects.get(reference=reference)) for reference in REFERENCES]
    urls = []
    for name, (method, arguments, *_rest) in sorted(MATRIX.items()):
        if method != "get":
            continue
        for objects in reviews if "ref" in arguments else reviews[:1]:
            values = [objects[argument] for argument in arguments]
            if None not in values:
                urls.append((name, reverse(name, args=values)))
    return sorted(set(urls))


def _clients() -> dict[str, Client]:
    clients = {ANONYMOUS: Client()}
    for role, email in ROLES.items():
        clients[role] = force_login(Client(), User.objects.get(email=email))
    return clients


def _queries(client: Client, url: str) -> tuple[int, int]:
    """The status and the number of SQL queries; transaction control (BEGIN, COMMIT, savepoints),
    which SQLite's driver logs and PostgreSQL's does not, is not counted."""
    with CaptureQueriesContext(connection) as captured:
        status = client.get(url).status_code
    statements = [query["sql"].split(None, 1)[0].upper() for query in captured.captured_queries]
    return status, sum(statement not in TRANSACTION_CONTROL for statement in statements)


def _reachable(clients) -> dict[tuple[str, str], int]:
    """``{(role, url): queries}`` for every page a role gets a 200 from."""
    found = {}
    urls = _urls()
    for role, client in clients.items():
        for _name, url in urls:
            if not _renders_pdf(url):
                client.get(url)  # warm: template loading, first-use caches
            status, queries = _queries(client, url)
            if status == 200:
                found[(role, url)] = queries
    return found


def _renders_pdf(url: str) -> bool:
    return url.endswith(".pdf") or url.rstrip("/").rsplit("/", 1)[-1] in {"handout", "draft"}


def timings(client: Client, url: str, runs: int) -> list[float]:
    """Seconds per request for ``runs`` requests of ``url``."""
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        seconds.append(time.perf_counter() - started)
    return seconds


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run() -> list[tuple[str, str, str, bool | None]]:
    # A 403 or 404 met while finding each role's pages is expected; Django's warning is noise here.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    load_demo()
    reviews_small = Review.objects.count()
    clients = _clients()
    small = _reachable(clients)
    add_copies(FACTOR - 1)
    reviews_large = Review.objects.count()
    clients = _clients()
    large = _reachable(clients)

    rows = []
    missing = sorted(set(small) - set(large))
    over = sorted(page for page, queries in {**small, **large}.items() if queries > QUERY_LIMIT)
    drift = sorted(page for page in small if page in large and abs(large[page] - small[page]) > QUERY_DRIFT)
    rows.append(
        (
            f"pages measured (role × page), {reviews_small} reviews then {reviews_large}",
            f"{len(small)} pages; {len(missing)} lost at {FACTOR}x",
            "every page at both sizes",
            not missing,
        )
    )
    rows.append(
        (
            "most SQL queries on any page",
            f"{max(small.values())} at {reviews_small} reviews, {max(large.values())} at {reviews_large}"
            + (f"; over the limit: {', '.join(f'{r} {u}' for r, u in over)}" if over else ""),
            f"<= {QUERY_LIMIT}",
            not over,
        )
    )
    rows.append(
        (
            f"pages whose query count differs by more than {QUERY_DRIFT} between the sizes",
            ", ".join(f"{r} {u} ({small[(r, u)]} -> {large[(r, u)]})" for r, u in drift) or "none",
            "none",
            not drift,
        )
    )
    timed = {}
    for role, url in sorted(large):
        timed[(role, url)] = timings(clients[role], url, RUNS_RENDERING if _renders_pdf(url) else RUNS)
    medians = {page: statistics.median(values) for page, values in timed.items()}
    p95s = {page: p95(values) for page, values in timed.items()}
    slowest = max(p95s, key=p95s.get)
    rows.append(
        (
            f"server time at {reviews_large} reviews, median over all pages",
            f"{statistics.median(medians.values()) * 1000:.1f} ms (slowest p95: {slowest[0]} {slowest[1]}, "
            f"{p95s[slowest] * 1000:.0f} ms)",
            "",
            None,
        )
    )
    for role, url in sorted(large):
        rows.append(
            (
                f"{role}: `{url}`",
                f"{small.get((role, url), '—')} / {large[(role, url)]} queries; "
                f"{medians[(role, url)] * 1000:.1f} ms median, {p95s[(role, url)] * 1000:.1f} ms p95",
                f"<= {QUERY_LIMIT} queries, ±{QUERY_DRIFT}",
                large[(role, url)] <= QUERY_LIMIT
                and (role, url) in small
                and abs(large[(role, url)] - small[(role, url)]) <= QUERY_DRIFT,
            )
        )
    return rows
