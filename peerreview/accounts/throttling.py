"""Sign-in throttling, by django-axes (``AXES_LOCKOUT_PARAMETERS``): an account is refused after
``LOGIN_FAILURE_LIMIT`` failures from anywhere, and so is a network address after as many across
every account. Its owner gets back in through a password-reset link, which forgets the
failures counted against the account (``services.sign_in_failures_forget``). The counts are
axes' own rows in the database, so every host sees them.

Sign-in finds an account whatever the case and surrounding white space of the address typed (and
the form applies Unicode NFKC), so django-axes must count "Name@Council", " name@council" and
"name@council" as one address; otherwise each spelling would get its own tries.
"""

import unicodedata

from django.conf import settings

from peerreview.accounts.models import normalise_email


def throttled_username(request, credentials: dict | None = None) -> str:
    """django-axes' ``AXES_USERNAME_CALLABLE``: the normalised e-mail address of the attempt."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        raw = credentials.get(field) or credentials.get("username") or ""
    else:
        raw = getattr(request, "POST", {}).get(field, "") if request is not None else ""
    return normalise_email(unicodedata.normalize("NFKC", str(raw)))
