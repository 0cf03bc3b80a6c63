"""Telling people when work passes to them: one place the services call at each hand-off.

Who is told is decided by the access rules (``access.people_who_may``): an e-mail goes only to
people who may see what it is about, at that moment of the review's life. E-mail goes through
the outbox (``peerreview.outbox``), in the caller's transaction.
"""

from django.conf import settings
from django.urls import reverse

from assessments import access
from assessments.access import Permission
from assessments.models import Review
from peerreview.accounts.models import User
from peerreview.outbox.services import email_queue


def tell(
    *,
    review: Review,
    permission: Permission,
    subject: str,
    lines: list[str],
    url_name: str,
    exclude: User | None = None,
) -> int:
    """E-mails everyone who may do ``permission`` on ``review`` now, but ``exclude`` (who acted).
    Returns how many were told."""
    link = settings.SITE_URL + reverse(url_name, args=[review.reference])
    body = "\n\n".join([*lines, f"Open it at {link}", f"Protective marking: {review.protective_marking}."])
    told = 0
    for person in access.people_who_may(review, permission):
        if exclude is not None and person.pk == exclude.pk:
            continue
        email_queue(to=person.email, subject=f"{subject}: {review.host.name}", body=body)
        told += 1
    return told
