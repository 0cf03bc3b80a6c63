"""Signing test users in as the service would: with their second step done where they need one."""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerreview.accounts.two_factor import two_factor_standing


def app_for(user) -> TOTPDevice:
    """The user's confirmed authenticator app, set up now if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)


def code_now(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the user's app shows now, or ``steps_ahead`` 30-second steps later."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def force_login(client, user):
    """``client.force_login(user)``, then the second step for users who must take it."""
    client.force_login(user)
    has_app, must_have_app = two_factor_standing(user)
    if has_app or must_have_app:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = app_for(user).persistent_id
        session.save()
    return client


def sign_in_with_password(client, email: str, password: str) -> bool:
    """Posts the sign-in form, as a person does (django-axes sees the request); True when the
    password was accepted (the second step, where needed, comes next)."""
    from django.urls import reverse

    client.post(reverse("accounts:login"), {"username": email, "password": password})
    return "_auth_user_id" in client.session


def prove_email(client) -> str:
    """Asks for the link that proves the e-mail address (before a first app or passkey) and opens
    it in the same session; returns the link."""
    import re

    from django.core import mail
    from django.urls import reverse

    client.post(reverse("accounts:two_factor_email"))
    link = re.search(r"https?://[^/]+(/accounts/two-factor/set-up/link/\S+/)", mail.outbox[-1].body).group(1)
    assert client.get(link)["Location"] == reverse("accounts:two_factor_setup")
    return link
