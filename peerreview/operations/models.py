from django.db import models


class WorkerHeartbeat(models.Model):
    """A task worker's latest sign of life, written by the worker itself every
    ``HEARTBEAT_SECONDS`` (``peerreview.operations.heartbeat``); the readiness check reads it."""

    worker = models.CharField(max_length=100, unique=True)
    seen_at = models.DateTimeField()

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"{self.worker} at {self.seen_at:%Y-%m-%d %H:%M:%S}"
