"""Writes for accounts and organisations."""

from axes.utils import reset as axes_reset
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp import login as otp_login
from django_otp import verify_token as otp_verify_token
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from peerreview.accounts import recovery
from peerreview.accounts.models import (
    Organisation,
    RecoveryCode,
    RecoveryCodeDevice,
    User,
    normalise_email,
    organisation_key,
)
from peerreview.accounts.recovery import code_hash, new_code
from peerreview.accounts.tokens import invitation_token_generator
from peerreview.accounts.two_factor import must_keep_its_only_way, sign_in_ways
from peerreview.audit.record import record
from peerreview.outbox.links import LINK, link_maker
from peerreview.outbox.services import email_queue


def organisation_get_or_create(*, name: str, kind: str = Organisation.Kind.OTHER) -> Organisation:
    """Finds an organisation by its name as ``organisation_key`` normalises it, or creates it with
    ``kind``."""
    name = " ".join(name.split())
    organisation = Organisation.objects.filter(key=organisation_key(name)).first()
    if organisation is None:
        organisation = Organisation(name=name, kind=kind)
        organisation.full_clean()
        organisation.save()
    return organisation


@transaction.atomic
def user_get_or_invite(
    *, email: str, full_name: str, job_title: str = "", organisation: Organisation | None = None
) -> tuple[User, bool]:
    """Returns the account for ``email``, creating one without a password if there is none.

    An existing account keeps its own name and organisation: whoever invites someone may not
    rewrite who they are. Returns ``(user, created)``.
    """
    email = normalise_email(email)
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user, False
    user = User(email=email, full_name=full_name, job_title=job_title, organisation=organisation)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    return user, True


def invitation_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = invitation_token_generator.make_token(user)
    return settings.SITE_URL + reverse("accounts:invitation", args=[uid, token])


@link_maker("invitation")
def _invitation_link(spec: dict) -> str:
    """Made as the invitation is sent. Someone who has meanwhile set a password is pointed at
    the sign-in page rather than given a link that would set it again."""
    user = User.objects.get(pk=spec["user"])
    if user.has_usable_password():
        return settings.SITE_URL + reverse("accounts:login")
    return invitation_url(user)


def invitation_send(*, user: User, invited_by: User | None = None, reason: str = "") -> None:
    """E-mails ``user`` a link to set their password and start using the service (made as the
    e-mail is sent: the outbox keeps no usable link)."""
    context = {
        "user": user,
        "invited_by": invited_by,
        "reason": reason,
        "url": LINK,
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        "service_name": settings.SERVICE_NAME,
    }
    email_queue(
        to=user.email,
        subject=f"You have been invited to {settings.SERVICE_NAME}",
        body=render_to_string("accounts/email/invitation.txt", context),
        link={"kind": "invitation", "user": user.pk},
    )


def sign_in_failures_forget(*, user: User) -> None:
    """Forgets the failed sign-ins counted against ``user``'s address, so that an owner who has
    proved they hold it (a password reset) is not kept out by someone else's guesses."""
    removed = axes_reset(username=user.email)
    if removed:
        record(kind="change", user=user, instance=user, summary=f"Failed sign-ins forgotten for {user.email}")


@transaction.atomic
def user_sessions_end(*, user: User, ended_by: User | None = None) -> None:
    """Signs ``user`` out of every browser at its next request (see ``User.get_session_auth_hash``)."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    record(kind="sessions_ended", user=ended_by, instance=user, summary=f"Sessions ended for {user.email}")


def two_factor_device_pending(*, user: User) -> TOTPDevice:
    """The app being set up: a new secret, kept until the user proves their app holds it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice(user=user, name="Authenticator app", confirmed=False)
        device.full_clean()
        device.save()
    return device


WRONG_CODE = "The code is not right. Enter the code your app shows now"
TOO_MANY_CODES = "Too many wrong codes have been entered. Wait a minute, then enter the code your app shows"


def _check_code(device: TOTPDevice, code: str, what: str) -> None:
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        record(kind="two_factor", user=device.user, summary=f"{what}: refused while slowed down")
        raise ValidationError(TOO_MANY_CODES)
    if not otp_verify_token(device.user, device.persistent_id, code):
        record(kind="two_factor", user=device.user, summary=f"{what}: wrong code")
        raise ValidationError(WRONG_CODE)


def two_factor_confirm(*, request, device: TOTPDevice, code: str) -> None:
    """Confirms the pending ``device`` if ``code`` is right: it replaces any app set up before,
    and this session counts as verified. Raises ``ValidationError`` with the words to show."""
    # Checked outside the transaction below: a wrong guess must stay counted (and recorded).
    _check_code(device, code, "Setting up an app")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
    device.confirmed = True
    _verified(request, device)
    record(kind="two_factor", user=device.user, summary="Authenticator app set up")


def two_factor_verify(*, request, device: TOTPDevice, code: str) -> None:
    """Checks a sign-in code against the user's app; django-otp slows down repeated wrong guesses
    and refuses a code already used. Raises ``ValidationError`` with the words to show."""
    _check_code(device, code, "Sign-in code")
    _verified(request, device)
    record(kind="two_factor", user=device.user, summary="Sign-in code accepted")


@transaction.atomic
def two_factor_remove(*, user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    WebAuthnCredential.objects.filter(user=user).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()  # they stand in for the app: they go with it
    record(kind="two_factor", user=user, summary="Two-factor authentication turned off")


@transaction.atomic
def sign_in_way_remove(*, user: User, device: Device, password: str) -> None:
    """Removes one of ``user``'s apps or passkeys after they give their password again (a fresh
    proof: a session left open cannot strip an account's factors). Someone whose role needs two
    factors keeps at least one way; the last way takes the recovery codes with it. Tells the
    person by e-mail."""
    if not user.check_password(password):
        record(kind="two_factor", user=user, summary=f"Removing {device.name}: wrong password")
        raise ValidationError({"password": WRONG_PASSWORD})
    ways = sign_in_ways(user)
    if must_keep_its_only_way(user, ways):
        raise ValidationError(LAST_WAY)
    others = len(ways) - 1
    device.delete()
    if others < 1:
        RecoveryCodeDevice.objects.filter(user=user).delete()
    record(kind="two_factor", user=user, summary=f"{device.name} removed")
    email_queue(
        to=user.email,
        subject=f"{device.name} was removed from your account",
        body=f"{device.name} can no longer be used to sign in to your {settings.SERVICE_NAME} account.\n\n"
        "If it was not you, tell your review manager at once.",
    )


def _verified(request, device: Device) -> None:
    # A new session key once the second step is passed, as at the first.
    request.session.cycle_key()
    otp_login(request, device)


WRONG_PASSWORD = "The password is not right"
LAST_WAY = "Your role needs two-factor authentication: add another passkey or app before you remove this one"
WRONG_RECOVERY_CODE = "That recovery code is not right, or it has been used. Check it and try again"


@transaction.atomic
def recovery_codes_make(*, user: User, password: str) -> list[str]:
    """A new set of recovery codes for ``user``, after they give their password again (a fresh
    proof, so a session left open cannot make them); the set before stops working. The codes
    are returned to be shown once: only their hashes are kept."""
    if not user.check_password(password):
        record(kind="two_factor", user=user, summary="Recovery codes: wrong password")
        raise ValidationError({"password": WRONG_PASSWORD})
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice(user=user, name="Recovery codes", confirmed=True)
    device.full_clean()
    device.save()
    codes = [new_code() for _ in range(recovery.CODES)]
    RecoveryCode.objects.bulk_create(RecoveryCode(device=device, code_hash=code_hash(code)) for code in codes)
    record(kind="two_factor", user=user, summary="Recovery codes made")
    return codes


def recovery_code_use(*, request, user: User, code: str) -> int:
    """Passes the second step with one of ``user``'s recovery codes, once; wrong guesses slow
    down as wrong app codes do. E-mails the person that a code was used. Returns how many are
    left. Raises ``ValidationError`` with the words to show."""
    device = RecoveryCodeDevice.objects.filter(user=user).first()
    if device is None:
        raise ValidationError(WRONG_RECOVERY_CODE)
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        record(kind="two_factor", user=user, summary="Recovery code: refused while slowed down")
        raise ValidationError(TOO_MANY_CODES.replace("the code your app shows", "a recovery code"))
    if not device.verify_token(code):
        device.throttle_increment()
        record(kind="two_factor", user=user, summary="Recovery code: wrong or used code")
        raise ValidationError(WRONG_RECOVERY_CODE)
    device.throttle_reset()
    _verified(request, device)
    left = device.left()
    record(kind="two_factor", user=user, summary=f"Signed in with a recovery code ({left} left)")
    email_queue(
        to=user.email,
        subject="A recovery code was used to sign in",
        body=f"Someone signed in to your {settings.SERVICE_NAME} account with one of your recovery codes "
        f"just now. You have {left} left.\n\nIf it was you, set up your authenticator app again and make "
        "new recovery codes. If it was not you, tell your review manager at once.",
    )
    return left
