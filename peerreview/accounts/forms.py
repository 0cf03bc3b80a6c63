from django import forms
from django.contrib.auth import forms as auth_forms

from peerreview.forms import form_helper


class LoginForm(auth_forms.AuthenticationForm):
    error_messages = {
        # The same words whether the address is unknown or the password wrong: the form must
        # not tell anyone which e-mail addresses have accounts.
        "invalid_login": "Enter a correct e-mail address and password",
        "inactive": "Enter a correct e-mail address and password",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "E-mail address"
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["username"].error_messages["required"] = "Enter your e-mail address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = form_helper("Sign in")


class PasswordResetForm(auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "E-mail address"
        self.fields["email"].error_messages["required"] = "Enter your e-mail address"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an e-mail address in the correct format, like name@example.org"
        )
        self.helper = form_helper("Send the link")


class SetPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args, button: str = "Set password", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Confirm your new password"
        self.helper = form_helper(button)


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Confirm your new password"
        self.helper = form_helper("Change password")


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code your app shows for this service now.",
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-5",
            }
        ),
    )

    def __init__(self, *args, button: str = "Continue", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(button)

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (len(code) == 6 and code.isascii() and code.isdigit()):
            raise forms.ValidationError("Enter the code as 6 digits, like 123456")
        return code


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label="Recovery code",
        help_text="One of the codes you kept when you made them, like abcde-fghjk. Each works once.",
        max_length=40,
        error_messages={"required": "Enter one of your recovery codes"},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "class": "govuk-input--width-10"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("Continue")


class PasswordAgainForm(forms.Form):
    """The password given again, as a fresh proof before a change to how someone signs in."""

    password = forms.CharField(
        label="Your password",
        help_text="Confirm it is you.",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, *args, purpose: str = "Make new recovery codes", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(purpose)
