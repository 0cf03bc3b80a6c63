"""A person's API tokens. Only a hash of each is kept: the person sees a token once, when it is
made. A token acts as its person, under their roles, with no more than they have; a read-only
token cannot write even where they could."""

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX = "ppr_"  # tells a leaked token apart in logs and secret scanners


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> "ApiTokenQuerySet":
        """Tokens that work today: not revoked, not expired, of an active person."""
        return self.filter(
            revoked_at__isnull=True, expires_on__gte=timezone.localdate(), user__is_active=True
        )


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, like “Pentana sync”.")
    token_hash = models.CharField(max_length=64, unique=True)
    # The token's first characters after its prefix, to tell tokens apart in the list.
    hint = models.CharField(max_length=8)
    writes = models.BooleanField(default=False, help_text="May change what its person may change.")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_on = models.DateField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    AUDIT_WITHHELD = ("token_hash",)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"API token “{self.name}” of user {self.user_id}"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_on >= timezone.localdate()
