"""When a role may act: the states of a review the access table (``access.RULES``) names, in
terms of its stage, its report's status, whether its self-assessment is submitted and whether it
is closed. Each one's docstring is the phrase docs/access.md uses for it (a test keeps the two in
step)."""

from collections.abc import Callable

from django.db.models import Exists, OuterRef, Q

from assessments.models import AspectResponse, Evidence, ReportStatus, ReportVersion, Review, Stage
from assessments.rules import facts

Condition = Callable[[Review], bool]


def _report_status(review: Review) -> str | None:
    report = getattr(review, "report", None)
    return None if report is None else report.status


def _is_open(review: Review) -> bool:
    return review.closed_at is None


def _self_assessment_submitted(review: Review) -> bool:
    sa = getattr(review, "self_assessment", None)
    return sa is not None and sa.is_submitted


def has_published_version(review: Review) -> bool:
    """Whether any version of the report has been published (cached on the instance)."""
    if facts.PUBLISHED not in review.__dict__:
        review.__dict__[facts.PUBLISHED] = ReportVersion.objects.filter(report__review=review).exists()
    published: bool = review.__dict__[facts.PUBLISHED]
    return published


def always(review: Review) -> bool:
    """yes"""
    return True


def while_open(review: Review) -> bool:
    """while open"""
    return _is_open(review)


def in_factual_accuracy(review: Review) -> bool:
    """during factual accuracy"""
    return _report_status(review) == ReportStatus.FACTUAL_ACCURACY


def in_factual_accuracy_while_open(review: Review) -> bool:
    """during factual accuracy, while open"""
    return _is_open(review) and in_factual_accuracy(review)


def self_assessment_open(review: Review) -> bool:
    """until submitted, while open"""
    return _is_open(review) and not _self_assessment_submitted(review)


def self_assessment_reopenable(review: Review) -> bool:
    """once submitted, at stages 1-2, while open"""
    return (
        _is_open(review)
        and _self_assessment_submitted(review)
        and review.stage in (Stage.SELF_ASSESSMENT, Stage.EVIDENCE_REVIEW)
    )


def until_published_while_open(review: Review) -> bool:
    """until published, while open"""
    return _is_open(review) and _report_status(review) != ReportStatus.PUBLISHED


def at_report_stage_while_open(review: Review) -> bool:
    """at stage 5, while open"""
    return _is_open(review) and review.stage == Stage.REPORT


def once_published_while_open(review: Review) -> bool:
    """once published, while open"""
    return _is_open(review) and has_published_version(review)


def from_key_findings(review: Review) -> bool:
    """from stage 4"""
    return review.stage in (Stage.KEY_FINDINGS, Stage.REPORT, Stage.FOLLOW_UP)


def at_follow_up(review: Review) -> bool:
    """at stage 6"""
    return review.stage == Stage.FOLLOW_UP


def set_up_by_mistake(review: Review) -> bool:
    """at stage 1 with nothing answered or uploaded, while open"""
    if not _is_open(review) or review.stage != Stage.SELF_ASSESSMENT:
        return False
    if facts.STARTED not in review.__dict__:  # one query, or none where facts_of has read it
        answered = Exists(AspectResponse.objects.filter(self_assessment__review=OuterRef("pk")))
        uploaded = Exists(Evidence.objects.filter(review=OuterRef("pk")))
        review.__dict__[facts.STARTED] = Review.objects.filter(answered | uploaded, pk=review.pk).exists()
    started: bool = review.__dict__[facts.STARTED]
    return not started


def on_a_follow_up(review: Review) -> bool:
    """on a follow-up review"""
    return review.previous_id is not None


def once_closed(review: Review) -> bool:
    """once closed"""
    return not _is_open(review)


def _published() -> Exists:
    return Exists(ReportVersion.objects.filter(report__review=OuterRef("pk")))


# The same conditions as filters on reviews, for a page that asks of many reviews at once in one
# query ("what needs you"); a test holds each to its Python form in every state of a review.
AS_SQL: dict[Condition, Callable[[], Q]] = {
    always: Q,
    while_open: lambda: Q(closed_at__isnull=True),
    once_published_while_open: lambda: Q(_published(), closed_at__isnull=True),
}
