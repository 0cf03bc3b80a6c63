"""Two-factor authentication: who must use it, and the gate that sends them to it.

Review managers, administrators and anyone on a peer review team must confirm each sign-in with a
code from an authenticator app (TOTP, through django-otp) or a passkey (WebAuthn, through
django-otp-webauthn). Host council users may choose to. A
user who has set an app up is always asked for a code, whether or not they must have one.

A user who has not given a code is asked on every request whether they now must (one query), so
that someone given a team role mid-session is sent to set up an app on their next request: a
password-only session never reads a team's notes or drafts.
"""

import functools

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.module_loading import import_string
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from peerreview.accounts.models import User

# Pages a signed-in user can reach before the second step: the step itself, signing out, and the
# service's statements.
OPEN_BEFORE_SECOND_STEP = {
    "accounts:two_factor_verify",
    "accounts:two_factor_recovery",
    "accounts:two_factor_setup",
    "accounts:two_factor_email",
    "accounts:two_factor_link",
    "accounts:passkey_add",
    "accounts:logout",
    # A passkey's ceremonies: the second step itself, and adding a first one (after the e-mail
    # proof: accounts.passkey_views).
    "otp_webauthn:credential-authentication-begin",
    "otp_webauthn:credential-authentication-complete",
    "otp_webauthn:credential-registration-begin",
    "otp_webauthn:credential-registration-complete",
    "otp_webauthn:js-i18n-catalog",
    "accessibility",
    "privacy",
}


@functools.cache
def _standing_of_users(also_required_for: str) -> QuerySet:
    """Every user's ``(has_app, required_by_apps)``, composed once per process and never run
    itself: composing its three subqueries took the ORM over a millisecond on every request of
    a user who has not given a code, a hundred times what the database took to answer."""
    also_required = import_string(also_required_for)
    return User.objects.annotate(
        has_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
        | Exists(WebAuthnCredential.objects.filter(user=OuterRef("pk"), confirmed=True)),
        required_by_apps=also_required(OuterRef("pk")),
    ).values_list("has_app", "required_by_apps")


def two_factor_standing(user) -> tuple[bool, bool]:
    """``(has_app, must_have_app)`` for ``user``, in one query. An app is an authenticator app
    or a passkey: either confirms a sign-in."""
    has_app, required_by_apps = _standing_of_users(settings.TWO_FACTOR_ALSO_REQUIRED_FOR).get(pk=user.pk)
    must = settings.TWO_FACTOR_REQUIRED and (user.is_review_manager or user.is_staff or required_by_apps)
    return has_app, must


def standing_for(request) -> tuple[bool, bool]:
    """``two_factor_standing`` of the signed-in user, read once a request: the middleware asks
    it before the account pages do, and nothing the request does first changes it."""
    if not hasattr(request, "two_factor_standing"):
        request.two_factor_standing = two_factor_standing(request.user)
    standing: tuple[bool, bool] = request.two_factor_standing
    return standing


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def second_step(request) -> str | None:
    """The page the signed-in user must pass before any other ("verify" or "setup"), or None."""
    if request.user.is_verified():
        return None
    has_app, must_have_app = standing_for(request)
    if has_app:
        return "accounts:two_factor_verify"
    if must_have_app:
        return "accounts:two_factor_setup"
    return None


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
        step = second_step(request)
        if step is None:
            return None
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")


# The kinds of way to confirm a sign-in a person may keep, by the name pages use for them.
SIGN_IN_WAYS = {"app": TOTPDevice, "passkey": WebAuthnCredential}


SignInWay = tuple[str, TOTPDevice | WebAuthnCredential]  # (kind, device)


def sign_in_ways(user) -> list[SignInWay]:
    """``(kind, device)`` for each confirmed app and passkey ``user`` keeps, oldest first."""
    ways = [
        (kind, device)
        for kind, model in SIGN_IN_WAYS.items()
        for device in model.objects.filter(user=user, confirmed=True)
    ]
    return sorted(ways, key=lambda way: (way[1].created_at is not None, way[1].created_at, way[1].pk))


def must_keep_its_only_way(user, ways: list[SignInWay] | None = None) -> bool:
    """Whether ``user`` may not remove the one app or passkey they have: their role needs two
    factors. ``ways``: their ``sign_in_ways``, if read already."""
    return two_factor_standing(user)[1] and len(sign_in_ways(user) if ways is None else ways) <= 1
