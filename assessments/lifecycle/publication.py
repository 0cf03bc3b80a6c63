"""The report's one road to publication, a rule of the stage machine: at stage 5 of an open
review, with the draft out to the council for its factual-accuracy check, at least one finding
and every comment resolved; and the council's check, which publishing waits for or gives a
reason to cut short."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format

from assessments.lifecycle.working_days import add_working_days
from assessments.models import Finding, Report, ReportComment, ReportStatus, Review, ReviewPlan, Stage
from assessments.rules.facts import ReviewFacts


def has_findings(review: Review) -> bool:
    """The one rule for "at least one finding": before stage 5, before the draft goes to the
    council, and before a version is published."""
    return Finding.objects.filter(review=review).exists()


NO_FINDINGS = "The team has not yet recorded any findings."


def _open_comments(review: Review) -> int:
    return ReportComment.objects.filter(report__review=review, resolved_at__isnull=True).count()


def _comments_open(count: int) -> str:
    return f"Resolve the open factual-accuracy comments first ({count} still open)."


def report_step_blocker(review: Review) -> str | None:
    """Why the report cannot take a step now (be sent for checking, taken back, started again or
    published), or None: its steps happen at stage 5 of an open review."""
    if review.closed_at is not None:
        return "The review is closed."
    if review.stage != Stage.REPORT:
        return f"The report moves on at {Stage.REPORT.label}; the review is at {review.get_stage_display()}."
    return None


def publish_blockers(review: Review, facts: ReviewFacts | None = None) -> list[str]:
    """Why the report cannot be published now, in plain words; empty when it can.

    There is one road to publication, for the first version and every later one: at stage 5, with
    the draft out to the council for its factual-accuracy check and every comment resolved. A page
    may pass the ``facts`` it read this request; publishing itself reads the database.
    """
    if review.closed_at is not None:
        return ["The review is closed."]
    problems = [message] if (message := report_step_blocker(review)) else []
    if facts is None:
        status = Report.objects.filter(review=review).values_list("status", flat=True).first()
        findings, comments = has_findings(review), _open_comments(review)
    else:
        status, findings, comments = facts.report_status, facts.has_findings, facts.open_comments
    if status != ReportStatus.FACTUAL_ACCURACY:
        problems.append("The draft has not been sent to the council for its factual-accuracy check.")
    if not findings:
        problems.append(NO_FINDINGS)
    if comments:
        problems.append(_comments_open(comments))
    return problems


def check_due(
    status: str | None, checking_since: datetime.date | None, plan: ReviewPlan
) -> datetime.date | None:
    """The last day of the council's factual-accuracy check, while the draft is out with it: the
    plan's working days from when it was sent (``timeline.comments_due`` reads it from a page's
    facts)."""
    if status != ReportStatus.FACTUAL_ACCURACY or checking_since is None:
        return None
    return add_working_days(checking_since, plan.factual_accuracy_days)


def check_open(review: Review, today: datetime.date | None = None) -> str:
    """Why publishing now would cut the council's factual-accuracy check short, in plain words;
    "" once the council has said it has finished, or its due date has passed. Publishing while
    it is open takes a reason, recorded with the version (``reports.publishing.steps.report_publish``)."""
    report = Report.objects.filter(review=review).first()
    if report is None or report.check_finished_at is not None:
        return ""
    plan = ReviewPlan.objects.filter(review=review).first() or ReviewPlan(review=review)
    due = check_due(report.status, report.checking_since, plan)
    if due is None or (today or timezone.localdate()) > due:
        return ""
    return (
        f"The council's factual-accuracy check is open until {date_format(due, 'l j F Y')}, "
        "and the council has not said it has finished checking."
    )
