"""The retention rule: interview notes are deleted once their review has been closed for
``NOTES_RETENTION_MONTHS`` months. Everything else a review holds is kept."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format

from assessments.models import InterviewNote, Review
from peerreview.audit.context import as_one_event
from peerreview.audit.record import record


@dataclass(frozen=True)
class NotesDue:
    review: Review
    notes: int

    @property
    def counted(self) -> str:
        return f"{self.notes} interview note{'' if self.notes == 1 else 's'}"


def retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - relativedelta(months=settings.NOTES_RETENTION_MONTHS)


def notes_due(now: datetime.datetime | None = None) -> list[NotesDue]:
    """Reviews closed before the cut-off that still hold interview notes, oldest first."""
    counts = dict(
        InterviewNote.objects.filter(interview__review__closed_at__lt=retention_cutoff(now))
        .values("interview__review_id")
        .annotate(notes=Count("pk"))
        .values_list("interview__review_id", "notes")
    )
    reviews = Review.objects.filter(pk__in=counts).order_by("closed_at", "reference")
    return [NotesDue(review=review, notes=counts[review.pk]) for review in reviews]


def retention_apply(now: datetime.datetime | None = None) -> list[NotesDue]:
    """Deletes the notes ``notes_due`` lists, each review's in one transaction with one audit
    event saying how many went and why (the notes' words are never written to the log)."""
    done = []
    for due in notes_due(now):
        with transaction.atomic(), as_one_event():
            InterviewNote.objects.filter(interview__review=due.review).delete()
            record(
                kind="retention",
                user=None,
                review_id=due.review.pk,
                summary=(
                    f"{due.counted} deleted: the review closed on "
                    f"{date_format(timezone.localtime(due.review.closed_at), 'j F Y')}, more than "
                    f"{settings.NOTES_RETENTION_MONTHS} months ago"
                ),
            )
        done.append(due)
    return done
