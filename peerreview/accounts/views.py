from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from peerreview.accounts import forms
from peerreview.accounts.tokens import invitation_token_generator


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = forms.LoginForm
    extra_context = {"page_title": "Sign in"}
    redirect_authenticated_user = True


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


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """The link in an invitation: the new user sets a password and is signed in."""

    template_name = "accounts/invitation_accept.html"
    form_class = forms.SetPasswordForm
    extra_context = {"page_title": "Set your password"}
    token_generator = invitation_token_generator
    post_reset_login = True
    success_url = reverse_lazy("dashboard")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    form_class = forms.PasswordChangeForm
    extra_context = {"page_title": "Change your password"}
    success_url = reverse_lazy("accounts:password_change_done")
