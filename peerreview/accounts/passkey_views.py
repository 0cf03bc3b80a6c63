"""The passkey ceremonies (django-otp-webauthn's JSON views, with this service's rules and audit)
and the page that adds a passkey."""

import json
from typing import cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import TemplateView
from django_otp_webauthn import exceptions, views
from django_otp_webauthn.models import WebAuthnCredential

from peerreview.accounts import enrolment, passkeys
from peerreview.accounts.models import User
from peerreview.accounts.two_factor import standing_for

FIRST_WAY_NEEDS_EMAIL = (
    "Confirm your e-mail address first: a first way to confirm your sign-in needs it, as an "
    "authenticator app does."
)


class _Audited:
    """Refused ceremonies are written to the audit log before the library answers them."""

    def handle_exception(self, exc):
        if isinstance(exc, exceptions.OTPWebAuthnApiError):
            request = self.request  # type: ignore[attr-defined]
            passkeys.passkey_refused(request=request, reason=f"{exc.code}: {exc.detail}")
        return super().handle_exception(exc)  # type: ignore[misc]


class _RegistrationRules:
    def check_can_register(self):
        """The library refuses anyone with a way to confirm sign-in who has not used it in this
        session. A first way takes, as a first app does, proof of the e-mail address
        (``accounts.enrolment``): a password alone must not be enough to take over the account's
        second factor."""
        request = self.request  # type: ignore[attr-defined]
        if not request.user.is_verified() and not enrolment.enrolment_proven(request):
            raise exceptions.NotVerified(detail=FIRST_WAY_NEEDS_EMAIL)


class BeginRegistrationView(_Audited, _RegistrationRules, views.BeginCredentialRegistrationView):
    pass


class CompleteRegistrationView(_Audited, _RegistrationRules, views.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        device = WebAuthnCredential.objects.get(pk=json.loads(response.content)["id"])
        passkeys.passkey_added(user=cast(User, self.request.user), device=device)
        messages.success(self.request, f"{device.name} is added. You can sign in with it from now on.")
        return response


class BeginAuthenticationView(_Audited, views.BeginCredentialAuthenticationView):
    pass


class CompleteAuthenticationView(_Audited, views.CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        whole_sign_in = not self.request.user.is_authenticated
        if not whole_sign_in:
            # A new session key once the second step is passed, as with an app's code.
            self.request.session.cycle_key()
        super().complete_auth(device)
        passkeys.passkey_used(user=device.user, device=device, whole_sign_in=whole_sign_in)


class PasskeyAddView(LoginRequiredMixin, TemplateView):
    """Explains passkeys and runs the registration in the browser; the library's script posts
    to the ceremony views and this page's script goes on to the two-factor page."""

    template_name = "accounts/passkey_add.html"
    extra_context = {"page_title": "Add a passkey"}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_verified():
            has_way, _must = standing_for(request)
            if has_way:
                # Adding a way takes one already set up: a password alone is not enough.
                verify = reverse("accounts:two_factor_verify")
                return redirect(f"{verify}?{urlencode({'next': request.path})}")
            if not enrolment.enrolment_proven(request):
                return redirect("accounts:two_factor_email")
        return super().dispatch(request, *args, **kwargs)
