"""A review's plan as a timeline: each date with whether its work is done, due or overdue.

"Done" is read from the review itself (never ticked by hand), so the timeline cannot drift from
what happened. Whether undone work is "Overdue", "Due" or "Not yet due" is decided here for every
page by ``assessments.models.plan.due_state``: the plan's, "what needs you" and the action plan's.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils.formats import date_format

from assessments.lifecycle.publication import check_due
from assessments.lifecycle.stages import ORDER
from assessments.models import PLAN_DATES, Report, Review, ReviewPlan, Stage
from assessments.models.plan import due_state
from assessments.rules.facts import ReviewFacts, facts_of

DONE, NOT_PLANNED, NOT_DONE = "done", "not planned", "not done"
# Dates of things that happen on the day (a visit, a presentation, a meeting) rather than work
# handed in: none is done before its date, whatever stage the review has reached.
EVENTS = frozenset({"key_findings_on", "progress_review_on"})


@dataclass(frozen=True)
class Milestone:
    label: str
    date: datetime.date | None
    state: str  # done, overdue, due, not yet due, not planned, or not done (on a closed review)
    detail: str = ""


def _reached(facts: ReviewFacts, stage: Stage) -> bool:
    return facts.closed or ORDER.index(Stage(facts.stage)) >= ORDER.index(stage)


def done_flags(facts: ReviewFacts) -> dict[str, bool]:
    """Which parts of the plan are done: the one rule the review page and "what needs you" share."""
    return {
        "self_assessment_due": facts.self_assessment_submitted or _reached(facts, Stage.EVIDENCE_REVIEW),
        "evidence_due": _reached(facts, Stage.EVIDENCE_REVIEW),
        "key_findings_on": _reached(facts, Stage.REPORT),
        "draft_report_due": facts.published or facts.checking_since is not None,
        "publication_due": facts.published,
        "action_plan_due": facts.has_actions,
        "progress_review_on": facts.closed or facts.has_follow_up,
    }


def _reached_sql(stage: Stage) -> Q:
    return Q(closed_at__isnull=False) | Q(stage__in=ORDER[ORDER.index(stage) :])


def _done_sql() -> dict[str, Q]:
    """``done_flags`` as filters on reviews loaded ``with_facts()``."""
    return {
        "self_assessment_due": Q(fact_self_assessment_submitted=True) | _reached_sql(Stage.EVIDENCE_REVIEW),
        "evidence_due": _reached_sql(Stage.EVIDENCE_REVIEW),
        "key_findings_on": _reached_sql(Stage.REPORT),
        "draft_report_due": Q(fact_published=True) | Q(fact_checking_since__isnull=False),
        "publication_due": Q(fact_published=True),
        "action_plan_due": Q(fact_has_actions=True),
        "progress_review_on": Q(closed_at__isnull=False) | Q(fact_has_follow_up=True),
    }


def overdue_sql(today: datetime.date) -> Q:
    """The reviews ``overdue`` finds a date for, as one filter on reviews loaded ``with_facts()``
    (a test holds the two forms to each other)."""
    done = _done_sql()
    passed = Q(pk__in=[])
    for name in PLAN_DATES:
        passed |= Q(**{f"plan__{name}__lt": today}) & ~done[name]
    return passed


def _state(
    done: bool, date: datetime.date | None, today: datetime.date, *, closed: bool, event: bool = False
) -> str:
    if done and not (event and date is not None and date > today):
        return DONE
    if closed:
        return NOT_DONE  # a closed review has nothing due: what was not done stays undone
    return NOT_PLANNED if date is None else due_state(date, today)


def comments_due(report: Report | ReviewFacts | None, plan: ReviewPlan) -> datetime.date | None:
    """The last day for the council's factual-accuracy comments, while the draft is with it."""
    if report is None:
        return None
    status = report.report_status if isinstance(report, ReviewFacts) else report.status
    return check_due(status, report.checking_since, plan)


def proposed_dates(review: Review) -> dict[str, datetime.date]:
    """The default date of each part of ``review``, from its on-site days (none without them)."""
    anchors = {"on_site_start": review.on_site_start, "on_site_end": review.on_site_end}
    proposed: dict[str, datetime.date] = {}
    for name, (anchor, days) in settings.REVIEW_PLAN.items():
        day: datetime.date | None = anchors[anchor]
        if day is not None:
            proposed[name] = day + datetime.timedelta(days=int(days))
    return proposed


def plan_of(review: Review) -> ReviewPlan:
    """The review's plan (loaded with the review by ``access.review_for``), or an empty one."""
    try:
        return review.plan
    except ReviewPlan.DoesNotExist:
        return ReviewPlan(review=review)


def overdue(facts: ReviewFacts, plan: ReviewPlan, today: datetime.date) -> list[tuple[str, datetime.date]]:
    """The plan's dates that have passed with their work not done, as ``(label, date)``."""
    done = done_flags(facts)
    return [
        (label, date)
        for name, label in PLAN_DATES.items()
        if (date := getattr(plan, name)) is not None and date < today and not done[name]
    ]


def milestones(review: Review, today: datetime.date, facts: ReviewFacts | None = None) -> list[Milestone]:
    plan = plan_of(review)
    facts = facts or facts_of(review)
    done = done_flags(facts)
    rows = [
        Milestone(
            label,
            getattr(plan, name),
            _state(done[name], getattr(plan, name), today, closed=facts.closed, event=name in EVENTS),
        )
        for name, label in PLAN_DATES.items()
    ]
    if review.on_site_start is not None:
        on_site = Milestone(
            "On-site days",
            review.on_site_start,
            _state(
                _reached(facts, Stage.KEY_FINDINGS),
                review.on_site_start,
                today,
                closed=facts.closed,
                event=True,
            ),
            f"to {date_format(review.on_site_end, 'j F Y')}" if review.on_site_end else "",
        )
        rows.insert(2, on_site)
    due = comments_due(facts, plan)
    if due is not None and facts.checking_since is not None:
        sent = date_format(facts.checking_since, "j F Y")
        window = f"{plan.factual_accuracy_days} working days from {sent}"
        state = _state(False, due, today, closed=facts.closed)
        rows.insert(5, Milestone("Factual-accuracy comments due", due, state, window))
    return rows
