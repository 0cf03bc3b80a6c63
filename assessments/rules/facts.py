"""What is true of a review now, read from its own data: what the plan's timeline, the stage
machine's guards and "what needs you" decide by. One review's own query (``facts_of``), or
annotations made for many reviews at once (``Review.objects.with_facts()``)."""

import datetime
import functools
from dataclasses import dataclass, fields
from typing import Any

from django.db import connections, router
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from assessments.models import (
    AspectResponse,
    Evidence,
    Interview,
    LineOfEnquiry,
    Presentation,
    Review,
    SharingConsent,
    count_per,
)
from peerreview import prepared
from peerreview.accounts.models import User

# Where facts_of leaves, on the review instance, what the access rules would otherwise ask the
# database again within the same request (``conditions.has_published_version``, ``set_up_by_mistake``).
PUBLISHED = "_has_published_version"
STARTED = "_started"


@dataclass(frozen=True)
class ReviewFacts:
    """What the timeline and the stage machine read from a review to say what is done."""

    stage: str
    closed: bool
    self_assessment_submitted: bool
    published: bool
    has_actions: bool
    has_follow_up: bool
    report_status: str | None
    checking_since: datetime.date | None
    has_findings: bool
    has_lead_peer: bool
    has_manager: bool
    has_lines: bool
    has_interviews: bool
    open_comments: int = 0
    open_support: int = 0
    # Loaded by facts_of (with_progress); None where a list loaded only with_facts().
    aspects_total: int | None = None
    aspects_complete: int | None = None
    # Loaded by facts_of only (None from a list's annotations): for the review page's tasks.
    started: bool | None = None  # anything answered or uploaded yet
    documents: int | None = None  # evidence uploaded
    lines: int | None = None  # lines of enquiry set
    interviews: int | None = None  # interviews scheduled (not cancelled)
    presentation_drafted: bool | None = None
    good_practice_shared: bool | None = None
    notes_awaiting: int | None = None  # interviews the viewer has still to write notes of
    panel: int | None = None  # interviews the viewer sits on the panel of
    notes_written: int | None = None  # of those, the ones the viewer has written notes of


# The annotations facts_of reads, in the order of ReviewFacts' fields after stage and closed.
_FACT_COLUMNS = (
    "fact_self_assessment_submitted",
    "fact_published",
    "fact_has_actions",
    "fact_has_follow_up",
    "fact_report_status",
    "fact_checking_since",
    "fact_has_findings",
    "fact_has_lead_peer",
    "fact_has_manager",
    "fact_has_lines",
    "fact_has_interviews",
    "open_comments",
    "open_support",
    "aspects_total",
    "aspects_complete",
    "fact_started",
    "fact_documents",
    "fact_lines",
    "fact_interviews",
    "fact_presentation",
    "fact_shared",
    "fact_notes_awaiting",
    "fact_panel",
    "fact_notes_written",
)
# ReviewFacts' fields after stage and closed, each with the column it is read from (a mismatch
# in number fails at import); the fields that are flags, which SQLite answers as 0 or 1; and
# those that count the viewer's own interviews.
_FIELD_COLUMNS = tuple(zip((field.name for field in fields(ReviewFacts)[2:]), _FACT_COLUMNS, strict=True))
_FLAGS = frozenset(field.name for field in fields(ReviewFacts) if field.type in (bool, bool | None))
_OF_VIEWER = ("notes_awaiting", "panel", "notes_written")
# Values no row has: they mark, in the compiled query's parameters, where the review's key, the
# viewer's and the time go.
_ANY_REVIEW, _ANY_USER = -1, -2
_ANY_MOMENT = datetime.datetime(1901, 2, 3, 4, 5, 6, tzinfo=datetime.UTC)


def _count(rows: QuerySet[Any]) -> Coalesce:
    """How many of ``rows`` belong to the review, as a subquery."""
    return count_per(rows.filter(review=OuterRef("pk")), "review", distinct=True)


@functools.cache
def _facts_query(alias: str) -> tuple[str, tuple[Any, ...], Any]:
    """The one-review facts query as SQL, compiled once per process and database, with marks
    where the review, the viewer and the time go. The ORM took about 7 ms to compose its
    subqueries, which SQLite answers in a tenth of one: on the review page, asked on every
    request, composing was a third of the server's time. PostgreSQL's planning of them was
    most of the rest there, so it is prepared once per connection (``peerreview.prepared``)."""
    answered = Exists(AspectResponse.objects.filter(self_assessment__review=OuterRef("pk")))
    uploaded = Exists(Evidence.objects.filter(review=OuterRef("pk")))
    queryset = (
        Review.objects.using(alias)
        .with_facts()
        .with_progress()
        .annotate(
            fact_started=answered | uploaded,
            fact_documents=_count(Evidence.objects.all()),
            fact_lines=_count(LineOfEnquiry.objects.all()),
            fact_interviews=_count(Interview.objects.scheduled()),
            fact_presentation=Exists(Presentation.objects.filter(review=OuterRef("pk"))),
            fact_shared=Exists(SharingConsent.objects.filter(finding__review=OuterRef("pk"))),
            fact_notes_awaiting=_count(
                Interview.objects.awaiting_notes_of(_ANY_USER, now=_ANY_MOMENT, review=OuterRef("pk"))
            ),
            fact_panel=_count(Interview.objects.on_panel_of(_ANY_USER)),
            fact_notes_written=_count(
                Interview.objects.on_panel_of(_ANY_USER).filter(notes__author=_ANY_USER)
            ),
        )
        .filter(pk=_ANY_REVIEW)
        .values("stage", "closed_at", *_FACT_COLUMNS)
    )
    sql, params = queryset.query.sql_with_params()
    moment = connections[alias].ops.adapt_datetimefield_value(_ANY_MOMENT)
    if (params.count(_ANY_REVIEW), params.count(_ANY_USER), params.count(moment)) != (1, 5, 1):
        raise AssertionError("the facts query's parameters are not as expected")
    return sql, params, moment


def _params(alias: str, review: Review, viewer: User | None) -> tuple[str, list[Any]]:
    sql, params, moment = _facts_query(alias)
    now = connections[alias].ops.adapt_datetimefield_value(timezone.now())
    marks = {_ANY_REVIEW: review.pk, _ANY_USER: viewer.pk if viewer else None, moment: now}
    return sql, [marks.get(value, value) for value in params]


def facts_of(review: Review, viewer: User | None = None) -> ReviewFacts:
    """One review's facts, in one query (the annotations a list of reviews loads), with the
    interviews ``viewer`` has still to write notes of; what the access rules read too is left on
    ``review`` for them."""
    alias = router.db_for_read(Review, instance=review)
    sql, params = _params(alias, review, viewer)
    with connections[alias].cursor() as cursor:
        prepared.execute(cursor, "review_facts", sql, params)
        row = cursor.fetchone()
    if row is None:
        raise Review.DoesNotExist(f"No review {review.pk}")
    facts = _facts_from_row(row, of_viewer=viewer is not None)
    review.__dict__[PUBLISHED] = facts.published
    review.__dict__[STARTED] = facts.started
    return facts


def _facts_from_row(row: tuple[Any, ...], *, of_viewer: bool) -> ReviewFacts:
    """ReviewFacts from a row of the facts query (its columns: stage, closed_at, then
    ``_FACT_COLUMNS``); the viewer's counts None where the query was asked for no viewer."""
    stage, closed_at, *values = row
    facts: dict[str, Any] = {
        name: bool(value) if name in _FLAGS else value
        for (name, _), value in zip(_FIELD_COLUMNS, values, strict=True)
    }
    # SQLite answers a date as its ISO text; the ORM would have converted it.
    if isinstance(facts["checking_since"], str):
        facts["checking_since"] = datetime.date.fromisoformat(facts["checking_since"])
    if not of_viewer:
        facts.update(dict.fromkeys(_OF_VIEWER))
    return ReviewFacts(stage=stage, closed=closed_at is not None, **facts)


def facts_from_annotations(review: Review) -> ReviewFacts:
    """The facts of a review loaded by ``Review.objects.with_facts()``; what the access rules
    read too is left on ``review`` for them, as ``facts_of`` leaves it. What a list does not load
    (the progress, unless ``with_progress()``; the review page's own counts) stays None."""
    review.__dict__[PUBLISHED] = review.fact_published  # type: ignore[attr-defined]
    loaded = {name: getattr(review, column) for name, column in _FIELD_COLUMNS if hasattr(review, column)}
    return ReviewFacts(stage=review.stage, closed=review.closed_at is not None, **loaded)
