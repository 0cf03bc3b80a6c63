"""A review's plan: the dates its work is due, proposed from the programme's defaults."""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from assessments.models.belonging import OfAReview
from assessments.models.review import Review

# Work is "Due" from this many days before its date (the plan's warning window) and "Not yet due"
# before then, on every page; the action reminders warn from the same day.
WARNING_DAYS = 14
OVERDUE, DUE, NOT_YET_DUE, TO_DO = "overdue", "due", "not yet due", "to do"


def due_state(date: datetime.date | None, today: datetime.date) -> str:
    """Work not yet done, by its date: overdue once passed, due within the warning window, not
    yet due before it; "to do" with no date. The one rule every page and reminder says it by."""
    if date is None:
        return TO_DO
    if date < today:
        return OVERDUE
    return DUE if date <= today + datetime.timedelta(days=WARNING_DAYS) else NOT_YET_DUE


# The plan's dates in the order the work happens, with how the review page names them.

PLAN_DATES = {
    "self_assessment_due": "Self-assessment due",
    "evidence_due": "Evidence pack due",
    "key_findings_on": "Key findings presented",
    "draft_report_due": "Draft report due",
    "publication_due": "Report published",
    "action_plan_due": "Action plan due",
    "progress_review_on": "Progress review",
}


class ReviewPlan(OfAReview, models.Model):
    """When each part of a review is due. A review manager may change any date; an empty date is
    not planned. The factual-accuracy window is counted in Scottish working days from the day
    the draft goes to the council."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="plan")
    self_assessment_due = models.DateField(null=True, blank=True)
    evidence_due = models.DateField(null=True, blank=True)
    key_findings_on = models.DateField(null=True, blank=True)
    draft_report_due = models.DateField(null=True, blank=True)
    factual_accuracy_days = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    publication_due = models.DateField(null=True, blank=True)
    action_plan_due = models.DateField(null=True, blank=True)
    progress_review_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Plan for {self.review.reference}"
