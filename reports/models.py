"""Rendered documents kept so that a repeat download costs no render (``reports.documents.pdf_cache``)."""

from django.db import models

from assessments.models import Review


class RenderedPDF(models.Model):
    """The latest PDF of one kind of document of a review, with the key of everything that
    decided its bytes: the HTML, the stylesheets it links and the rendering engine with its
    fonts. A download whose key matches is served these bytes; any other renders again and
    takes its place. Kept beside the review it was made from, and deleted with it. Not in
    backups: it is made again from what is."""

    class Kind(models.TextChoices):
        DRAFT_REPORT = "draft_report", "Draft report"
        HANDOUT = "handout", "Key findings handout"
        TIMETABLE = "timetable", "Interview timetable"
        ACTION_PLAN = "action_plan", "Action plan"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    key = models.CharField(max_length=64)  # SHA-256, hexadecimal
    pdf = models.BinaryField()
    rendered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "kind"], name="one_rendered_pdf_per_kind")]
        verbose_name = "rendered PDF"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of review {self.review_id}"
