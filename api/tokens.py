"""Making, finding and revoking API tokens."""

import datetime
import secrets

from django.db import transaction
from django.utils import timezone

from api.models import PREFIX, ApiToken
from assessments.models import token_hash  # the calendar feed's: one way to keep a secret token
from peerreview.accounts.models import User

DAYS_CHOICES = (30, 90, 180, 365)
# A token's last use is noted at most this often: a script calling every second must not write
# a row each time.
LAST_USED_EVERY = datetime.timedelta(minutes=1)


@transaction.atomic
def api_token_create(*, user: User, name: str, writes: bool, days: int) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the token itself, to be shown once."""
    secret = secrets.token_urlsafe(32)
    token = f"{PREFIX}{secret}"
    row = ApiToken(
        user=user,
        name=" ".join(name.split()),
        token_hash=token_hash(token),
        hint=secret[:6],
        writes=writes,
        expires_on=timezone.localdate() + datetime.timedelta(days=days),
    )
    row.full_clean()
    row.save()
    return row, token


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def api_token_find(token: str) -> ApiToken | None:
    """The usable token ``token`` is, with its person; notes its use."""
    row = ApiToken.objects.usable().select_related("user").filter(token_hash=token_hash(token)).first()
    if row is None:
        return None
    now = timezone.now()
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        row.last_used_at = now
    return row
