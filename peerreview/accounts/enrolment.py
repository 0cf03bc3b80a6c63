"""Setting up a first authenticator app needs proof that the person holds the account's e-mail
address, not only its password: otherwise whoever learns a new team member's password could
enrol their own app and take over the account's second factor.

The proof is a link e-mailed to the account's address: signed, short-lived, bound to the session
that asked for it, and spent when opened. Opening an invitation link proves the same thing, so a
newly invited person sets up their app straight after choosing a password.
"""

import secrets
import time

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from peerreview.audit.record import record
from peerreview.outbox.links import LINK, link_maker
from peerreview.outbox.services import email_queue

LINK_MINUTES = 30
PROVEN_MINUTES = 30
_SALT = "peerreview.accounts.two-factor-enrolment"
_NONCE = "two_factor_enrolment_nonce"
_PROVEN_UNTIL = "two_factor_enrolment_proven_until"


def enrolment_proven(request) -> bool:
    return request.session.get(_PROVEN_UNTIL, 0) > time.time()


def enrolment_prove(request) -> None:
    """This session has shown it holds the account's e-mail address, for ``PROVEN_MINUTES``."""
    request.session[_PROVEN_UNTIL] = time.time() + PROVEN_MINUTES * 60


@link_maker("two_factor_enrolment")
def _enrolment_link(spec: dict) -> str:
    """Signed as the e-mail is sent (its minutes count from then); the outbox keeps only the
    nonce, which is useless without the session that asked and the service's secret key."""
    token = signing.dumps({"user": spec["user"], "nonce": spec["nonce"]}, salt=_SALT)
    return settings.SITE_URL + reverse("accounts:two_factor_link", args=[token])


def enrolment_link_send(*, request, user) -> None:
    """E-mails ``user`` a one-time link that lets this session set up an app."""
    nonce = secrets.token_urlsafe(16)
    request.session[_NONCE] = nonce
    body = render_to_string(
        "accounts/email/two_factor_link.txt",
        {"user": user, "link": LINK, "minutes": LINK_MINUTES, "service_name": settings.SERVICE_NAME},
    )
    email_queue(
        to=user.email,
        subject=f"Set up your sign-in app: {settings.SERVICE_NAME}",
        body=body,
        link={"kind": "two_factor_enrolment", "user": user.pk, "nonce": nonce},
    )
    record(kind="two_factor", user=user, summary="Set-up link e-mailed")


def enrolment_link_use(*, request, token: str) -> bool:
    """Spends a set-up link opened in ``request``'s session; False (recorded) if it is not one
    this session asked for, has been used, or is older than ``LINK_MINUTES``."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=LINK_MINUTES * 60)
    except signing.BadSignature:
        data = {}
    nonce = request.session.get(_NONCE, "")
    if data.get("user") != request.user.pk or not nonce or not constant_time_compare(nonce, data["nonce"]):
        record(kind="two_factor", user=request.user, summary="Set-up link refused")
        return False
    del request.session[_NONCE]
    enrolment_prove(request)
    record(kind="two_factor", user=request.user, summary="Set-up link used")
    return True
