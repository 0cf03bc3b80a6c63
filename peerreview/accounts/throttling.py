"""Sign-in throttling: per account, and per network address across accounts.

django-axes locks an account after ``LOGIN_FAILURE_LIMIT`` failures from anywhere (its owner gets
back in through a password-reset link, which forgets them). A network address whose failures
across every account reach ``LOGIN_NETWORK_FAILURE_LIMIT`` within the cool-off is slowed: its
sign-ins are refused until the oldest of them ages out, so spraying a few guesses at many
accounts is caught. The count is axes' own records, in the database, so every host sees it.

Sign-in finds an account whatever the case and surrounding white space of the address typed (and
the form applies Unicode NFKC), so django-axes must count "Name@Council", " name@council" and
"name@council" as one address; otherwise each spelling would get its own tries.
"""

import unicodedata

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from peerreview.accounts.models import normalise_email


def throttled_username(request, credentials: dict | None = None) -> str:
    """django-axes' ``AXES_USERNAME_CALLABLE``: the normalised e-mail address of the attempt."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        raw = credentials.get(field) or credentials.get("username") or ""
    else:
        raw = getattr(request, "POST", {}).get(field, "") if request is not None else ""
    return normalise_email(unicodedata.normalize("NFKC", str(raw)))


def network_failures(request) -> int:
    """Failed sign-ins from ``request``'s network address, every account counted, within the
    cool-off (the address read as axes reads it, so a trusted proxy's header is honoured)."""
    address = get_client_ip_address(request)
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    counted = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since)
    failures: int | None = counted.aggregate(total=Sum("failures_since_start"))["total"]
    return failures or 0


def network_slowed(request) -> bool:
    return network_failures(request) >= settings.LOGIN_NETWORK_FAILURE_LIMIT
