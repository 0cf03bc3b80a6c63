from django.contrib.auth import views as auth_views
from django.urls import path

from peerreview.accounts import passkey_views, sso_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("sso/<int:index>/", sso_views.sso_start, name="sso_start"),
    path("sso/<int:index>/callback/", sso_views.sso_callback, name="sso_callback"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("invitation/<uidb64>/<token>/", views.InvitationAcceptView.as_view(), name="invitation"),
    path("two-factor/", views.TwoFactorView.as_view(), name="two_factor"),
    path("two-factor/set-up/", views.TwoFactorSetupView.as_view(), name="two_factor_setup"),
    path("two-factor/set-up/confirm/", views.TwoFactorEmailView.as_view(), name="two_factor_email"),
    path("two-factor/set-up/link/<str:token>/", views.TwoFactorLinkView.as_view(), name="two_factor_link"),
    path("two-factor/code/", views.TwoFactorVerifyView.as_view(), name="two_factor_verify"),
    path("two-factor/recovery/", views.TwoFactorRecoveryView.as_view(), name="two_factor_recovery"),
    path("two-factor/recovery-codes/", views.RecoveryCodesView.as_view(), name="recovery_codes"),
    path("two-factor/passkey/", passkey_views.PasskeyAddView.as_view(), name="passkey_add"),
    path(
        "two-factor/remove/<str:kind>/<int:pk>/",
        views.SignInWayRemoveView.as_view(),
        name="sign_in_way_remove",
    ),
    path("two-factor/turn-off/", views.TwoFactorRemoveView.as_view(), name="two_factor_remove"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/changed/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
]
