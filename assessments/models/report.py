"""Stage 5: findings, the report's text, factual-accuracy comments and published versions."""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce

from assessments.models.belonging import OfAReview
from assessments.models.fieldwork import LineOfEnquiry
from assessments.models.framework import DeliveryArea
from assessments.models.review import Review
from assessments.models.versioned import Versioned


class FindingKind(models.TextChoices):
    GOOD_PRACTICE = "good_practice", "Good practice"
    IMPROVEMENT = "improvement", "Suggested area of improvement"

    @property
    def heading(self) -> str:
        """How a list of findings of this kind is headed, in the report and on the findings page."""
        return {"good_practice": "Good practice", "improvement": "Suggested areas of improvement"}[self.value]


class FindingQuerySet(models.QuerySet["Finding"]):
    def improvements(self) -> "FindingQuerySet":
        return self.filter(kind=FindingKind.IMPROVEMENT)


class Finding(OfAReview, Versioned):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="findings")
    area = models.ForeignKey(DeliveryArea, on_delete=models.PROTECT, related_name="findings")
    kind = models.CharField(max_length=32, choices=FindingKind.choices)
    aspects = models.JSONField(default=list, blank=True, help_text="Aspect numbers, in the order given.")
    lines_of_enquiry = models.ManyToManyField(LineOfEnquiry, blank=True, related_name="findings")
    text = models.TextField()
    position = models.PositiveIntegerField(default=0, help_text="Order within the review's findings.")

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["review_id", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    FACTUAL_ACCURACY = "factual_accuracy", "Factual accuracy check"
    PUBLISHED = "published", "Published"


class Report(OfAReview, Versioned):
    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="report")
    status = models.CharField(max_length=32, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    published_on = models.DateField(null=True, blank=True)
    checking_since = models.DateField(
        null=True,
        blank=True,
        help_text="When the draft last went to the council for its factual-accuracy check.",
    )
    # The council says it has finished checking the draft out with it (its SPOC or deputy); a new
    # check starts without. Until then, or the check's due date, publishing takes a reason.
    check_finished_at = models.DateTimeField(null=True, blank=True)
    check_finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    context = models.TextField(
        blank=True,
        help_text='Completes "The peer review hosted by <council> is ...", e.g. "the fifth such review ...".',
    )
    executive_summary = models.JSONField(default=list, blank=True, help_text="Paragraphs.")
    key_findings = models.JSONField(default=list, blank=True, help_text="Paragraphs, in order.")
    acknowledgements = models.JSONField(
        null=True,
        blank=True,
        help_text="Paragraphs; empty for the standard text naming the council and its SPOC.",
    )

    class Meta:
        # The good-practice library's order (``reads.library``): the database walks it newest
        # first and stops at a page's end, however many reports the programme has published.
        indexes = [models.Index(fields=["published_on", "review"], name="report_published_order")]

    def __str__(self) -> str:
        return f"Report for {self.review.reference}"


class ReportComment(OfAReview, models.Model):
    """A factual-accuracy comment from the host on one section of the draft, and its resolution."""

    review_via = "report"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    section = models.CharField(max_length=64)
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    resolution = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["report_id", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment on {self.section}"


class ReportVersionQuerySet(models.QuerySet["ReportVersion"]):
    def latest_for(self, review) -> "ReportVersion | None":
        """The review's newest published version, without its PDF bytes; None before the first."""
        return self.filter(report__review=review).defer("pdf", "html", "docx").order_by("-number").first()

    def newest(self) -> "ReportVersionQuerySet":
        """Each report's newest version: the one no later version follows. As a set the database
        makes once (``version__in=``), where "this report's newest" asked row by row cost
        PostgreSQL a subquery run for each row: 120 ms for 5,000 shared findings, unless only a
        page of rows is taken in an index's order (the library's walk)."""
        return self.exclude(models.Exists(ReportVersion.objects.after_outer()))

    def after_outer(self, version: str = "") -> "ReportVersionQuerySet":
        """For a subquery: the versions of the same report numbered after the outer query's
        version, which is its row itself or, with ``version``, the version that field holds."""
        path = f"{version}__" if version else ""
        return self.filter(
            report=models.OuterRef(f"{path}report"), number__gt=models.OuterRef(f"{path}number")
        )


class ReportVersion(OfAReview, models.Model):
    """A published version of the report: its HTML as published, and the PDF rendered from it
    (by a background task, so ``sha256`` is empty until the PDF is ready). Neither changes after."""

    review_via = "report"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    html = models.TextField(blank=True, help_text="The report as published, which the PDF is rendered from.")
    pdf = models.BinaryField(blank=True, default=b"")
    sha256 = models.CharField(max_length=64, blank=True)
    # The Word document, made from the same stored HTML beside the PDF. Versions published before
    # their HTML was stored have none: only their PDF is the record of what was published.
    docx = models.BinaryField(blank=True, default=b"")
    docx_sha256 = models.CharField(max_length=64, blank=True)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Why it was published before the council's check was over (publication.check_open), if it was.
    published_early_because = models.TextField(blank=True)

    objects = ReportVersionQuerySet.as_manager()

    class Meta:
        ordering = ["report_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_version_unique")]

    def __str__(self) -> str:
        return f"Version {self.number}"

    @property
    def pdf_ready(self) -> bool:
        return bool(self.sha256)

    @property
    def has_docx(self) -> bool:
        return bool(self.docx_sha256)


class PublishedFindingQuerySet(models.QuerySet["PublishedFinding"]):
    def improvements(self) -> "PublishedFindingQuerySet":
        return self.filter(kind=FindingKind.IMPROVEMENT)

    def good_practice(self) -> "PublishedFindingQuerySet":
        return self.filter(kind=FindingKind.GOOD_PRACTICE)

    def of_latest_version(self, review: Review) -> "PublishedFindingQuerySet":
        """``review``'s findings as its latest published version words them, in the report's
        order; none before the first version. The council reads findings only through this
        (``assessments.reads.published``), never through the team's live ``Finding`` rows."""
        latest = ReportVersion.objects.newest().filter(report__review=review)
        return self.filter(version__in=latest).order_by("area__position", "position", "pk")

    def actionable(self, review: Review) -> "PublishedFindingQuerySet":
        """What the council may add actions to: the improvements of ``review``'s latest published
        version whose finding still exists. Never a draft."""
        return self.of_latest_version(review).improvements().filter(finding__isnull=False)

    def _unanswered(self) -> "PublishedFindingQuerySet":
        """Actionable improvements (as ``actionable`` says) of any review with no action yet."""
        answered = models.Exists(
            apps.get_model("assessments", "Action").objects.filter(finding=models.OuterRef("finding"))
        )
        return (
            self.improvements()
            .filter(version__in=ReportVersion.objects.newest(), finding__isnull=False)
            .exclude(answered)
            .order_by()
        )

    def unanswered_count(self, review: models.OuterRef) -> Coalesce:
        """How many of ``review``'s actionable improvements have no action yet, as a subquery in a
        query of reviews (``review`` is ``OuterRef("pk")`` there)."""
        counted = (
            self._unanswered()
            .filter(version__report__review=review)
            .values("version__report__review")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return Coalesce(models.Subquery(counted), 0)


class PublishedFinding(OfAReview, models.Model):
    """A finding as one published version worded it: what the council reads and acts on.

    Live ``Finding`` rows are the team's working copy; the council only ever reads these. ``finding``
    links the wording across versions (the same finding in version 1 and version 2), and to the
    council's actions, which answer the finding rather than one version's wording.
    """

    review_via = "version.report"

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="findings")
    finding = models.ForeignKey(
        Finding, on_delete=models.SET_NULL, null=True, blank=True, related_name="published"
    )
    area = models.ForeignKey(DeliveryArea, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=32, choices=FindingKind.choices)
    aspects = models.JSONField(default=list, blank=True)
    text = models.TextField()
    position = models.PositiveIntegerField(default=0)

    objects = PublishedFindingQuerySet.as_manager()

    class Meta:
        ordering = ["version_id", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def plan_actions(self) -> list:
        """The council's actions on this finding (prefetched by ``action_plan``)."""
        return list(self.finding.actions.all()) if self.finding is not None else []
