"""A review's plan as a timeline: each date with whether its work is done, due or overdue.

"Done" is read from the review itself (never ticked by hand), so the timeline cannot drift from
what happened.
"""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format

from assessments.models import (
    PLAN_DATES,
    Action,
    Report,
    ReportStatus,
    ReportVersion,
    Review,
    ReviewPlan,
    Stage,
)
from assessments.stages import ORDER
from assessments.working_days import add_working_days


@dataclass(frozen=True)
class Milestone:
    label: str
    date: datetime.date | None
    state: str  # "done", "due", "overdue" or "not planned"
    detail: str = ""


def _reached(review: Review, stage: Stage) -> bool:
    return review.closed_at is not None or ORDER.index(Stage(review.stage)) >= ORDER.index(stage)


def _done(review: Review, report: Report | None) -> dict[str, bool]:
    published = ReportVersion.objects.filter(report__review=review).exists()
    return {
        "self_assessment_due": _reached(review, Stage.EVIDENCE_REVIEW),
        "evidence_due": _reached(review, Stage.EVIDENCE_REVIEW),
        "key_findings_on": _reached(review, Stage.REPORT),
        "draft_report_due": published or (report is not None and report.checking_since is not None),
        "publication_due": published,
        "action_plan_due": Action.objects.filter(finding__review=review).exists(),
        "progress_review_on": review.closed_at is not None or review.follow_ups.exists(),
    }


def _state(done: bool, date: datetime.date | None, today: datetime.date) -> str:
    if done:
        return "done"
    if date is None:
        return "not planned"
    return "overdue" if date < today else "due"


def comments_due(report: Report | None, plan: ReviewPlan) -> datetime.date | None:
    """The last day for the council's factual-accuracy comments, while the draft is with it."""
    if report is None or report.status != ReportStatus.FACTUAL_ACCURACY or report.checking_since is None:
        return None
    return add_working_days(report.checking_since, plan.factual_accuracy_days)


def milestones(review: Review, today: datetime.date) -> list[Milestone]:
    plan = ReviewPlan.objects.filter(review=review).first() or ReviewPlan(review=review)
    report = Report.objects.filter(review=review).first()
    done = _done(review, report)
    rows = [
        Milestone(label, getattr(plan, name), _state(done[name], getattr(plan, name), today))
        for name, label in PLAN_DATES.items()
    ]
    if review.on_site_start is not None:
        on_site = Milestone(
            "On-site days",
            review.on_site_start,
            _state(_reached(review, Stage.KEY_FINDINGS), review.on_site_start, today),
            f"to {date_format(review.on_site_end, 'j F Y')}" if review.on_site_end else "",
        )
        rows.insert(2, on_site)
    due = comments_due(report, plan)
    if due is not None and report is not None and report.checking_since is not None:
        sent = date_format(report.checking_since, "j F Y")
        window = f"{plan.factual_accuracy_days} working days from {sent}"
        rows.insert(5, Milestone("Factual-accuracy comments due", due, _state(False, due, today), window))
    return rows
