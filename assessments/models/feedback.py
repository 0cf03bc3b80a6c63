"""The council's feedback on the review itself: how useful each stage was, and what to change.
The answers belong to the programme: only its review managers read them, in aggregate."""

from django.conf import settings
from django.db import models

from assessments.models.belonging import OfAReview
from assessments.models.review import Review

USEFULNESS = [
    (1, "Not at all useful"),
    (2, "Slightly useful"),
    (3, "Moderately useful"),
    (4, "Very useful"),
    (5, "Extremely useful"),
]


class ReviewFeedback(OfAReview, models.Model):
    """One host contact's answers: ``ratings`` maps each stage (its value) to 1-5."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="feedback")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ratings = models.JSONField(default=dict)
    to_change = models.TextField("what to change", blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["review", "respondent"], name="feedback_once_each")]

    def __str__(self) -> str:
        return f"Feedback on {self.review_id}"


class FeedbackReminderSent(OfAReview, models.Model):
    """The one reminder a host contact gets, two weeks after the invitation."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="feedback_reminder_once")]

    def __str__(self) -> str:
        return f"Feedback reminder to {self.user_id}"
