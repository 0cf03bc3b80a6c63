"""What is true of a review now, read from its own data: what the plan's timeline, the stage
machine's guards and "what needs you" decide by. One review's own queries (``facts_of``), or
annotations made for many reviews at once (``Review.objects.with_facts()``)."""

import datetime
from dataclasses import dataclass

from assessments.models import Action, Finding, Report, ReportVersion, Review, SelfAssessment


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


def facts_of(review: Review) -> ReviewFacts:
    report = Report.objects.filter(review=review).first()
    return ReviewFacts(
        stage=review.stage,
        closed=review.closed_at is not None,
        self_assessment_submitted=SelfAssessment.objects.filter(
            review=review, submitted_on__isnull=False
        ).exists(),
        published=ReportVersion.objects.filter(report__review=review).exists(),
        has_actions=Action.objects.filter(finding__review=review).exists(),
        has_follow_up=review.follow_ups.exists(),
        report_status=report.status if report else None,
        checking_since=report.checking_since if report else None,
        has_findings=Finding.objects.filter(review=review).exists(),
    )


def facts_from_annotations(review: Review) -> ReviewFacts:
    """The facts of a review loaded by ``Review.objects.with_facts()``."""
    return ReviewFacts(
        stage=review.stage,
        closed=review.closed_at is not None,
        self_assessment_submitted=review.fact_self_assessment_submitted,  # type: ignore[attr-defined]
        published=review.fact_published,  # type: ignore[attr-defined]
        has_actions=review.fact_has_actions,  # type: ignore[attr-defined]
        has_follow_up=review.fact_has_follow_up,  # type: ignore[attr-defined]
        report_status=review.fact_report_status,  # type: ignore[attr-defined]
        checking_since=review.fact_checking_since,  # type: ignore[attr-defined]
        has_findings=review.fact_has_findings,  # type: ignore[attr-defined]
    )
