"""What is true of a review now, read from its own data: what the plan's timeline, the stage
machine's guards and "what needs you" decide by. One review's own queries (``facts_of``), or
annotations made for many reviews at once (``Review.objects.with_facts()``)."""

import datetime
from dataclasses import dataclass

from assessments.models import Review


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
    # Loaded by facts_of (with_progress); None where a list loaded only with_facts().
    aspects_total: int | None = None
    aspects_complete: int | None = None


def facts_of(review: Review) -> ReviewFacts:
    """One review's facts, in one query (the annotations a list of reviews loads)."""
    return facts_from_annotations(Review.objects.with_facts().with_progress().get(pk=review.pk))


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
        aspects_total=getattr(review, "aspects_total", None),
        aspects_complete=getattr(review, "aspects_complete", None),
    )
