"""Learning across the programme: a council's agreement to share its good practice with other
councils, and its SPOC's agreement to be asked about it."""

from django.conf import settings
from django.db import models

from assessments.models.belonging import OfAReview
from assessments.models.report import Finding
from assessments.models.review import Review


class SharingConsent(OfAReview, models.Model):
    """The council agrees to share one good-practice finding with other councils, in the wording
    of its published report. No row: not shared, the default."""

    review_via = "finding"

    finding = models.OneToOneField(Finding, on_delete=models.CASCADE, related_name="sharing_consent")
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    given_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Shared: {self.finding}"


class SpocContact(OfAReview, models.Model):
    """The SPOC agrees that other councils may e-mail them about the good practice shared."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="spoc_contact")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    agreed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user} may be contacted"
