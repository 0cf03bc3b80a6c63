"""Writes for accounts and organisations."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from peerreview.accounts.models import Organisation, User, normalise_email
from peerreview.accounts.tokens import invitation_token_generator


def organisation_get_or_create(*, name: str, kind: str = Organisation.Kind.OTHER) -> Organisation:
    """Finds an organisation by name (ignoring case) or creates it with ``kind``."""
    name = " ".join(name.split())
    organisation = Organisation.objects.filter(name__iexact=name).first()
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


def invitation_send(*, user: User, invited_by: User | None = None, reason: str = "") -> None:
    """E-mails ``user`` a link to set their password and start using the service."""
    context = {
        "user": user,
        "invited_by": invited_by,
        "reason": reason,
        "url": invitation_url(user),
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        "service_name": settings.SERVICE_NAME,
    }
    send_mail(
        subject=f"You have been invited to {settings.SERVICE_NAME}",
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
