"""What the service tells each person: kept in the service (a count in the header, a list page)
and e-mailed, at once or in a daily digest, as the person chooses."""

from django.conf import settings
from django.db import models


class NotificationQuerySet(models.QuerySet["Notification"]):
    def shown_to(self, user: object) -> "NotificationQuerySet":
        """The person's own notifications, but those withdrawn since (its reader lost sight of
        what it is about)."""
        return self.filter(user=user, withdrawn_at__isnull=True)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def awaiting_digest(self) -> "NotificationQuerySet":
        return self.filter(emailed_at__isnull=True, withdrawn_at__isnull=True, user__is_active=True)


class Notification(models.Model):
    """One thing one person was told. The caller decides, by the access rules of the moment, that
    its reader may see every word of it; ``topic`` (a review's reference) lets it be withdrawn if
    the reader later loses sight of what it is about."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    topic = models.CharField(max_length=64, db_index=True)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    url = models.CharField(max_length=500, help_text="Where it leads in the service (a path).")
    # Printed on its e-mails, as on every page of what it is about.
    marking = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True, help_text="When its e-mail was queued.")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # What happened, for telling each person once: a stage move, say, is one event however often
    # the code that tells of it runs. "" for notifications that are not of one event.
    event = models.CharField(max_length=100, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event"], condition=~models.Q(event=""), name="notification_once_per_event"
            )
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="inbox_user_newest"),
            models.Index(fields=["user", "read_at"], name="inbox_user_unread"),
            models.Index(fields=["emailed_at"], name="inbox_awaiting_email"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} for {self.user_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
