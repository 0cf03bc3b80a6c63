"""The load scenario: the service started as production would (gunicorn, debug off, WhiteNoise)
on the loopback, with the demo data; 20 clients, each signed in as one of the demo roles, for
60 seconds across the main pages of their role. Then, in the same run, the review page alone and
the bare health-check view alone, each for 15 seconds with the same clients, to compare their
throughput (target: the review page at least 40% of the bare view's on SQLite and on
PostgreSQL).

The clients run in this process, on the same machine as the server, so they take some of its
cores: the figures are for the pair together, not for the server alone.
"""

import os
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings

from benchmarks import Row
from benchmarks.bench_pages import p95
from benchmarks.demo_data import PASSWORD, ROLES, load_demo
from benchmarks.in_turns import timings
from peerreview.accounts.models import User
from peerreview.accounts.two_factor import two_factor_standing
from tests.servers import gunicorn, manage, production_env
from tests.two_factor import app_for, code_now, force_login

CLIENTS = 20
MIXED_SECONDS = 60
SINGLE_SECONDS = 15
WORKERS = 3  # as the README's production start
REVIEW_PAGE = "/reviews/ardlarich-2025/"
BARE_VIEW = "/health/"
TARGET_RATIO = 0.40  # the review page's share of the bare view's, on either database
DONE, OPEN = "/reviews/ardlarich-2025/", "/reviews/ardlarich-2027/"
TEAM = [
    "/",
    DONE,
    DONE + "evidence-review/",
    DONE + "lines-of-enquiry/",
    DONE + "interviews/",
    DONE + "findings/",
]
MAIN_PAGES = {
    "review manager": [*TEAM, "/overview/", DONE + "people/", DONE + "report/", DONE + "actions/"],
    "lead peer": [*TEAM, DONE + "report/"],
    # The report's text is edited only until it is published: the peer reads it instead.
    "peer": [*TEAM, DONE + "report/preview/"],
    "SPOC": ["/", OPEN, OPEN + "self-assessment/", OPEN + "self-assessment/aspects/2/", OPEN + "evidence/"]
    + [DONE + "actions/", DONE + "report/"],
    "deputy SPOC": ["/", OPEN, OPEN + "self-assessment/", DONE + "interviews/", DONE + "actions/"],
    "senior officer": ["/", DONE, DONE + "report/", DONE + "report/versions/1.pdf", DONE + "actions/"],
}


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, path: str, seconds: float, problem: str | None) -> None:
        with self.lock:
            self.latencies.setdefault(path, []).append(seconds)
            if problem:
                self.errors.append(problem)

    @property
    def requests(self) -> int:
        return sum(len(values) for values in self.latencies.values())

    def all_latencies(self) -> list[float]:
        return [value for values in self.latencies.values() for value in values]


def _sign_in(base: str, user: User) -> requests.Session:
    """Signs in through the form, with a code from the user's app where their role needs one."""
    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=30)
    page.raise_for_status()
    data = {"username": user.email, "password": PASSWORD, "csrfmiddlewaretoken": session.cookies["csrftoken"]}
    answer = session.post(f"{base}/accounts/login/", data=data, timeout=30, headers={"Referer": page.url})
    if "/two-factor/code/" in answer.url:
        data = {"code": code_now(app_for(user)), "csrfmiddlewaretoken": session.cookies["csrftoken"]}
        answer = session.post(answer.url, data=data, timeout=30, headers={"Referer": answer.url})
    if answer.url.rstrip("/") != base or answer.status_code != 200:
        raise RuntimeError(f"{user.email} could not sign in: ended at {answer.url} ({answer.status_code})")
    return session


def _run(
    base: str, sessions: list[tuple[requests.Session, list[str]]], seconds: float
) -> tuple[Tally, float]:
    tally = Tally()
    stop = time.monotonic() + seconds

    def client(session: requests.Session, paths: list[str]) -> None:
        number = 0
        while time.monotonic() < stop:
            path = paths[number % len(paths)]
            number += 1
            started = time.perf_counter()
            try:
                response = session.get(base + path, timeout=30, allow_redirects=False)
                response.content  # noqa: B018  (read the whole body, as a browser would)
                problem = None if response.status_code == 200 else f"{path}: {response.status_code}"
            except requests.RequestException as error:
                problem = f"{path}: {type(error).__name__}"
            tally.add(path, time.perf_counter() - started, problem)

    threads = [threading.Thread(target=client, args=pair) for pair in sessions]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.monotonic() - started


@dataclass
class Timed:
    """A run's tally, and how long the run took in seconds."""

    tally: Tally
    seconds: float

    @property
    def rate(self) -> float:
        return self.tally.requests / self.seconds


def run() -> list[Row]:
    load_demo()
    users = _with_production_passwords()
    mixed, review, bare = _runs(users)
    inside = {path: _in_process_ms(users["review manager"], path) for path in (REVIEW_PAGE, BARE_VIEW)}
    return _mixed_rows(mixed, errors=mixed.tally.errors + review.tally.errors + bare.tally.errors) + (
        _throughput_rows(review, bare, inside)
    )


def _with_production_passwords() -> dict[str, User]:
    """Each role's demo user, able to sign in to a server run with production settings."""
    users = {role: User.objects.get(email=email) for role, email in ROLES.items()}
    # The server runs with production settings, whose password hasher the benchmark's own
    # (fast, test) settings lack: the demo password is stored again in the production form.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"]):
        for user in users.values():
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
            if any(two_factor_standing(user)):
                app_for(user)
    return users


def _runs(users: dict[str, User]) -> tuple[Timed, Timed, Timed]:
    """The mixed run, then the review page alone and the bare view alone, against gunicorn."""
    folder = Path(tempfile.mkdtemp(prefix="peerreview-load-"))
    env = production_env(folder, os.environ["DATABASE_URL"])
    env["PRIVATE_STORAGE_ROOT"] = str(settings.PRIVATE_STORAGE_ROOT)
    manage(env, "collectstatic", "--no-input", "-v0")
    with gunicorn(env, workers=WORKERS) as base:
        clients = _clients(base, users)
        mixed = Timed(*_run(base, clients, MIXED_SECONDS))
        review = Timed(*_run(base, [(session, [REVIEW_PAGE]) for session, _ in clients], SINGLE_SECONDS))
        bare = Timed(*_run(base, [(session, [BARE_VIEW]) for session, _ in clients], SINGLE_SECONDS))
    return mixed, review, bare


def _clients(base: str, users: dict[str, User]) -> list[tuple[requests.Session, list[str]]]:
    """``CLIENTS`` clients, the roles in turn, each with the pages it goes round."""
    signed_in = {role: _sign_in(base, user) for role, user in users.items()}
    roles = list(MAIN_PAGES)
    clients = []
    for number in range(CLIENTS):
        role = roles[number % len(roles)]
        # Each client its own connection and cookie jar, in the role's signed-in session (as
        # several tabs of one person), starting at a different page from its neighbours.
        session = requests.Session()
        session.cookies.update(signed_in[role].cookies)
        clients.append((session, MAIN_PAGES[role][number % 3 :] + MAIN_PAGES[role][: number % 3]))
    return clients


def _mixed_rows(mixed: Timed, *, errors: list[str]) -> list[Row]:
    database = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[connection.vendor]
    latencies, by_page = mixed.tally.all_latencies(), mixed.tally.latencies
    slowest = max(by_page, key=lambda path: p95(by_page[path]))
    kinds = f" (first kinds: {'; '.join(sorted(set(errors))[:3])})" if errors else ""
    return [
        (
            f"{CLIENTS} clients × {MIXED_SECONDS} s across the main pages of {len(MAIN_PAGES)} roles "
            f"(gunicorn, {WORKERS} workers, {database}, loopback)",
            f"{mixed.tally.requests} requests, {mixed.rate:.1f} per second",
            "",
            None,
        ),
        (
            "errors (any answer but 200, or no answer) in all three runs",
            f"{len(errors)}{kinds}",
            "0",
            not errors,
        ),
        (
            "latency over the mixed run",
            f"median {statistics.median(latencies) * 1000:.0f} ms, p95 {p95(latencies) * 1000:.0f} ms "
            f"(slowest page p95: {slowest}, {p95(by_page[slowest]) * 1000:.0f} ms)",
            "",
            None,
        ),
    ]


def _throughput_rows(review: Timed, bare: Timed, inside: dict[str, float]) -> list[Row]:
    ratio = review.rate / bare.rate
    return [
        (
            f"review page `{REVIEW_PAGE}` alone, {CLIENTS} clients × {SINGLE_SECONDS} s",
            f"{review.rate:.1f} per second, p95 {p95(review.tally.all_latencies()) * 1000:.0f} ms",
            "",
            None,
        ),
        (
            f"bare Django view `{BARE_VIEW}` alone, same clients, {SINGLE_SECONDS} s",
            f"{bare.rate:.1f} per second, p95 {p95(bare.tally.all_latencies()) * 1000:.0f} ms",
            "",
            None,
        ),
        (
            "review page throughput / bare view throughput",
            f"{ratio:.0%}",
            f">= {TARGET_RATIO:.0%}",
            ratio >= TARGET_RATIO,
        ),
        (
            "why: the server's own time per request, in-process (Django's test client, median of 50)",
            f"review page {inside[REVIEW_PAGE]:.1f} ms, bare view {inside[BARE_VIEW]:.1f} ms "
            f"(ratio {inside[BARE_VIEW] / inside[REVIEW_PAGE]:.0%}); the load run adds HTTP and the "
            f"clients' own work, on the same {os.cpu_count()} cores, to both",
            "",
            None,
        ),
    ]


def _in_process_ms(user: User, path: str) -> float:
    client = force_login(Client(), user)
    timings(client, path, 5)  # warm
    return statistics.median(timings(client, path, 50)) * 1000
