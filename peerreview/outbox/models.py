"""Every e-mail the service sends, kept until it is delivered (or has failed for good)."""

from django.db import models


class OutboundEmail(models.Model):
    """One e-mail to one address. A delivery task sends it at most once: the row says whether it
    has gone (``sent_at``), how often sending was tried, and why it last failed."""

    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    # How to make the link the body leaves out (``peerreview.outbox.links``), as it is sent:
    # a link that lets its holder in is never stored. {} for an e-mail with no such link.
    link = models.JSONField(default=dict, blank=True)
    # [{"filename", "content", "subtype", "params"}]: text attachments, such as calendar files.
    attachments = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True, help_text="Given up after the last retry.")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "outbound e-mail"

    def __str__(self) -> str:
        return f"{self.subject} to {self.to}"

    @property
    def status(self) -> str:
        if self.sent_at is not None:
            return "sent"
        return "failed" if self.failed_at is not None else "waiting"
