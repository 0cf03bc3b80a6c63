"""The review, the people who hold a role on it, and its stage history."""

import datetime
import uuid
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.text import slugify

from assessments.models.belonging import OfAReview
from assessments.models.counting import count_per
from assessments.models.framework import Aspect, Framework
from peerreview.accounts.models import Organisation


class Stage(models.TextChoices):
    SELF_ASSESSMENT = "self_assessment", "Stage 1: Self-Assessment"
    EVIDENCE_REVIEW = "evidence_review", "Stage 2: Evidence Review"
    ON_SITE_REVIEW = "on_site_review", "Stage 3: On-Site Review"
    KEY_FINDINGS = "key_findings", "Stage 4: Presentation of key findings"
    REPORT = "report", "Stage 5: Review Report"
    FOLLOW_UP = "follow_up", "Stage 6: Follow-up support"


class ProtectiveMarking(models.TextChoices):
    OFFICIAL = "OFFICIAL", "OFFICIAL"
    OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE"


class Role(models.TextChoices):
    LEAD_PEER = "lead_peer", "Lead peer"
    PEER = "peer", "Peer"
    REVIEW_MANAGER = "review_manager", "Review manager"
    SPOC = "spoc", "SPOC"
    DEPUTY_SPOC = "deputy_spoc", "Deputy SPOC"
    SENIOR_OFFICER = "senior_officer", "Senior officer"


TEAM_ROLES = frozenset({Role.LEAD_PEER, Role.PEER, Role.REVIEW_MANAGER})
# Each role as it reads in a sentence: "Eilidh Fraser is now the SPOC on this review."
ROLE_IN_A_SENTENCE = {
    Role.LEAD_PEER: "the lead peer",
    Role.PEER: "a peer",
    Role.REVIEW_MANAGER: "a review manager",
    Role.SPOC: "the SPOC",
    Role.DEPUTY_SPOC: "a deputy SPOC",
    Role.SENIOR_OFFICER: "a senior officer",
}
HOST_ROLES = frozenset({Role.SPOC, Role.DEPUTY_SPOC, Role.SENIOR_OFFICER})


class ReviewQuerySet(models.QuerySet["Review"]):
    def open(self) -> "ReviewQuerySet":
        return self.filter(closed_at__isnull=True)

    def free_reference(self, host_name: str, on_site_start: datetime.date | None) -> str:
        """A reference no review has yet, like ``ardlarich-council-2025`` (``-2``, ``-3`` if taken)."""
        year = (on_site_start or timezone.localdate()).year
        base = f"{slugify(host_name)[:60]}-{year}"
        reference, n = base, 1
        while self.filter(reference=reference).exists():
            n += 1
            reference = f"{base}-{n}"
        return reference

    def matching(
        self, *, q: str = "", stage: str = "", year: int | None = None, sort: str = "date"
    ) -> "ReviewQuerySet":
        """The list as a person narrows it: words in the council's name or the reference, a stage
        (or "closed"), the year of the on-site days, and an order."""
        reviews: ReviewQuerySet = self
        if q.strip():
            reviews = reviews.filter(Q(host__name__icontains=q.strip()) | Q(reference__icontains=q.strip()))
        if stage == "closed":
            reviews = reviews.filter(closed_at__isnull=False)
        elif stage:
            reviews = reviews.open().filter(stage=stage)
        if year is not None:
            reviews = reviews.filter(on_site_start__year=year)
        orders = {
            "council": ["host__name", "-on_site_start", "reference"],
            "stage": ["closed_at", "stage_position", "host__name", "reference"],
        }
        if sort == "stage":
            return reviews.annotate(stage_position=_stage_position()).order_by(*orders["stage"])
        return reviews.order_by(*orders.get(sort, ["closed_at", "-on_site_start", "reference"]))

    def with_facts(self) -> "ReviewQuerySet":
        """Annotates what ``assessments.rules.facts.ReviewFacts`` holds, and the
        plan itself, for many reviews in one query."""
        return self.select_related("plan").annotate(**_rows_held(), **_report_and_open_items())

    def with_progress(self) -> "ReviewQuerySet":
        """Annotates ``aspects_total`` and ``aspects_complete`` (rated and described)."""
        # Answers are defined beside the self-assessment, which refers to reviews: found through
        # the app registry, as a string foreign key would be, rather than a circular import.
        AspectResponse = apps.get_model("assessments", "AspectResponse")
        complete = AspectResponse.objects.complete().filter(self_assessment__review=OuterRef("pk"))
        return self.annotate(
            aspects_total=count_per(Aspect.objects.filter(framework=OuterRef("framework")), "framework"),
            aspects_complete=count_per(complete, "self_assessment"),
        )


def _of_review(model: str, path: str = "review", **lookups: Any) -> models.QuerySet[Any]:
    """The rows of the assessments ``model`` that belong, through ``path``, to the outer review.
    Found through the app registry, as a string foreign key would be: the models defined beside
    reviews' parts refer to reviews, and would make a circular import."""
    rows: models.QuerySet[Any] = apps.get_model("assessments", model).objects.all()
    return rows.filter(**{path: OuterRef("pk")}, **lookups)


def _rows_held() -> dict[str, models.Exists]:
    """Whether each review holds each kind of row its facts ask about."""
    people = _of_review("ReviewPerson", removed_at__isnull=True)
    interviews = apps.get_model("assessments", "Interview").objects.scheduled()
    return {
        "fact_self_assessment_submitted": models.Exists(
            _of_review("SelfAssessment", submitted_on__isnull=False)
        ),
        "fact_published": models.Exists(_of_review("ReportVersion", "report__review")),
        "fact_has_actions": models.Exists(_of_review("Action", "finding__review")),
        "fact_has_findings": models.Exists(_of_review("Finding")),
        "fact_has_follow_up": models.Exists(_of_review("Review", "previous")),
        # What the stage machine's guards read: a team to run the review, and the plan of the
        # visit (lines of enquiry and interviews) before it starts.
        "fact_has_lead_peer": models.Exists(people.filter(role=Role.LEAD_PEER)),
        "fact_has_manager": models.Exists(people.filter(role=Role.REVIEW_MANAGER)),
        "fact_has_lines": models.Exists(_of_review("LineOfEnquiry")),
        "fact_has_interviews": models.Exists(interviews.filter(review=OuterRef("pk"))),
    }


def _report_and_open_items() -> dict[str, Any]:
    """Each review's report's status and the start of its check, and how many comments on the
    report and support requests are open."""
    report = _of_review("Report")
    return {
        "fact_report_status": Subquery(report.values("status")[:1]),
        "fact_checking_since": Subquery(report.values("checking_since")[:1]),
        "open_comments": count_per(
            _of_review("ReportComment", "report__review", resolved_at__isnull=True), "report__review"
        ),
        "open_support": count_per(_of_review("SupportRequest", status="open"), "review"),
    }


def _stage_position():
    return models.Case(
        *(models.When(stage=stage, then=models.Value(index)) for index, stage in enumerate(Stage)),
        output_field=models.IntegerField(),
    )


class Review(models.Model):
    reference = models.SlugField(max_length=80, unique=True)
    host = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="reviews")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="reviews")
    protective_marking = models.CharField(
        max_length=32, choices=ProtectiveMarking.choices, default=ProtectiveMarking.OFFICIAL
    )
    # Changed only by assessments.lifecycle.stages, which records every move.
    stage = models.CharField(max_length=32, choices=Stage.choices, default=Stage.SELF_ASSESSMENT)
    on_site_start = models.DateField(null=True, blank=True)
    on_site_end = models.DateField(null=True, blank=True)
    venue = models.CharField(max_length=200, blank=True)
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        help_text="The earlier review of the same council that this one follows up.",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-on_site_start", "reference"]
        # The reviews list's default order (open first, newest on-site days first), a page at a time.
        indexes = [
            models.Index(fields=["closed_at", "-on_site_start", "reference"], name="review_list_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(on_site_end__gte=models.F("on_site_start"))
                | Q(on_site_start__isnull=True)
                | Q(on_site_end__isnull=True),
                name="review_on_site_days_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.host} ({self.reference})"

    @property
    def owning_review_id(self) -> int:
        """A review belongs to itself (see ``assessments.models.belonging``)."""
        return self.pk

    @property
    def year(self) -> int:
        """The year that tells two reviews of one council apart: of the on-site days, or of
        setting the review up before they are known."""
        return (self.on_site_start or self.created_at).year


class ReviewPersonQuerySet(models.QuerySet["ReviewPerson"]):
    def current(self) -> "ReviewPersonQuerySet":
        return self.filter(removed_at__isnull=True)

    def team(self) -> "ReviewPersonQuerySet":
        return self.filter(role__in=TEAM_ROLES)

    def on_reviews_managed_by(self, user) -> "ReviewPersonQuerySet":
        """Roles, past or present, on the reviews where ``user`` is a review manager now."""
        managed = self.model.objects.current().filter(user=user, role=Role.REVIEW_MANAGER).values("review")
        return self.filter(review__in=managed)


class ReviewPerson(OfAReview, models.Model):
    """A person with a role on one review: on the peer review team, or a contact at the host.

    People named in a review need not have an account (a report lists people who never log in);
    ``user`` links the role to an account where there is one. Removing a person keeps the row,
    so that their past work stays attributed.
    """

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(max_length=32, choices=Role.choices)
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Left empty for the council's people: they belong to the council.",
    )
    email = models.EmailField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="review_roles",
    )
    position = models.PositiveIntegerField(default=0)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ReviewPersonQuerySet.as_manager()

    class Meta:
        ordering = ["review_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "user"],
                condition=Q(removed_at__isnull=True, user__isnull=False),
                name="one_current_role_per_user_per_review",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def role_in_a_sentence(self) -> str:
        return ROLE_IN_A_SENTENCE[Role(self.role)]

    @property
    def is_team(self) -> bool:
        return self.role in TEAM_ROLES

    @property
    def organisation_name(self) -> str:
        return self.organisation.name if self.organisation is not None else self.review.host.name


class StageTransition(OfAReview, models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="stage_transitions")
    from_stage = models.CharField(max_length=32, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=32, choices=Stage.choices, blank=True)
    reason = models.TextField(blank=True)
    reopened = models.BooleanField(default=False, help_text="A closed review opened again at to_stage.")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review_id", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.review.reference}: {self.from_stage or 'start'} -> {self.to_stage or 'closed'}"


def new_uid() -> str:
    return f"{uuid.uuid4()}@prevent-peer-review"
