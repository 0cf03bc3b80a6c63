"""The programme's calendar: every review's key dates and on-site days across a year, and each
person's own dates and interviews for their calendar feed."""

import datetime
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Q, QuerySet

from assessments.models import PLAN_DATES, Interview, Review, ReviewPerson
from assessments.rules import access
from assessments.rules.access import Permission
from peerreview.accounts.models import User

ON_SITE = "On-site days"


@dataclass(frozen=True)
class Entry:
    """One date (or run of days) of one review."""

    first: datetime.date
    last: datetime.date
    review: Review
    what: str  # "On-site days", or the plan's name for the date


def _entries(review: Review) -> list[Entry]:
    entries = []
    if review.on_site_start:
        entries.append(
            Entry(review.on_site_start, review.on_site_end or review.on_site_start, review, ON_SITE)
        )
    plan = getattr(review, "plan", None)
    for field, label in PLAN_DATES.items():
        if plan is not None and (day := getattr(plan, field)):
            entries.append(Entry(day, day, review, label))
    return entries


def _in_year(year: int) -> Q:
    """A filter on reviews: those with on-site days or a planned date in ``year``."""
    dated = Q(on_site_start__year=year) | Q(on_site_end__year=year)
    for field in PLAN_DATES:
        dated |= Q(**{f"plan__{field}__year": year})
    return dated


def programme_calendar(
    *, year: int, stage: str = "", person: User | None = None
) -> list[tuple[datetime.date, list[Entry]]]:
    """Every date of ``year`` across the programme, month by month (the first of each month with
    its entries, in date order): narrowed to reviews at ``stage``, or on which ``person`` holds a
    role now. One query."""
    reviews = Review.objects.filter(_in_year(year)).select_related("host", "plan").distinct()
    if stage:
        reviews = reviews.filter(stage=stage, closed_at__isnull=True)
    if person is not None:
        reviews = reviews.filter(pk__in=ReviewPerson.objects.current().filter(user=person).values("review"))
    entries = sorted(
        (
            entry
            for review in reviews
            for entry in _entries(review)
            if year in (entry.first.year, entry.last.year)
        ),
        key=lambda entry: (entry.first, entry.review.host.name, entry.what),
    )
    return [
        (month, list(found))
        for month, found in groupby(
            entries, key=lambda entry: max(entry.first, datetime.date(year, 1, 1)).replace(day=1)
        )
    ]


def people_on_open_reviews() -> QuerySet[User]:
    """Everyone with a role on an open review now, by name: who the calendar may be narrowed to.
    (Not everyone who ever held one: the programme's history would make the list grow without
    end, and a calendar is for the work still to come.)"""
    return (
        User.objects.filter(
            review_roles__removed_at__isnull=True,
            review_roles__review__closed_at__isnull=True,
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def feed_of(user: User) -> tuple[list[Entry], list[Interview]]:
    """What ``user``'s calendar feed holds: the dates of every review they hold a role on now,
    and the interviews on those where they may read the schedule, not cancelled. Two queries."""
    theirs = Review.objects.filter(pk__in=ReviewPerson.objects.current().filter(user=user).values("review"))
    reviews = list(theirs.select_related("host", "plan").order_by("pk"))
    scheduled = access.reviews_permitting(user, Permission.VIEW_SCHEDULE).filter(pk__in=theirs.values("pk"))
    interviews = list(
        Interview.objects.filter(review__in=scheduled, cancelled_at__isnull=True)
        .select_related("review__host")
        .order_by("starts", "pk")
    )
    return [entry for review in reviews for entry in _entries(review)], interviews
