"""Concurrent writes wait for each other rather than fail, on SQLite (WAL, a busy timeout and
IMMEDIATE transactions) as on PostgreSQL (issue 13, defect 12). Each thread has its own database
connection, as each request of a threaded or multi-process server does."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from assessments.models import Action, ActionUpdate, Finding, ReportVersion, Review
from assessments.services.follow_up import action_progress_add
from reports.publishing.steps import report_check_finish, report_publish
from tests.lifecycle import bring_to

# The rows migrations load (the framework) are put back after each test's flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _at_once(work, count: int) -> list:
    """Runs ``work(i)`` in ``count`` threads released together; returns each result or error."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index):
        try:
            barrier.wait(timeout=10)
            results[index] = work(index)
        except Exception as error:  # the test inspects every outcome
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_two_publishes_at_once_publish_one_version(cast):
    people = {"manager": cast.review_manager, "spoc": cast.spoc, "lead": cast.lead_peer}
    review = bring_to(cast.review, "s5_checking", **people)
    report_check_finish(review=review, by=cast.spoc)
    results = _at_once(
        lambda _: report_publish(review=Review.objects.get(pk=review.pk), by=cast.review_manager), 2
    )
    published = [r for r in results if isinstance(r, ReportVersion)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert (len(published), len(refused)) == (1, 1), results
    assert ReportVersion.objects.count() == 1


def test_many_writers_at_once_all_succeed(cast):
    people = {"manager": cast.review_manager, "spoc": cast.spoc, "lead": cast.lead_peer}
    review = bring_to(cast.review, "s6", **people)
    action = Action.objects.create(
        finding=Finding.objects.get(review=review, kind="improvement"),
        description="A",
        owner="B",
        due="2027-01-01",
    )
    results = _at_once(
        lambda i: action_progress_add(
            action=Action.objects.get(pk=action.pk), text=f"Update {i}", by=cast.spoc
        ),
        8,
    )
    assert all(isinstance(result, ActionUpdate) for result in results), results
    assert ActionUpdate.objects.count() == 8
