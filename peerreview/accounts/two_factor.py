"""Two-factor authentication: who must use it, and the gate that sends them to it.

Review managers, administrators and anyone on a peer review team must confirm each sign-in with a
code from an authenticator app (TOTP, through django-otp). Host council users may choose to. A
user who has set an app up is always asked for a code, whether or not they must have one.

For a user who needs no second step, the answer is kept in their session for a few minutes, so
that council pages do not pay a query for it on every request; someone added to a review team
mid-session is sent to set up an app within ``RECHECK_SECONDS``.
"""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models import Exists, OuterRef
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerreview.accounts.models import User

RECHECK_SECONDS = 300
_CLEAR_UNTIL = "two_factor_clear_until"

# Pages a signed-in user can reach before the second step: the step itself, signing out, and the
# service's statements.
OPEN_BEFORE_SECOND_STEP = {
    "accounts:two_factor_verify",
    "accounts:two_factor_setup",
    "accounts:logout",
    "accessibility",
    "privacy",
}


def two_factor_standing(user) -> tuple[bool, bool]:
    """``(has_app, must_have_app)`` for ``user``, in one query."""
    from assessments.models import ReviewPerson

    has_app, on_team = (
        User.objects.filter(pk=user.pk)
        .annotate(
            has_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            on_team=Exists(ReviewPerson.objects.current().team().filter(user=OuterRef("pk"))),
        )
        .values_list("has_app", "on_team")
        .get()
    )
    must = settings.TWO_FACTOR_REQUIRED and (user.is_review_manager or user.is_staff or on_team)
    return has_app, must


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def second_step(request, user) -> str | None:
    """The page ``user`` must pass before any other ("verify" or "setup"), or None, noting a
    clear answer in the session for ``RECHECK_SECONDS``."""
    if user.is_verified():
        return None
    return _step_for(request, user)


def _step_for(request, user) -> str | None:
    if (user.is_review_manager or user.is_staff) and settings.TWO_FACTOR_REQUIRED:
        request.session.pop(_CLEAR_UNTIL, None)
    elif request.session.get(_CLEAR_UNTIL, 0) > time.time():
        return None
    has_app, must_have_app = two_factor_standing(user)
    if has_app:
        return "accounts:two_factor_verify"
    if must_have_app:
        return "accounts:two_factor_setup"
    request.session[_CLEAR_UNTIL] = time.time() + RECHECK_SECONDS
    return None


@receiver(user_logged_in)
def _standing_at_sign_in(sender, request, user, **kwargs):
    # Asked once while signing in, so that the next pages need not ask.
    if request is not None and hasattr(request, "session"):
        _step_for(request, user)


class TwoFactorMiddleware:
    """Sends a signed-in user who has not given a code to the second step, before any page that
    holds review data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated or request.resolver_match.view_name in OPEN_BEFORE_SECOND_STEP:
            return None
        step = second_step(request, request.user)
        if step is None:
            return None
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
