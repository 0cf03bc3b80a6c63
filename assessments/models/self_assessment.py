"""Stage 1: the host's self-assessment, and the evidence it rests on."""

from django.conf import settings
from django.db import models

from assessments.models.framework import Aspect, RatingLevel
from assessments.models.review import Review
from assessments.models.versioned import Versioned


class SelfAssessment(models.Model):
    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="self_assessment")
    submitted_on = models.DateField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Self-assessment for {self.review.reference}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_on is not None


class SelfAssessmentReopening(models.Model):
    self_assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="reopenings")
    reason = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"Reopened {self.at:%Y-%m-%d}"


class AspectResponseQuerySet(models.QuerySet):
    def complete(self):
        """Responses with both a rating and a narrative."""
        return self.filter(rating__isnull=False).exclude(narrative="")

    def for_review(self, review):
        return self.filter(self_assessment__review=review).select_related("aspect", "rating", "updated_by")

    def with_evidence(self):
        return self.prefetch_related("evidence_links__evidence")


class AspectResponse(Versioned):
    self_assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="responses")
    aspect = models.ForeignKey(Aspect, on_delete=models.PROTECT, related_name="responses")
    rating = models.ForeignKey(RatingLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    narrative = models.TextField(blank=True)
    evidence = models.ManyToManyField(
        "Evidence", through="ResponseEvidence", related_name="responses", blank=True
    )

    objects = AspectResponseQuerySet.as_manager()

    class Meta:
        ordering = ["self_assessment_id", "aspect__number"]
        constraints = [
            models.UniqueConstraint(fields=["self_assessment", "aspect"], name="one_response_per_aspect")
        ]

    def __str__(self) -> str:
        return f"Response to aspect {self.aspect.number}"

    @property
    def is_complete(self) -> bool:
        return self.rating_id is not None and bool(self.narrative.strip())


class ResponseEvidence(models.Model):
    # An explicit link table so that the order in which evidence was linked is kept.
    response = models.ForeignKey(AspectResponse, on_delete=models.CASCADE, related_name="evidence_links")
    evidence = models.ForeignKey("Evidence", on_delete=models.CASCADE, related_name="response_links")

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["response", "evidence"], name="evidence_linked_once")]

    def __str__(self) -> str:
        return f"{self.evidence.key} for {self.response}"


class EvidenceQuerySet(models.QuerySet):
    def current(self):
        return self.filter(removed_at__isnull=True)


class Evidence(models.Model):
    """A document the host offers in support of its self-assessment.

    Files are kept as versions (``EvidenceFile``); uploading a new one keeps the old. Removing
    evidence is recorded, not a deletion.
    """

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="evidence")
    key = models.CharField(max_length=32, help_text="Short reference, unique within the review, e.g. E1.")
    title = models.CharField(max_length=300)
    filename = models.CharField(max_length=255, blank=True, help_text="Original name of the current file.")
    aspects = models.JSONField(default=list, blank=True, help_text="Aspect numbers, in the order given.")
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["review_id", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["review", "key"], name="evidence_key_unique")]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return f"{self.key}: {self.title}"


class EvidenceFileQuerySet(models.QuerySet):
    def bytes_for(self, review) -> int:
        """Everything stored for ``review``'s evidence, every version and removed documents too."""
        return self.filter(evidence__review=review).aggregate(total=models.Sum("size"))["total"] or 0


class EvidenceFile(models.Model):
    """One uploaded version of an evidence document, stored privately under a random name."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="files")
    number = models.PositiveIntegerField()
    stored_name = models.CharField(max_length=100, unique=True)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = EvidenceFileQuerySet.as_manager()

    class Meta:
        ordering = ["evidence_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["evidence", "number"], name="evidence_file_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.original_name} (version {self.number})"
