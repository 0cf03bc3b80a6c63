from typing import Any

from django.conf import settings
from django.db import models


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_review(self, review: Any) -> "AuditEventQuerySet":
        return self.filter(review_id=review.pk).select_related("user")


class AuditEvent(models.Model):
    """One thing that happened, kept for good: rows are only ever added. Python refuses to change
    or delete one; on PostgreSQL the database refuses too, whatever the client."""

    class Kind(models.TextChoices):
        CREATE = "create", "Created"
        CHANGE = "change", "Changed"
        DELETE = "delete", "Deleted"
        LOGIN = "login", "Signed in"
        LOGIN_FAILED = "login_failed", "Failed sign-in"
        DENIED = "denied", "Permission denied"
        DOWNLOAD = "download", "Downloaded"
        TWO_FACTOR = "two_factor", "Two-factor authentication"
        SESSIONS_ENDED = "sessions_ended", "Sessions ended"
        RETENTION = "retention", "Deleted under the retention rule"
        RESTORE = "restore", "Restored from a backup"
        UPLOAD = "upload", "Uploaded"
        PASSWORD = "password", "Password set"
        RIGHTS = "rights", "Rights changed"
        API = "api", "API call"

    at = models.DateTimeField(auto_now_add=True, db_index=True)  # stored in UTC (USE_TZ)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # Who acted, kept even once their account is gone: setting it to null would change the row,
    # which the database refuses on PostgreSQL (a trigger, migration 0005).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    review_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    address = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        # A review's audit trail, newest first, a page at a time.
        indexes = [models.Index(fields=["review_id", "-at", "-id"], name="audit_review_newest")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_type} {self.object_id}".strip()

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are never deleted")
