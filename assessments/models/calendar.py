"""A person's calendar feed: the secret address their calendar program subscribes to. Only a
hash of the address's token is kept, so the database alone cannot be used to read anyone's
calendar; the person sees the address once, when it is made, and may make a new one at any
time, which stops the old one working."""

import hashlib

from django.conf import settings
from django.db import models


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)
    last_read_at = models.DateTimeField(null=True, blank=True)

    AUDIT_WITHHELD = ("token_hash",)  # the audit log records that a new address was made, not it

    def __str__(self) -> str:
        return f"Calendar feed of user {self.user_id}"
