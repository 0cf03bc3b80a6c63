"""Stage 6: the host's action plan against the suggested improvements."""

import datetime

from django.conf import settings
from django.db import models

from assessments.models.report import Finding
from assessments.models.versioned import Versioned


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class ActionQuerySet(models.QuerySet):
    def overdue(self, today: datetime.date):
        return self.exclude(status=ActionStatus.DONE).filter(due__lt=today)


class Action(Versioned):
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="actions")
    action = models.TextField()
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
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["finding__position", "due", "pk"]

    def __str__(self) -> str:
        return self.action[:60]

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status != ActionStatus.DONE and self.due < today


class ActionUpdate(models.Model):
    """A dated entry in an action's progress log. The log is append-only."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["action", "at", "pk"]

    def __str__(self) -> str:
        return f"Update on {self.at:%Y-%m-%d}"
