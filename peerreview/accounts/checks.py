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
