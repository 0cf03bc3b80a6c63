"""Stage 1: the host's self-assessment, and the evidence it rests on."""

from django.conf import settings
from django.db import models

from assessments.models.belonging import OfAReview
from assessments.models.framework import Aspect, RatingLevel
from assessments.models.review import Review
from assessments.models.versioned import Versioned


class SelfAssessment(OfAReview, models.Model):
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


class SelfAssessmentReopening(OfAReview, models.Model):
    review_via = "self_assessment"

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


class AspectResponseQuerySet(models.QuerySet["AspectResponse"]):
    def complete(self) -> "AspectResponseQuerySet":
        """Responses with both a rating and a narrative."""
        return self.filter(rating__isnull=False).exclude(narrative="")

    def for_review(self, review: Review) -> "AspectResponseQuerySet":
        return self.filter(self_assessment__review=review).select_related("aspect", "rating", "updated_by")

    def incomplete_aspects(self, review: Review) -> list[Aspect]:
        """``review``'s aspects not yet rated and described, in the framework's order."""
        complete = set(
            self.complete().filter(self_assessment__review=review).values_list("aspect_id", flat=True)
        )
        return [aspect for aspect in review.framework.aspects.all() if aspect.pk not in complete]

    def of_aspect(self, review: Review, number: int) -> "AspectResponse | None":
        """``review``'s answer to aspect ``number``, if it has one (one row, not fourteen)."""
        return self.for_review(review).filter(aspect__number=number).first()

    def by_aspect(self, review: Review) -> dict[int, "AspectResponse"]:
        """``review``'s self-assessment answers keyed by aspect number."""
        return {response.aspect.number: response for response in self.for_review(review)}


class AspectResponse(OfAReview, Versioned):
    review_via = "self_assessment"

    self_assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="responses")
    aspect = models.ForeignKey(Aspect, on_delete=models.PROTECT, related_name="responses")
    rating = models.ForeignKey(RatingLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    narrative = models.TextField(blank=True)

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


class EvidenceQuerySet(models.QuerySet["Evidence"]):
    def current(self) -> "EvidenceQuerySet":
        return self.filter(removed_at__isnull=True)

    def with_aspects(self) -> "EvidenceQuerySet":
        """Each document with its aspect links, for ``Evidence.aspect_numbers``."""
        return self.prefetch_related(
            models.Prefetch("aspect_links", queryset=EvidenceAspect.objects.select_related("aspect"))
        )


class Evidence(OfAReview, models.Model):
    """A document the host offers in support of its self-assessment.

    Files are kept as versions (``EvidenceFile``); uploading a new one keeps the old. Removing
    evidence is recorded, not a deletion.
    """

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="evidence")
    key = models.CharField(max_length=32, help_text="Short reference, unique within the review, e.g. E1.")
    title = models.CharField(max_length=300)
    filename = models.CharField(max_length=255, blank=True, help_text="Original name of the current file.")
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

    @property
    def aspect_numbers(self) -> list[int]:
        """The aspects this document supports, in the order they were linked."""
        return [link.aspect.number for link in self.aspect_links.all()]


class EvidenceAspectQuerySet(models.QuerySet["EvidenceAspect"]):
    def current_for(self, review: Review) -> "EvidenceAspectQuerySet":
        """The links of ``review``'s documents that are not removed, each with both ends."""
        return self.filter(evidence__review=review, evidence__removed_at__isnull=True).select_related(
            "evidence", "aspect"
        )

    def of_aspect(self, review: Review, number: int) -> list["Evidence"]:
        """The documents supporting aspect ``number`` of ``review``, in the evidence list's order."""
        links = self.current_for(review).filter(aspect__number=number)
        return [link.evidence for link in links.order_by("evidence__position", "evidence_id")]

    def by_aspect(self, review: Review) -> dict[int, list["Evidence"]]:
        """Aspect number to the documents supporting it, in the evidence list's order."""
        supporting: dict[int, list[Evidence]] = {}
        for link in self.current_for(review).order_by("evidence__position", "evidence_id"):
            supporting.setdefault(link.aspect.number, []).append(link.evidence)
        return supporting


class EvidenceAspect(OfAReview, models.Model):
    """One document supporting one aspect: the only link between evidence and aspects.

    The evidence page, each aspect's page, "check your answers", the evidence review and the
    exchange format all read and change these rows, so a tag made on one is the tag shown on the
    others. Links belong to the document, not to an answer: a document can support an aspect
    nobody has answered yet.
    """

    review_via = "evidence"

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="aspect_links")
    aspect = models.ForeignKey(Aspect, on_delete=models.PROTECT, related_name="evidence_links")

    objects = EvidenceAspectQuerySet.as_manager()

    class Meta:
        ordering = ["evidence_id", "pk"]  # the order the links were made in
        constraints = [
            models.UniqueConstraint(fields=["evidence", "aspect"], name="evidence_aspect_linked_once")
        ]

    def __str__(self) -> str:
        return f"{self.evidence.key} supports aspect {self.aspect.number}"


class EvidenceFileQuerySet(models.QuerySet["EvidenceFile"]):
    def bytes_for(self, review: Review) -> int:
        """Everything stored for ``review``'s evidence, every version and removed documents too."""
        return self.filter(evidence__review=review).aggregate(total=models.Sum("size"))["total"] or 0


class ScanStatus(models.TextChoices):
    NOT_SCANNED = "not_scanned", "Not scanned"  # no scanner configured, or uploaded before one was
    PENDING = "pending", "Being checked for viruses"
    CLEAN = "clean", "Checked: no virus found"
    INFECTED = "infected", "Virus found: withheld"
    FAILED = "failed", "Could not be checked: withheld"


class EvidenceFile(OfAReview, models.Model):
    """One uploaded version of an evidence document, stored privately under a random name, and
    what the virus scanner said of it (``assessments.files.scanning``)."""

    review_via = "evidence"

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
    scan = models.CharField(max_length=16, choices=ScanStatus.choices, default=ScanStatus.NOT_SCANNED)
    scanned_at = models.DateTimeField(null=True, blank=True)
    scan_found = models.CharField(max_length=200, blank=True, help_text="The signature found, if any.")
    scan_attempts = models.PositiveSmallIntegerField(default=0)

    objects = EvidenceFileQuerySet.as_manager()

    class Meta:
        ordering = ["evidence_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["evidence", "number"], name="evidence_file_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.original_name} (version {self.number})"
