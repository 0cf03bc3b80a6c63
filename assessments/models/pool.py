"""The programme's people as a pool to draw review teams and mentors from: what each person
offers (expertise by aspect and delivery area, and whether they may be approached), the dates
they cannot do, and the organisations they have a conflict of interest with.

Nothing more personal is kept here: a person's name, job and organisation are their account's.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from assessments.models.belonging import OfAReview
from assessments.models.follow_up import SupportRequest
from assessments.models.framework import Aspect, DeliveryArea
from peerreview.accounts.models import organisation_key


class PoolProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pool_profile"
    )
    # Expertise against the framework of the day; matched to any review's aspects by number and
    # to its areas by key, so a profile outlives a new framework with the same numbering.
    aspects = models.ManyToManyField(Aspect, blank=True, related_name="+")
    areas = models.ManyToManyField(DeliveryArea, blank=True, related_name="+")
    reviews_consent = models.BooleanField(
        default=False, help_text="They may be approached to be a peer on a review."
    )
    mentoring_consent = models.BooleanField(
        default=False, help_text="They may be approached to mentor a council on an issue or theme."
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Pool profile of user {self.user_id}"


class Unavailability(models.Model):
    """Days someone cannot do (leave, other commitments): they are not suggested for, and cannot
    be put on, a team whose on-site days fall on them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unavailable")
    first_day = models.DateField()
    last_day = models.DateField()

    class Meta:
        ordering = ["user_id", "first_day", "pk"]

    def __str__(self) -> str:
        return f"{self.first_day:%-d %B %Y} to {self.last_day:%-d %B %Y}"

    def clean(self) -> None:
        if self.first_day and self.last_day and self.last_day < self.first_day:
            raise ValidationError({"last_day": "The last day must be the same as or after the first day"})


class DeclaredConflict(models.Model):
    """An organisation someone should not review (a former employer, a shared CONTEST
    partnership), compared by ``organisation_key``, as organisation names are everywhere."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="declared_conflicts"
    )
    organisation_name = models.CharField(max_length=200)
    organisation_key = models.CharField(max_length=200, editable=False)
    reason = models.CharField(max_length=200, help_text="For example: former employer.")

    class Meta:
        ordering = ["user_id", "organisation_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation_key"], name="conflict_once_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_name} ({self.reason})"

    def save(self, *args, **kwargs) -> None:
        self.organisation_key = organisation_key(self.organisation_name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.organisation_name = " ".join(self.organisation_name.split())
        self.organisation_key = organisation_key(self.organisation_name)


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", "Waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class MentoringMatch(OfAReview, models.Model):
    """A council's request for peer-to-peer mentoring matched by a review manager to an expert
    from the pool, who accepts or declines; the outcome is recorded once the mentoring is done."""

    review_via = "support"

    support = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="matches")
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentoring_matches"
    )
    status = models.CharField(max_length=16, choices=MatchStatus.choices, default=MatchStatus.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(
        blank=True, help_text="What the mentoring achieved, as the manager records it."
    )
    outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["support_id", "proposed_at", "pk"]
        constraints = [
            # One live match a request: a declined one makes way for the next.
            models.UniqueConstraint(
                fields=["support"],
                condition=models.Q(status__in=["proposed", "accepted"]),
                name="one_live_match_per_request",
            )
        ]

    def __str__(self) -> str:
        return f"Mentoring match {self.pk} ({self.status})"
