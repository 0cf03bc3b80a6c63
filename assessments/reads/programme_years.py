"""The programme year by year, for the national overview: reviews by stage, suggested
improvements by delivery area, actions done on time and peer-to-peer mentoring, each one
aggregate query, however many reviews there are.

A review's year is that of its on-site days, or of its setting up before they are known (as
``Review.year``); an action's, that of its due date; a mentoring match's, that of its asking.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, F, Q, Value, When
from django.db.models.functions import Coalesce, ExtractYear

from assessments.models import (
    Action,
    ActionStatus,
    DeliveryArea,
    Finding,
    FindingKind,
    MatchStatus,
    MentoringMatch,
    Review,
    Stage,
)

CLOSED = "Closed"
ACTION_COLUMNS = ["Due", "Done by their date", "Done late", "Done, date not recorded", "Not done, overdue"]
MENTORING_COLUMNS = ["Mentors asked", "Accepted", "Outcomes recorded"]


@dataclass
class YearTable:
    """Figures by year, newest first: each row a year and one value for each column."""

    columns: list[str]
    rows: list[tuple[int, list[int]]]

    def totals(self) -> list[int]:
        return [sum(values[index] for _, values in self.rows) for index in range(len(self.columns))]


def _table(columns: list[str], counted: dict[tuple[int, str], int]) -> YearTable:
    years = sorted({year for year, _ in counted}, reverse=True)
    return YearTable(columns, [(year, [counted.get((year, c), 0) for c in columns]) for year in years])


class DateYear(ExtractYear):
    """The year of a date (not a date and time: no time zone to apply). On SQLite, where Django
    extracts it in a Python function called for each row, SQLite's own ``strftime`` reads it
    from the stored ISO text: it was most of the overview's time at 1,000 reviews."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(strftime('%%Y', {sql}) AS INTEGER)", params


def _review_year(prefix: str = "") -> Coalesce:
    return Coalesce(DateYear(f"{prefix}on_site_start"), ExtractYear(f"{prefix}created_at"))


def reviews_by_year() -> YearTable:
    """Reviews by year: open ones by their stage, and those closed."""
    state = Case(When(closed_at__isnull=False, then=Value(CLOSED)), default=F("stage"))
    rows = Review.objects.annotate(in_year=_review_year(), state=state).values_list("in_year", "state")
    labels = dict(Stage.choices) | {CLOSED: CLOSED}
    counted = {(year, labels[key]): n for year, key, n in rows.annotate(n=Count("pk")).order_by()}
    return _table([*Stage.labels, CLOSED], counted)


def improvements_by_year() -> YearTable:
    """Suggested improvements (the team's findings) by their review's year and delivery area;
    areas of the same title in different frameworks count together."""
    titles = list(
        dict.fromkeys(
            DeliveryArea.objects.order_by("position", "framework_id").values_list("title", flat=True)
        )
    )
    rows = (
        Finding.objects.filter(kind=FindingKind.IMPROVEMENT)
        .annotate(in_year=_review_year("review__"))
        .values_list("in_year", "area__title")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counted: dict[tuple[int, str], int] = {}
    for year, title, n in rows:
        counted[(year, title)] = counted.get((year, title), 0) + n
    return _table(titles, counted)


def actions_by_year(today: datetime.date) -> YearTable:
    """Actions by the year they were due (those due by ``today`` or done): how many were done by
    their date, done late, done with no date recorded (before the service recorded it), and
    not done though overdue."""
    done = Q(status=ActionStatus.DONE)
    figures = {
        "Due": Count("pk"),
        "Done by their date": Count("pk", filter=done & Q(completed_on__lte=F("due"))),
        "Done late": Count("pk", filter=done & Q(completed_on__gt=F("due"))),
        "Done, date not recorded": Count("pk", filter=done & Q(completed_on__isnull=True)),
        "Not done, overdue": Count("pk", filter=~done & Q(due__lt=today)),
    }
    names = [f"c{i}" for i in range(len(figures))]
    rows = (
        Action.objects.filter(done | Q(due__lte=today))
        .annotate(in_year=DateYear("due"))
        .values("in_year")
        .annotate(**dict(zip(names, figures.values(), strict=True)))
        .values_list("in_year", *names)
        .order_by()
    )
    counted = {(year, column): n for year, *values in rows for column, n in zip(figures, values, strict=True)}
    return _table(ACTION_COLUMNS, counted)


def mentoring_by_year() -> YearTable:
    """Mentoring matches by the year the mentor was asked: asked, accepted, outcomes recorded."""
    accepted = Q(status=MatchStatus.ACCEPTED)
    rows = (
        MentoringMatch.objects.annotate(in_year=ExtractYear("proposed_at"))
        .values("in_year")
        .annotate(
            asked=Count("pk"),
            accepted=Count("pk", filter=accepted),
            outcomes=Count("pk", filter=accepted & ~Q(outcome="")),
        )
        .values_list("in_year", "asked", "accepted", "outcomes")
        .order_by()
    )
    counted = {
        (year, column): n
        for year, *values in rows
        for column, n in zip(MENTORING_COLUMNS, values, strict=True)
    }
    return _table(MENTORING_COLUMNS, counted)
