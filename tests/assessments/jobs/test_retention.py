"""`apply_retention`: interview notes go once their review has been closed long enough."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from assessments.models import Interview, InterviewNote, Review
from peerreview.audit.models import AuditEvent
from tests.factories import ReviewFactory

NOW = timezone.now()
WORDS = "Off the record: the chief executive was candid about budgets."


def _with_notes(review, closed_months_ago, author):
    if closed_months_ago is not None:
        Review.objects.filter(pk=review.pk).update(
            closed_at=NOW - datetime.timedelta(days=31 * closed_months_ago)
        )
    interview = Interview.objects.create(
        review=review, starts=NOW, ends=NOW + datetime.timedelta(hours=1), location="Room 1"
    )
    InterviewNote.objects.create(interview=interview, author=author, text=WORDS, updated_by=author)
    return review


@pytest.fixture
def reviews(cast):
    return {
        "long_closed": _with_notes(cast.review, 13, cast.lead_peer),
        "recently_closed": _with_notes(cast.other_review, 7, cast.peer_elsewhere),
        "open": _with_notes(ReviewFactory(), None, cast.lead_peer),
    }


def _notes_left() -> set[str]:
    return set(InterviewNote.objects.values_list("interview__review__reference", flat=True))


def test_it_deletes_notes_of_reviews_closed_longer_than_the_setting(reviews, settings, capsys):
    settings.NOTES_RETENTION_MONTHS = 12
    call_command("apply_retention")
    assert "Deleted 1 interview note of ardlarich-2025." in capsys.readouterr().out
    assert _notes_left() == {reviews["recently_closed"].reference, reviews["open"].reference}
    event = AuditEvent.objects.get(kind="retention")
    assert event.review_id == reviews["long_closed"].pk
    assert "more than 12 months ago" in event.summary
    assert Interview.objects.filter(review=reviews["long_closed"]).exists(), "only the notes go"


def test_the_setting_decides_how_long(reviews, settings):
    settings.NOTES_RETENTION_MONTHS = 6
    call_command("apply_retention")
    assert _notes_left() == {reviews["open"].reference}


def test_the_audit_log_never_holds_the_words_of_notes(reviews, settings):
    call_command("apply_retention")
    logged = [str(values) for values in AuditEvent.objects.values_list("before", "after", "summary")]
    assert AuditEvent.objects.filter(object_type="assessments.InterviewNote", kind="create").count() == 3
    assert not [entry for entry in logged if "candid" in entry]


def test_a_dry_run_deletes_nothing(reviews, settings, capsys):
    settings.NOTES_RETENTION_MONTHS = 12
    call_command("apply_retention", "--dry-run")
    assert "Would delete 1 interview note of ardlarich-2025." in capsys.readouterr().out
    assert len(_notes_left()) == 3
    assert not AuditEvent.objects.filter(kind="retention").exists()


def test_it_says_when_there_is_nothing_to_do(db, capsys):
    call_command("apply_retention")
    assert "No review closed more than 12 months ago holds interview notes." in capsys.readouterr().out
