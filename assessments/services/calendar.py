"""A person's calendar feed address: made (or made again, which stops the old one working), and
found again from the token in it."""

import secrets

from django.db import transaction
from django.utils import timezone

from assessments.models import CalendarFeed, token_hash
from peerreview.accounts.models import User


@transaction.atomic
def calendar_feed_reset(*, user: User) -> str:
    """A new secret token for ``user``'s feed; the one before, if any, stops working. Only its
    hash is stored: the caller shows the token once."""
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first() or CalendarFeed(user=user)
    feed.token_hash = token_hash(token)
    feed.full_clean()
    feed.save()
    return token


def calendar_feed_owner(token: str) -> User | None:
    """The active person whose feed ``token`` opens, or None; notes when it was read (without an
    audit event: a calendar program reads it every hour)."""
    feed = CalendarFeed.objects.select_related("user").filter(token_hash=token_hash(token)).first()
    if feed is None or not feed.user.is_active:
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=timezone.now())
    return feed.user
