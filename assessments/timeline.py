"""A review's plan as a timeline: each date with whether its work is done, due or overdue.

"Done" is read from the review itself (never ticked by hand), so the timeline cannot drift from
what happened.
"""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format

from assessments.facts import ReviewFacts, facts_of
from assessments.models import PLAN_DATES, Report, Review, ReviewPlan, Stage
from assessments.stages import ORDER, check_due


@dataclass(frozen=True)
class Milestone:
    label: str
    date: datetime.date | None
    state: str  # "done", "due", "overdue" or "not planned"
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


def _state(done: bool, date: datetime.date | None, today: datetime.date) -> str:
    if done:
        return "done"
    if date is None:
        return "not planned"
    return "overdue" if date < today else "due"


def comments_due(report: Report | ReviewFacts | None, plan: ReviewPlan) -> datetime.date | None:
    """The last day for the council's factual-accuracy comments, while the draft is with it."""
    if report is None:
        return None
    status = report.report_status if isinstance(report, ReviewFacts) else report.status
    return check_due(status, report.checking_since, plan)


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
        Milestone(label, getattr(plan, name), _state(done[name], getattr(plan, name), today))
        for name, label in PLAN_DATES.items()
    ]
    if review.on_site_start is not None:
        on_site = Milestone(
            "On-site days",
            review.on_site_start,
            _state(_reached(facts, Stage.KEY_FINDINGS), review.on_site_start, today),
            f"to {date_format(review.on_site_end, 'j F Y')}" if review.on_site_end else "",
        )
        rows.insert(2, on_site)
    due = comments_due(facts, plan)
    if due is not None and facts.checking_since is not None:
        sent = date_format(facts.checking_since, "j F Y")
        window = f"{plan.factual_accuracy_days} working days from {sent}"
        rows.insert(5, Milestone("Factual-accuracy comments due", due, _state(False, due, today), window))
    return rows
