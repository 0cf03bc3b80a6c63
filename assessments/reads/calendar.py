"""The programme's calendar: every review's key dates and on-site days across a year, and each
person's own dates and interviews for their calendar feed."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from assessments.models import PLAN_DATES, Interview, Review, ReviewPerson, Stage
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


@dataclass(frozen=True)
class ProgrammeDate:
    """One date (or run of days) of one review, as the programme's calendar lists it."""

    first: datetime.date
    last: datetime.date
    what: str
    council: str
    reference: str
    stage: str  # the stage's name
    closed: bool


DATE_COLUMNS = ("first", "last", "what", "host_name", "reference", "stage", "closed_at")


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


def _dates_of(reviews: QuerySet[Review], year: int) -> QuerySet[Any]:
    """Each date (or run of on-site days) in ``year`` of ``reviews`` as a row of its own: one
    select for the on-site days and one for each of the plan's dates, joined by UNION ALL, so
    the database orders and cuts the programme's dates and Python reads only a page of them."""
    on_site = Q(on_site_start__year=year) | Q(on_site_end__year=year)
    selects = [_dated(reviews.filter(on_site), "on_site_start", "on_site_end", ON_SITE)]
    for name, label in PLAN_DATES.items():
        field = f"plan__{name}"
        selects.append(_dated(reviews.filter(**{f"{field}__year": year}), field, field, label))
    return selects[0].union(*selects[1:], all=True).order_by("first", "host_name", "what", "reference")


def _dated(reviews: QuerySet[Review], first: str, last: str, what: str) -> QuerySet[Any]:
    """``reviews`` as rows of ``DATE_COLUMNS``: the date in field ``first`` (to ``last``, where
    set), named ``what``."""
    return (
        reviews.order_by()
        .annotate(
            first=F(first),
            last=Coalesce(last, first),
            what=Value(what, output_field=CharField()),
            host_name=F("host__name"),
        )
        .values_list(*DATE_COLUMNS)
    )


def programme_dates(*, year: int, stage: str = "", person: str = "") -> QuerySet[Any]:
    """Every date of ``year`` across the programme, in date order, as rows of ``DATE_COLUMNS``
    for ``calendar_months`` to read a page of: narrowed to reviews at ``stage``, or on which
    someone whose name or email address holds ``person`` has a role now."""
    reviews = Review.objects.all()
    if stage:
        reviews = reviews.filter(stage=stage, closed_at__isnull=True)
    if person.strip():
        reviews = reviews.filter(pk__in=_roles_of_someone_named(person.strip()).values("review"))
    return _dates_of(reviews, year)


def _roles_of_someone_named(text: str) -> QuerySet[ReviewPerson]:
    """The roles held now by people whose name or email address holds ``text``, as the review
    team lists them or as their account does."""
    named = Q(name__icontains=text) | Q(email__icontains=text)
    named |= Q(user__full_name__icontains=text) | Q(user__email__icontains=text)
    return ReviewPerson.objects.current().filter(named)


def calendar_months(rows: Iterable[tuple], year: int) -> list[tuple[datetime.date, list[ProgrammeDate]]]:
    """Rows of ``programme_dates`` (a page of them) month by month: the first of each month
    with its dates (a run of days from the year before under January). No query: the rows
    carry all the page shows."""
    dates = [
        ProgrammeDate(first, last, what, council, reference, Stage(stage).label, closed_at is not None)
        for first, last, what, council, reference, stage, closed_at in rows
    ]
    return [
        (month, list(found))
        for month, found in groupby(
            dates, key=lambda date: max(date.first, datetime.date(year, 1, 1)).replace(day=1)
        )
    ]


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
