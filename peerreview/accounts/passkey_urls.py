"""The passkey ceremonies, under the namespace django-otp-webauthn's scripts and template tags
reverse ("otp_webauthn"), served by this service's subclasses of its views."""

from django.urls import path
from django.views.i18n import JavaScriptCatalog

from peerreview.accounts import passkey_views

app_name = "otp_webauthn"

urlpatterns = [
    path(
        "registration/begin/",
        passkey_views.BeginRegistrationView.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        passkey_views.CompleteRegistrationView.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        passkey_views.BeginAuthenticationView.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        passkey_views.CompleteAuthenticationView.as_view(),
        name="credential-authentication-complete",
    ),
    # The scripts' messages ("Registering...") come from Django's JavaScript catalogue.
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]
