"""Every page each role reaches at 1x, 10x and 500x the demo's reviews (2, 20 and 1,000): SQL
queries per page (target <= 15, the same at every size), and the server's own time per page
(Django's test client in-process: middleware, views, templates; no network), median of 7 after
one request to warm (a PDF's first request renders it: what is timed is a repeat download);
each page's fastest run at 1,000 reviews within 1.5x of its fastest at 2, the programme-wide
files apart (they may grow linearly, by 0.05 ms a review).

The two sizes compared are timed in turns (benchmarks/in_turns.py): seven rounds of every page on
each.

The programme grows as a real one would: to 10x with councils under review now (copies of both
demo reviews, open, with the demo's review team), then to 500x with closed reviews (the
programme's history), each made into an exchange document and loaded by the import command;
every council shares its published good practice.

The pages are every GET URL pattern the project has (the authorization matrix declares each one,
so a new page cannot be missed), filled in with each demo review's objects, kept for a role
where that role gets a 200.
"""

import logging
import statistics
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.models import (
    Action,
    Evidence,
    Finding,
    HubAnswer,
    HubQuestion,
    Interview,
    LineOfEnquiry,
    MentoringMatch,
    PublishedFinding,
    ReportComment,
    Review,
    ReviewPerson,
    Stakeholder,
    SupportRequest,
)
from benchmarks import Row
from benchmarks.demo_data import REFERENCES, ROLES, add_copies, load_demo, share_good_practice
from benchmarks.in_turns import kept_copy, timed_in_turns
from peerreview.accounts.models import User
from peerreview.inbox.models import Notification
from tests.queries import statements
from tests.test_authorization_matrix import MATRIX
from tests.two_factor import force_login

QUERY_LIMIT = 15
FACTORS = (1, 10, 500)  # 2, 20 and 1,000 reviews
OPEN_COPIES = 9  # councils under review now; the rest of a 1,000-review programme is history
TIME_RATIO = 1.5
# Files of the whole programme's figures: their content is the programme, so they may grow, but
# no more than linearly, and by a small constant per review added.
PROGRAMME_WIDE = ("/overview.csv", "/overview.xlsx")
PER_REVIEW_SECONDS = 0.000_05  # each review added may cost a programme-wide file 0.05 ms
RUNS = 7
REVIEW_PAGE = "/reviews/ardlarich-2025/"
ANONYMOUS = "anonymous"


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
        "match": first(MentoringMatch.objects.filter(support__review=review)),
        "question": first(HubQuestion.objects.order_by("pk")),  # the hub's: none in the demo's imports
        "answer": first(HubAnswer.objects.order_by("pk")),
        "comment": first(ReportComment.objects.filter(report__review=review)),
        "extra_person": first(ReviewPerson.objects.filter(review=review, role="peer")),
        "lead_person": first(ReviewPerson.objects.filter(review=review, role="lead_peer")),
        "uid": "MQ",
        "token": "not-a-token",
        "manager_kind": "dates-passed",  # a kind of work in "what needs you", on a page of its own
        "notification": first(Notification.objects.order_by("pk")),  # someone's: 404 to the others
        "person": first(User.objects.filter(is_active=True).order_by("pk")),  # a profile in the pool
        "way": "app",  # someone's authenticator app: 404 to everyone else
        "lead_app": first(
            TOTPDevice.objects.filter(user__review_roles__review=review, user__review_roles__role="lead_peer")
        ),
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
    return status, len(statements(captured))


def _reachable(clients) -> dict[tuple[str, str], int]:
    """``{(role, url): queries}`` for every page a role gets a 200 from, each asked once first
    (template loading, first-use caches, and a PDF's render: what is measured is a repeat)."""
    found = {}
    urls = _urls()
    for role, client in clients.items():
        for _name, url in urls:
            client.get(url)
            status, queries = _queries(client, url)
            if status == 200:
                found[(role, url)] = queries
    return found


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _grow_to(factor: int) -> None:
    """From the demo's two reviews to ``factor`` times as many: open copies to 10x (councils
    reviewed now), then closed ones (the programme's history) to 500x."""
    councils = Review.objects.count() // len(REFERENCES) - 1
    wanted = factor - 1
    if councils < min(wanted, OPEN_COPIES):
        add_copies(min(wanted, OPEN_COPIES) - councils, first=councils + 1)
        councils = min(wanted, OPEN_COPIES)
    if councils < wanted:
        add_copies(wanted - councils, first=councils + 1, history=True)


@dataclass
class Size:
    reviews: int
    database: str  # its settings' NAME: a file on SQLite, a database on PostgreSQL
    queries: dict[tuple[str, str], int]
    seconds: dict[tuple[str, str], list[float]] = field(default_factory=dict)

    @property
    def medians(self) -> dict[tuple[str, str], float]:
        return {page: statistics.median(runs) for page, runs in self.seconds.items()}

    @property
    def fastest(self) -> dict[tuple[str, str], float]:
        """Each page's fastest run: what its code costs, without the shared machine's noise."""
        return {page: min(runs) for page, runs in self.seconds.items()}


def _measure(factor: int, clients: dict[str, Client] | None = None) -> Size:
    _grow_to(factor)
    share_good_practice()
    queries = _reachable(clients or _clients())
    return Size(Review.objects.count(), connection.settings_dict["NAME"], queries)


def run() -> list[Row]:
    # A 403 or 404 met while finding each role's pages is expected; Django's warning is noise here.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    load_demo()
    clients = _clients()  # signed in before the copy, so that their sessions are in both
    first = _measure(FACTORS[0], clients)
    with kept_copy("small") as small_copy:
        sizes = {FACTORS[0]: first} | {factor: _measure(factor) for factor in FACTORS[1:]}
        small, large = sizes[FACTORS[0]], sizes[FACTORS[-1]]
        small.database = small_copy  # the database itself grew: the small programme is the copy
        pages_on = [(size.database, size.queries) for size in (small, large)]
        small.seconds, large.seconds = timed_in_turns(clients, pages_on, RUNS)
    return _summary(sizes) + _review_page(small) + _pages(sizes, small, large)


def _summary(sizes: dict[int, Size]) -> list[Row]:
    small, large = sizes[FACTORS[0]], sizes[FACTORS[-1]]
    counts = " then ".join(str(size.reviews) for size in sizes.values())
    lost = sorted(set(small.queries) - set(large.queries))
    every = [size.queries for size in sizes.values()]
    over = sorted(page for queries in every for page, n in queries.items() if n > QUERY_LIMIT)
    varying = sorted(page for page in small.queries if len({queries.get(page) for queries in every}) > 1)
    medians = small.medians, large.medians
    shared = [page for page in medians[0] if page in medians[1]]
    before, after = (statistics.median(of_size[p] for p in shared) for of_size in medians)
    ratio = after / before
    return [
        (
            f"pages measured (role × page) at {counts} reviews ({', '.join(f'{f}x' for f in FACTORS)})",
            f"{len(small.queries)} pages; {len(lost)} lost at {FACTORS[-1]}x",
            "every page at every size",
            not lost,
        ),
        (
            "most SQL queries on any page",
            " / ".join(str(max(size.queries.values())) for size in sizes.values())
            + (f"; over the limit: {', '.join(f'{r} {u}' for r, u in sorted(set(over)))}" if over else ""),
            f"<= {QUERY_LIMIT}",
            not over,
        ),
        (
            "pages whose query count differs between the sizes",
            ", ".join(f"{r} {u} ({' / '.join(str(q.get((r, u))) for q in every)})" for r, u in varying)
            or "none",
            "none",
            not varying,
        ),
        (
            f"median server time over all pages, {large.reviews} reviews / {small.reviews}",
            f"{after * 1000:.1f} ms / {before * 1000:.1f} ms = {ratio:.2f}",
            f"<= {TIME_RATIO}",
            ratio <= TIME_RATIO,
        ),
    ] + _growth(small, large)


def _growth(small: Size, large: Size) -> list[Row]:
    """Each page within TIME_RATIO of its time at the smallest size (fastest runs compared), but
    the programme-wide files, which may add PER_REVIEW_SECONDS for each review added."""
    before, after = small.fastest, large.fastest
    shared = [page for page in before if page in after]
    wide = [page for page in shared if page[1] in PROGRAMME_WIDE]
    slower = [p for p in shared if p not in wide and after[p] > TIME_RATIO * before[p]]
    added = large.reviews - small.reviews
    steep = [p for p in wide if after[p] - before[p] > PER_REVIEW_SECONDS * added]

    def listed(pages):
        return ", ".join(
            f"{r} {u} ({before[(r, u)] * 1000:.1f} -> {after[(r, u)] * 1000:.1f} ms)" for r, u in pages
        )

    return [
        (
            f"pages more than {TIME_RATIO}x slower at {large.reviews} reviews than at {small.reviews} "
            f"(fastest of {RUNS} runs, the two sizes in turns; {len(shared) - len(wide)} pages)",
            listed(slower) or "none",
            f"none (programme-wide files apart: {', '.join(PROGRAMME_WIDE)})",
            not slower,
        ),
        (
            f"programme-wide files, {small.reviews} -> {large.reviews} reviews",
            listed(wide) or "none measured",
            f"<= {PER_REVIEW_SECONDS * 1000:.2f} ms more per review added",
            bool(wide) and not steep,
        ),
    ]


def _review_page(size: Size) -> list[Row]:
    pages = {page: n for page, n in size.queries.items() if page[1] == REVIEW_PAGE}
    most = max(pages.values())
    medians = size.medians
    slowest = max(medians[page] for page in pages)
    sqlite = connection.vendor == "sqlite"
    return [
        (
            f"review page `{REVIEW_PAGE}`, every role ({len(pages)}), at {size.reviews} reviews",
            f"at most {most} queries; slowest role's median {slowest * 1000:.1f} ms",
            "<= 8 queries, <= 10 ms on SQLite",
            most <= 8 and (slowest <= 0.010 if sqlite else True),
        )
    ]


def _pages(sizes: dict[int, Size], small: Size, large: Size) -> list[Row]:
    rows = []
    small_medians, large_medians = small.medians, large.medians
    for page in sorted(large.queries):
        counts = [size.queries.get(page) for size in sizes.values()]
        before, after = small_medians.get(page), large_medians[page]
        timed = f"{before * 1000:.1f} / {after * 1000:.1f} ms ({after / before:.2f}x)" if before else ""
        rows.append(
            (
                f"{page[0]}: `{page[1]}`",
                f"{' / '.join(str(n) for n in counts)} queries; {timed}",
                f"<= {QUERY_LIMIT} queries, the same at every size",
                large.queries[page] <= QUERY_LIMIT and len(set(counts)) == 1,
            )
        )
    return rows
