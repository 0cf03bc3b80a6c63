"""Shared fixtures: a review with a user in every role, and users who must not see it."""

import os
from dataclasses import dataclass

import factory.random
import pytest

from assessments.models import Review, Role
from peerreview.accounts.models import Organisation, User
from tests.factories import OrganisationFactory, ReviewFactory, ReviewPersonFactory, UserFactory
from tests.two_factor import force_login


@dataclass
class Cast:
    review: Review
    host: Organisation
    spoc: User
    deputy: User
    senior: User
    lead_peer: User
    peer: User
    review_manager: User  # a programme review manager (sees every review)
    other_spoc: User  # the SPOC of another council, with a review of its own
    other_review: Review
    peer_elsewhere: User  # a peer on the other council's review only


@pytest.fixture(autouse=True)
def names_drawn_for_this_test(request):
    """The made-up names of the test data (Faker) are drawn for each test from a seed of its own
    id, so a test reads the same names however pytest-xdist hands the tests out: a test that
    happens to depend on a name fails on every run, not on one run in ten. Set
    ``PEERREVIEW_TEST_SEED`` to draw other names, to look for such tests."""
    factory.random.reseed_random(os.environ.get("PEERREVIEW_TEST_SEED", "") + request.node.nodeid)


def _on(review, user, role, **kwargs):
    ReviewPersonFactory(review=review, user=user, role=role, **kwargs)
    return user


@pytest.fixture
def cast(db) -> Cast:
    host = OrganisationFactory(name="Ardlarich Council")
    other = OrganisationFactory(name="Glenbrae Council")
    peer_org = OrganisationFactory(name="Strathkeld Council")
    review = ReviewFactory(reference="ardlarich-2025", host=host)
    other_review = ReviewFactory(reference="glenbrae-2025", host=other)
    manager = UserFactory(
        email="manager@gov.example.org",
        is_review_manager=True,
        organisation=OrganisationFactory(name="Scottish Government", kind=Organisation.Kind.GOVERNMENT),
    )
    _on(review, manager, Role.REVIEW_MANAGER)
    return Cast(
        review=review,
        host=host,
        spoc=_on(review, UserFactory(email="spoc@ardlarich.example.org", organisation=host), Role.SPOC),
        deputy=_on(
            review, UserFactory(email="deputy@ardlarich.example.org", organisation=host), Role.DEPUTY_SPOC
        ),
        senior=_on(
            review, UserFactory(email="senior@ardlarich.example.org", organisation=host), Role.SENIOR_OFFICER
        ),
        lead_peer=_on(
            review, UserFactory(email="lead@strathkeld.example.org", organisation=peer_org), Role.LEAD_PEER
        ),
        peer=_on(review, UserFactory(email="peer@strathkeld.example.org", organisation=peer_org), Role.PEER),
        review_manager=manager,
        other_spoc=_on(
            other_review, UserFactory(email="spoc@glenbrae.example.org", organisation=other), Role.SPOC
        ),
        other_review=other_review,
        peer_elsewhere=_on(
            other_review, UserFactory(email="peer2@strathkeld.example.org", organisation=peer_org), Role.PEER
        ),
    )


@pytest.fixture
def login(client):
    """``login(user)`` signs the test client in as ``user`` and returns the client."""

    def _login(user):
        force_login(client, user)
        return client

    return _login


@pytest.fixture
def private_storage(settings, tmp_path):
    """Evidence files go to a temporary folder for the test."""
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    return settings.PRIVATE_STORAGE_ROOT


@pytest.fixture
def check_access(client):
    """``check_access(url, forbidden=user, allowed=user, outsider=user)`` asserts the four
    answers every review view gives: anonymous -> sign in, outsider -> 404, a user who may see
    the review but not do this -> 403, and an allowed user -> 200 (GET) or the given status."""

    def _check(url, *, outsider, forbidden=None, allowed, method="get", data=None, allowed_status=200):
        send = getattr(client, method)
        client.logout()
        response = send(url, data or {})
        assert response.status_code == 302, "anonymous"
        assert "/accounts/login/" in response["Location"], "anonymous"
        force_login(client, outsider)
        assert send(url, data or {}).status_code == 404, "outsider"
        if forbidden is not None:
            force_login(client, forbidden)
            assert send(url, data or {}).status_code == 403, "forbidden"
        force_login(client, allowed)
        response = send(url, data or {})
        assert response.status_code == allowed_status, "allowed"
        return response

    return _check


@pytest.fixture
def on_site(cast):
    """The cast's review with on-site days (31 March and 1 April 2025), a stakeholder or two,
    and its team as ReviewPerson rows."""
    import datetime

    from assessments.models import ReviewPerson, Stakeholder

    review = cast.review
    review.on_site_start, review.on_site_end = datetime.date(2025, 3, 31), datetime.date(2025, 4, 1)
    review.venue = "Ardlarich House"
    review.save()
    police = OrganisationFactory(name="Police Scotland", kind=Organisation.Kind.POLICE)
    stakeholders = {
        "spoc": Stakeholder.objects.create(
            review=review,
            name="Eilidh Fraser",
            job_title="Prevent SPOC",
            organisation=cast.host,
            email=cast.spoc.email,
        ),
        "education": Stakeholder.objects.create(
            review=review, job_title="Education Manager", organisation=cast.host
        ),
        "police": Stakeholder.objects.create(
            review=review, job_title="Detective Inspector", organisation=police, email="di@police.example.org"
        ),
    }
    team = {p.user_id: p for p in ReviewPerson.objects.filter(review=review).team()}
    return {
        "review": review,
        "stakeholders": stakeholders,
        "lead": team[cast.lead_peer.pk],
        "peer": team[cast.peer.pk],
        "manager": team[cast.review_manager.pk],
    }


@pytest.fixture
def book_interview(cast, on_site):
    """``book_interview(hour, minute=0, who=..., team=..., ...)`` books an hour's interview on the
    first on-site day through the service, as the review manager, and returns it. ``who`` are
    keys of ``on_site["stakeholders"]``, ``team`` keys of ``on_site``'s team ("lead", "peer",
    "manager")."""
    import datetime

    from django.utils import timezone

    from assessments.services.interviews import interview_save
    from tests.interviews import slot_of

    def _book(
        hour,
        minute=0,
        *,
        who=("education",),
        team=("peer",),
        room="Committee Room 2",
        aspects=(),
        lines=(),
    ):
        starts = datetime.datetime(2025, 3, 31, hour, minute, tzinfo=timezone.get_default_timezone())
        slot = slot_of(on_site, starts, starts + datetime.timedelta(hours=1), room=room, who=who, team=team)
        return interview_save(
            review=cast.review,
            slot=slot,
            aspects=list(aspects),
            lines_of_enquiry=list(lines),
            by=cast.review_manager,
        )

    return _book


@pytest.fixture(scope="session")
def pdf_text(tmp_path_factory):
    """``pdf_text(pdf_bytes)`` is the text of each page, as poppler's pdftotext extracts it."""
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian's poppler-utils) is not installed")

    folder = tmp_path_factory.mktemp("pdf-text")

    def _text(data: bytes) -> list[str]:
        path = folder / "document.pdf"
        path.write_bytes(data)
        out = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, timeout=60
        )
        return out.stdout.decode("utf-8").split("\f")[:-1]

    return _text


@pytest.fixture(scope="session", autouse=True)
def collected_static_files():
    """Production serves collected, hashed static files through WhiteNoise; so do the tests.
    Returns the folder, for a test's own server to serve."""
    from tests.static_files import collect_static

    return collect_static()


def _runs_outside_a_transaction(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return marker is not None and marker.kwargs.get("transaction", False)


# The longest browser journeys (half a minute and more each) start first: under pytest-xdist a
# long test handed out last would leave the other workers idle while it runs alone.
LONGEST_FIRST = ("test_from_nothing.py", "test_journeys.py", "test_accessibility.py")


def _browser_order(item) -> int:
    name = item.path.name
    return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)


def pytest_collection_finish(session):
    """Each process of the run sets what it has loaded (Django, the apps, the collected tests)
    aside from the garbage collector once it has collected the tests, as each production process
    does once it has started (``peerreview.operations.memory``): full collections, set off by
    every other PDF render, walked it all each time."""
    from peerreview.operations.memory import freeze_what_is_loaded

    freeze_what_is_loaded()


def pytest_collection_modifyitems(items):
    """Tests that run outside a transaction (with threads, or a live server for the browser) end
    with a flushed database, after which the rows the migrations loaded (the framework) are gone
    for plain tests; so they run last, the browser tests last of all. (pytest-xdist hands tests
    out in this order, so each worker keeps it too.)"""
    items.sort(
        key=lambda item: (
            "tests/browser/" in str(item.fspath),
            _runs_outside_a_transaction(item),
            _browser_order(item) if "tests/browser/" in str(item.fspath) else 0,
        )
    )


@pytest.fixture(autouse=True)
def no_task_fails_unseen(request):
    """A task that fails is logged, not raised, by every backend: a failure in a background task
    (say a query PostgreSQL refuses) would otherwise pass unseen. Any failed task fails its test,
    unless the test is marked ``tasks_may_fail`` (one that checks a failure is handled)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks.signals import task_finished

    failed = []

    def _seen(sender, task_result, **kwargs):
        if task_result.status == TaskResultStatus.FAILED:
            error = task_result.errors[-1].exception_class_path if task_result.errors else "no error kept"
            failed.append(f"{task_result.task.module_path}: {error}")

    task_finished.connect(_seen, weak=False)
    yield
    task_finished.disconnect(_seen)
    if failed and request.node.get_closest_marker("tasks_may_fail") is None:
        pytest.fail(f"A background task failed: {'; '.join(failed)}")
