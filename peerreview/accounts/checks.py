"""Deployment checks of this project's own settings (`manage.py check --deploy`)."""

import ipaddress
from urllib.parse import urlsplit

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


@register(Tags.security, deploy=True)
def passkeys_possible(app_configs, **kwargs):
    """Browsers offer passkeys only to an HTTPS origin with a domain name (an IP address cannot be
    a WebAuthn relying party), and the service binds them to SITE_URL's."""
    parts = urlsplit(settings.SITE_URL)
    try:
        ipaddress.ip_address(parts.hostname or "")
        is_address = True
    except ValueError:
        is_address = False
    if parts.scheme == "https" and parts.hostname and not is_address:
        return []
    return [
        Warning(
            f"SITE_URL ({settings.SITE_URL}) is not an https:// address with a domain name: "
            "passkeys cannot be used.",
            hint="Set SITE_URL to the address people use, like https://peer-reviews.example.gov.scot.",
            id="accounts.W004",
        )
    ]
