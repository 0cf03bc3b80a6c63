"""Stages 2 to 4: lines of enquiry, stakeholders, the interview schedule, confidential notes and
the presentation of key findings."""

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from assessments.models.belonging import OfAReview
from assessments.models.review import Review, ReviewPerson, new_uid
from assessments.models.versioned import Versioned
from peerreview.accounts.models import Organisation


class LineOfEnquiry(OfAReview, Versioned):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="lines_of_enquiry")
    text = models.TextField()
    aspects = models.JSONField(default=list, blank=True, help_text="Aspect numbers, in the order given.")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["review_id", "position", "pk"]
        verbose_name_plural = "lines of enquiry"

    def __str__(self) -> str:
        return self.text[:60]


class Stakeholder(OfAReview, models.Model):
    """Someone the team interviews; many are recorded by job title only."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField(max_length=200, blank=True)
    job_title = models.CharField(max_length=200)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    email = models.EmailField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["review_id", "position", "pk"]

    def __str__(self) -> str:
        return self.name or self.job_title


class InterviewQuerySet(models.QuerySet["Interview"]):
    def listing(self, stakeholder: "Stakeholder") -> "InterviewQuerySet":
        """The interviews that list ``stakeholder``, cancelled ones too (they stay in the timetable)."""
        return self.filter(interviewee_links__stakeholder=stakeholder).order_by("starts")

    def timetable(self, review: "Review") -> "InterviewQuerySet":
        """``review``'s interviews not cancelled, in timetable order, with who is in each."""
        return (
            self.scheduled()
            .filter(review=review)
            .select_related("review__host")
            .with_attendees()
            .order_by("starts", "location", "pk")
        )

    def with_attendees(self) -> "InterviewQuerySet":
        """With each interview's interviewers, and its interviewees with their organisations: two
        queries however many interviews there are, each link read with what it links to."""
        return self.prefetch_related(
            models.Prefetch("interviewer_links", InterviewInterviewer.objects.select_related("person")),
            models.Prefetch(
                "interviewee_links", InterviewInterviewee.objects.select_related("stakeholder__organisation")
            ),
        )

    def scheduled(self) -> "InterviewQuerySet":
        return self.filter(cancelled_at__isnull=True)

    def on_panel_of(self, user: Any) -> "InterviewQuerySet":
        """The scheduled interviews ``user`` sits on the panel of (a current role)."""
        return (
            self.scheduled()
            .filter(interviewer_links__person__user=user, interviewer_links__person__removed_at__isnull=True)
            .distinct()
        )

    def awaiting_notes_of(
        self, user: Any, now: datetime.datetime | None = None, *, review: Any = None, open_only: bool = False
    ) -> "InterviewQuerySet":
        """The interviews ``user`` sits on the panel of, begun (by ``now``) and not cancelled,
        with no note of theirs yet: on every review (or every open one, with ``open_only``), or
        on ``review`` alone (a review, or an ``OuterRef`` to one in a query of reviews)."""
        # The person's panels as a list the database makes once, not a join (no duplicate rows to
        # make distinct, so a window counts interviews) nor an EXISTS per interview, which SQLite
        # answered by reading all of a peer's roles for each (half a second at 1,000 reviews).
        # For one review, only the person's role there (by its index) is read.
        panels = InterviewInterviewer.objects.filter(person__user=user, person__removed_at__isnull=True)
        if review is not None:  # the person's role on each interview's review (which is ``review``)
            panels = panels.filter(person__review=models.OuterRef("review"))
        if open_only:  # in the list itself: a long-serving peer's closed reviews are most of it
            panels = panels.filter(person__review__closed_at__isnull=True)
        noted = InterviewNote.objects.filter(interview=models.OuterRef("pk"), author=user)
        begun = self.scheduled().filter(starts__lte=now or timezone.now())
        awaiting = begun.filter(pk__in=panels.values("interview")).exclude(models.Exists(noted))
        if open_only:
            awaiting = awaiting.filter(review__closed_at__isnull=True)
        return awaiting if review is None else awaiting.filter(review=review)


class Interview(OfAReview, Versioned):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="interviews")
    starts = models.DateTimeField()
    ends = models.DateTimeField()
    location = models.CharField(max_length=300, help_text="A room, or a link for a remote interview.")
    interviewees = models.ManyToManyField(
        Stakeholder, through="InterviewInterviewee", related_name="interviews"
    )
    interviewers = models.ManyToManyField(
        ReviewPerson, through="InterviewInterviewer", related_name="interviews"
    )
    aspects = models.JSONField(default=list, blank=True, help_text="Aspect numbers, in the order given.")
    lines_of_enquiry = models.ManyToManyField(LineOfEnquiry, blank=True, related_name="interviews")
    # iCalendar: a stable UID and a SEQUENCE raised on every change sent to attendees.
    uid = models.CharField(max_length=120, unique=True, default=new_uid)
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["review_id", "starts", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")), name="interview_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"Interview at {self.starts:%Y-%m-%d %H:%M}"


class InterviewInterviewee(OfAReview, models.Model):
    review_via = "interview"

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="interviewee_links")
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["interview", "stakeholder"], name="interviewee_once")]

    def __str__(self) -> str:
        return f"{self.stakeholder} at {self.interview}"


class InterviewInterviewer(OfAReview, models.Model):
    review_via = "interview"

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="interviewer_links")
    person = models.ForeignKey(ReviewPerson, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["interview", "person"], name="interviewer_once")]

    def __str__(self) -> str:
        return f"{self.person} at {self.interview}"


class InterviewNote(OfAReview, Versioned):
    """An interviewer's confidential notes: the review team's eyes only, never in any report or
    anything the host receives."""

    review_via = "interview"

    # The audit log records that notes changed, not what they say: their words are deleted under
    # the retention rule (``apply_retention``) and must not live on in the log.
    AUDIT_WITHHELD = ("text",)

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["interview_id", "created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["interview", "author"], name="one_note_per_author")]


class Presentation(OfAReview, models.Model):
    """Stage 4: the presentation of key findings to senior council staff."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="presentation")
    date = models.DateField()
    attendees = models.JSONField(default=list, blank=True, help_text="Job titles, in the order given.")

    def __str__(self) -> str:
        return f"Presentation on {self.date:%Y-%m-%d}"
