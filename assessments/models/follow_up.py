"""Stage 6: the host's action plan against the suggested improvements."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from assessments.models.belonging import OfAReview
from assessments.models.plan import DUE, OVERDUE, due_state
from assessments.models.report import Finding
from assessments.models.review import Review
from assessments.models.versioned import Versioned


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class ActionQuerySet(models.QuerySet["Action"]):
    def overdue(self, today: datetime.date) -> "ActionQuerySet":
        return self.exclude(status=ActionStatus.DONE).filter(due__lt=today)

    def with_progress(self) -> "ActionQuerySet":
        """With each action's progress log, each entry read with who wrote it: one query."""
        return self.prefetch_related(models.Prefetch("updates", ActionUpdate.objects.select_related("by")))


class Action(OfAReview, Versioned):
    review_via = "finding"

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(help_text="What will be done.")
    owner = models.CharField(max_length=200, help_text="A person or a named role.")
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_actions",
    )
    due = models.DateField()
    status = models.CharField(max_length=32, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    completed_on = models.DateField(
        null=True,
        blank=True,
        help_text="When it was marked done in the service; empty before, or if not done.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["finding__position", "due", "pk"]

    def __str__(self) -> str:
        return self.description[:60]

    def mark_completion(self, today: datetime.date) -> None:
        """Dates the action done today as it becomes done; undates it if it is not done."""
        if self.status != ActionStatus.DONE:
            self.completed_on = None
        elif self.completed_on is None:
            self.completed_on = today

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status != ActionStatus.DONE and self.due < today

    @property
    def overdue(self) -> bool:
        """Overdue as of today in the service's time zone (for pages and documents)."""
        return self.is_overdue(timezone.localdate())

    @property
    def due_tag(self) -> str:
        """ "overdue" or "due" (``due_state``) while not done; "" otherwise."""
        state = due_state(self.due, timezone.localdate())
        return state if self.status != ActionStatus.DONE and state in (OVERDUE, DUE) else ""


class ActionUpdate(OfAReview, models.Model):
    """A dated entry in an action's progress log. The log is append-only."""

    review_via = "action.finding"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["action_id", "at", "pk"]

    def __str__(self) -> str:
        return f"Update on {self.at:%Y-%m-%d}"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Due within 14 days"
    OVERDUE = "overdue", "Overdue"


class ReminderSent(OfAReview, models.Model):
    """Remembers each reminder sent, so that a daily run never sends the same one twice."""

    review_via = "action.finding"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    due = models.DateField(
        help_text="The due date the reminder was about; a new due date may be reminded again."
    )
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "due", "kind"], name="reminder_once_per_due_date")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder for {self.due}"


class SupportKind(models.TextChoices):
    SPOC_NETWORK = "spoc_network", "SPOC network"
    MENTORING = "mentoring", "Peer-to-peer mentoring"
    KNOWLEDGE_HUB = "knowledge_hub", "SPOC knowledge hub"
    FURTHER_REVIEW = "further_review", "Further peer review"


class SupportStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    CLOSED = "closed", "Closed"


class SupportRequest(OfAReview, models.Model):
    """The host asks for the further support the programme offers."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="support_requests")
    kind = models.CharField(max_length=32, choices=SupportKind.choices)
    description = models.TextField()
    aspects = models.JSONField(default=list, blank=True, help_text="Aspect numbers the request is about.")
    status = models.CharField(max_length=16, choices=SupportStatus.choices, default=SupportStatus.OPEN)
    note = models.TextField(blank=True, help_text="The review manager's note on how it is being handled.")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "pk"]
        # The national overview's open requests, oldest first, a page at a time.
        indexes = [models.Index(fields=["status", "requested_at"], name="support_by_status_oldest")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.review.reference}"
