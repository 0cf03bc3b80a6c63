from base64 import b32encode
from typing import cast

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views import View
from django.views.generic import FormView, TemplateView
from django_otp_webauthn.models import WebAuthnCredential

from peerreview.accounts import enrolment, forms, services
from peerreview.accounts.models import RecoveryCodeDevice, User
from peerreview.accounts.rights import password_set_as
from peerreview.accounts.tokens import invitation_token_generator
from peerreview.accounts.two_factor import (
    SIGN_IN_WAYS,
    confirmed_device,
    must_keep_its_only_way,
    sign_in_ways,
    standing_for,
)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = forms.LoginForm
    extra_context = {"page_title": "Sign in"}
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        issuers = [(index, issuer.domains) for index, issuer in enumerate(settings.OIDC_ISSUERS)]
        return super().get_context_data(issuers=issuers, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    form_class = forms.PasswordResetForm
    extra_context = {"page_title": "Set a new password"}
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = forms.SetPasswordForm
    extra_context = {"page_title": "Choose a new password"}
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        with password_set_as("reset through an e-mailed link"):
            response = super().form_valid(form)
        # The link proves the account's e-mail address: its owner is let back in even while
        # someone else's failed guesses hold the account locked.
        services.sign_in_failures_forget(user=form.user)
        return response


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """The link in an invitation: the new user sets a password and is signed in."""

    template_name = "accounts/invitation_accept.html"
    form_class = forms.SetPasswordForm
    extra_context = {"page_title": "Set your password"}
    token_generator = invitation_token_generator
    post_reset_login = True
    # Several backends are configured (django-axes first); the new password was checked here.
    post_reset_login_backend = "peerreview.accounts.backends.AccountBackend"
    success_url = reverse_lazy("dashboard")

    def form_valid(self, form):
        with password_set_as("set on accepting an invitation"):
            response = super().form_valid(form)
        # The invitation came to their e-mail address: that is the proof a first app needs.
        enrolment.enrolment_prove(self.request)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    form_class = forms.PasswordChangeForm
    extra_context = {"page_title": "Change your password"}
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        with password_set_as("changed by its owner"):
            return super().form_valid(form)


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("dashboard")


class TwoFactorView(LoginRequiredMixin, TemplateView):
    """What the user has set up, with the ways to set up a new app or (where optional) stop."""

    template_name = "accounts/two_factor.html"
    extra_context = {"page_title": "Two-factor authentication"}

    def get_context_data(self, **kwargs):
        has_app, must_have_app = standing_for(self.request)
        ways = sign_in_ways(self.request.user)
        has_totp = any(kind == "app" for kind, _device in ways)
        return super().get_context_data(
            has_app=has_app, must_have_app=must_have_app, ways=ways, has_totp=has_totp, **kwargs
        )


class TwoFactorSetupView(LoginRequiredMixin, FormView):
    template_name = "accounts/two_factor_setup.html"
    form_class = forms.TwoFactorCodeForm
    extra_context = {"page_title": "Set up two-factor authentication"}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_verified():
            if standing_for(request)[0]:
                # Replacing an app takes the current one (or a passkey): a password alone is not enough.
                verify = reverse("accounts:two_factor_verify")
                return redirect(f"{verify}?{urlencode({'next': request.path})}")
            if not enrolment.enrolment_proven(request):
                # A first app takes proof of the e-mail address too (see accounts.enrolment).
                return redirect("accounts:two_factor_email")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        device = services.two_factor_device_pending(user=cast(User, self.request.user))
        key = b32encode(device.bin_key).decode()
        return super().get_context_data(
            qr_code=segno.make(device.config_url, error="m").svg_inline(
                scale=5, title="QR code for your app"
            ),
            key_groups=[key[i : i + 4] for i in range(0, len(key), 4)],
            next=self.request.GET.get("next", ""),
            **kwargs,
        )

    def form_valid(self, form):
        device = services.two_factor_device_pending(user=cast(User, self.request.user))
        try:
            services.two_factor_confirm(request=self.request, device=device, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
            return self.form_invalid(form)
        messages.success(
            self.request, "Two-factor authentication is set up. You will be asked for a code at each sign-in."
        )
        return redirect(_next_url(self.request))


class TwoFactorEmailView(LoginRequiredMixin, View):
    """Sends the one-time link that lets this session set up a first app."""

    def get(self, request, sent=False):
        context = {"email": request.user.email, "minutes": enrolment.LINK_MINUTES, "sent": sent}
        return render(request, "accounts/two_factor_email.html", context)

    def post(self, request):
        enrolment.enrolment_link_send(request=request, user=request.user)
        return self.get(request, sent=True)


class TwoFactorLinkView(LoginRequiredMixin, View):
    def get(self, request, token):
        if enrolment.enrolment_link_use(request=request, token=token):
            return redirect("accounts:two_factor_setup")
        context = {"minutes": enrolment.LINK_MINUTES}
        return render(request, "accounts/two_factor_link_refused.html", context, status=400)


class TwoFactorVerifyView(LoginRequiredMixin, FormView):
    template_name = "accounts/two_factor_verify.html"
    form_class = forms.TwoFactorCodeForm
    extra_context = {"page_title": "Enter your sign-in code"}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.device = confirmed_device(request.user)
            self.has_passkey = WebAuthnCredential.objects.filter(user=request.user, confirmed=True).exists()
            if request.user.is_verified() or not (self.device or self.has_passkey):
                return redirect(_next_url(request))
            if self.device is None and request.method == "POST":
                return redirect(request.get_full_path())  # no app to check a code against
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        has_codes = RecoveryCodeDevice.objects.filter(user=self.request.user).exists()
        context = super().get_context_data(
            next=self.request.GET.get("next", ""),
            has_codes=has_codes,
            has_app=self.device is not None,
            has_passkey=self.has_passkey,
            **kwargs,
        )
        if self.has_passkey:
            context["page_title"] = "Confirm it is you"
        return context

    def form_valid(self, form):
        try:
            services.two_factor_verify(
                request=self.request, device=self.device, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
            return self.form_invalid(form)
        return redirect(_next_url(self.request))


class TwoFactorRemoveView(LoginRequiredMixin, View):
    def post(self, request):
        _has_app, must_have_app = standing_for(request)
        if must_have_app:
            raise PermissionDenied("Your role needs two-factor authentication")
        services.two_factor_remove(user=request.user)
        messages.success(
            request, "Two-factor authentication is turned off. You can set it up again at any time."
        )
        return redirect("accounts:two_factor")


class SignInWayRemoveView(LoginRequiredMixin, FormView):
    """Removes one app or passkey of the signed-in person's own (anyone else's is not found),
    after their password again."""

    template_name = "accounts/sign_in_way_remove.html"
    form_class = forms.PasswordAgainForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            model = SIGN_IN_WAYS.get(kwargs["kind"])
            if model is None:
                raise Http404("No such kind of sign-in")
            self.device = get_object_or_404(model, pk=kwargs["pk"], user=request.user, confirmed=True)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"purpose": f"Remove {self.device.name}"}

    def get_context_data(self, **kwargs):
        last = must_keep_its_only_way(self.request.user)
        page_title = f"Remove {self.device.name}"
        return super().get_context_data(device=self.device, last=last, page_title=page_title, **kwargs)

    def form_valid(self, form):
        try:
            services.sign_in_way_remove(
                user=cast(User, self.request.user),
                device=self.device,
                password=form.cleaned_data["password"],
            )
        except ValidationError as error:
            form.add_error(None, error)  # the password's error goes to its field
            return self.form_invalid(form)
        messages.success(self.request, f"{self.device.name} is removed. It can no longer be used to sign in.")
        return redirect("accounts:two_factor")


class TwoFactorRecoveryView(LoginRequiredMixin, FormView):
    """The second step with a recovery code, for someone without their app."""

    template_name = "accounts/two_factor_recovery.html"
    form_class = forms.RecoveryCodeForm
    extra_context = {"page_title": "Use a recovery code"}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            has_codes = RecoveryCodeDevice.objects.filter(user=request.user).exists()
            if request.user.is_verified() or not has_codes:
                return redirect(_next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            left = services.recovery_code_use(
                request=self.request, user=cast(User, self.request.user), code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
            return self.form_invalid(form)
        messages.warning(
            self.request,
            f"You signed in with a recovery code: {left} left. If you lost your app, set up a new one "
            "and make new recovery codes now.",
        )
        return redirect(_next_url(self.request))


class RecoveryCodesView(LoginRequiredMixin, FormView):
    """How many recovery codes are left, and making a new set (after the password again), shown
    once."""

    template_name = "accounts/recovery_codes.html"
    form_class = forms.PasswordAgainForm
    extra_context = {"page_title": "Recovery codes"}

    def get_context_data(self, **kwargs):
        has_app, _must = standing_for(self.request)
        device = RecoveryCodeDevice.objects.filter(user=self.request.user).first()
        left = device.left() if device else None
        return super().get_context_data(has_app=has_app, left=left, **kwargs)

    def form_valid(self, form):
        has_app, _must = standing_for(self.request)
        if not has_app:
            raise PermissionDenied("Set up an authenticator app first")
        try:
            user = cast(User, self.request.user)
            codes = services.recovery_codes_make(user=user, password=form.cleaned_data["password"])
        except ValidationError as error:
            form.add_error("password", error.message_dict["password"])
            return self.form_invalid(form)
        return render(self.request, "accounts/recovery_codes_made.html", {"codes": codes})
