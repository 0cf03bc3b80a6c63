"""Passkeys (WebAuthn), through django-otp-webauthn: a second factor beside the authenticator app,
and, once registered, the whole sign-in.

The library does the ceremonies; this module says who this service is to the browser (its
relying party, from the request's own validated host), names each passkey, and writes what a
passkey changes into the audit log and the person's inbox.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential

from peerreview.accounts.models import User
from peerreview.audit.record import record
from peerreview.outbox.services import email_queue


def site_origin() -> str:
    """The origin of the service's own address (``SITE_URL``): the one a passkey works on."""
    parts = urlsplit(settings.SITE_URL)
    return f"{parts.scheme}://{parts.netloc}"


def relying_party_id(request: HttpRequest) -> str:
    """``SITE_URL``'s host name: passkeys are bound to it, so it must be the service's lasting
    name (a new name means new passkeys)."""
    return urlsplit(settings.SITE_URL).hostname or ""


def relying_party_name(request: HttpRequest) -> str:
    return settings.SERVICE_NAME


class PasskeyHelper(WebAuthnHelper):
    def get_allowed_origins(self) -> list[str]:
        """The page that ran the ceremony must be the service's own, at its own address."""
        return [site_origin()]

    def create_credential(self, user, response, parsed_credential, original_data):
        device = super().create_credential(user, response, parsed_credential, original_data)
        number = WebAuthnCredential.objects.filter(user=user).count() + 1
        device.name = f"Passkey {number}"
        device.confirmed = True
        return device


def passkey_added(*, user: User, device: WebAuthnCredential) -> None:
    """Audits a new passkey and tells its owner, so a passkey added by someone else is noticed."""
    record(kind="two_factor", user=user, summary=f"Passkey added ({device.name})")
    email_queue(
        to=user.email,
        subject="A passkey was added to your account",
        body=f"A passkey ({device.name}) was added to your {settings.SERVICE_NAME} account on "
        f"{timezone.localtime():%-d %B %Y at %H:%M}. It can now be used to sign in.\n\n"
        "If it was not you, tell your review manager at once.",
    )


def passkey_used(*, user: User, device: WebAuthnCredential, whole_sign_in: bool) -> None:
    if whole_sign_in:
        record(kind="login", user=user, summary=f"Signed in with a passkey ({device.name})")
    else:
        record(kind="two_factor", user=user, summary=f"Sign-in confirmed with a passkey ({device.name})")


def passkey_refused(*, request: HttpRequest, reason: str) -> None:
    user = request.user if request.user.is_authenticated else None
    record(kind="login_failed", user=user, summary=f"Passkey refused: {reason}"[:300])
