"""Signing in with the e-mail address and password, as Django's own backend does."""

import functools
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, Q, QuerySet

from peerreview.accounts.models import User


@functools.cache
def _users_with_unread_count() -> QuerySet[User]:
    """Users with the count of their unread notifications, composed once per process (and never
    run itself): every signed-in request loads its user through this."""
    unread = Q(notifications__read_at__isnull=True, notifications__withdrawn_at__isnull=True)
    return User._default_manager.annotate(unread_notifications=Count("notifications", filter=unread))


class AccountBackend(ModelBackend):
    """Django's ``ModelBackend``, but the signed-in user comes with the count of their unread
    notifications (for the header of every page) in the query that loads them, so that no page
    makes a query more for it."""

    def get_user(self, user_id: Any) -> User | None:
        user = _users_with_unread_count().filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class PasskeyBackend(AccountBackend):
    """A passkey's whole sign-in, once django-otp-webauthn has checked the passkey: the user is
    loaded on later requests as ``AccountBackend`` loads them."""

    def authenticate(self, request, webauthn_credential=None, **kwargs: Any) -> User | None:  # type: ignore[override]
        if webauthn_credential is None:
            return None
        user = webauthn_credential.user
        return user if self.user_can_authenticate(user) else None
