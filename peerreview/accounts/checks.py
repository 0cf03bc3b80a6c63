"""Deployment checks of this project's own settings (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def two_factor_required(app_configs, **kwargs):
    if settings.TWO_FACTOR_REQUIRED:
        return []
    return [
        Warning(
            "TWO_FACTOR_REQUIRED is off: review managers and review teams can sign in with a password alone.",
            hint="Leave TWO_FACTOR_REQUIRED unset (or true) outside a local demonstration.",
            id="accounts.W001",
        )
    ]


@register(Tags.security, deploy=True)
def uploads_scanned(app_configs, **kwargs):
    if settings.CLAMAV_ADDRESS:
        return []
    return [
        Warning(
            "CLAMAV_ADDRESS is not set: uploaded files reach reviewers without a virus scan.",
            hint="Run clamd (Debian's clamav-daemon) and set CLAMAV_ADDRESS to its socket or host:port.",
            id="accounts.W002",
        )
    ]


@register(Tags.security, deploy=True)
def single_sign_on_over_https(app_configs, **kwargs):
    """An issuer reached over plain HTTP could be impersonated on the way: its keys, its tokens."""
    return [
        Warning(
            f"The single sign-on issuer {issuer.issuer} is not reached over HTTPS.",
            hint="Set OIDC_ISSUER (and each issuer of OIDC_MORE_ISSUERS) to the issuer's https:// address.",
            id="accounts.W003",
        )
        for issuer in settings.OIDC_ISSUERS
        if not issuer.issuer.startswith("https://")
    ]
