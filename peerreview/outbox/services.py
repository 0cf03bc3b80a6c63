"""Queueing e-mail: what every part of the service calls to send one."""

from collections.abc import Iterable
from typing import Any

from peerreview.outbox.models import OutboundEmail
from peerreview.outbox.tasks import deliver_email


def email_queue(
    *, to: str, subject: str, body: str, attachments: Iterable[dict[str, Any]] = ()
) -> OutboundEmail:
    """Stores the e-mail and queues its delivery.

    Called inside the caller's transaction: with the database task backend the e-mail and its
    task are committed (or rolled back) with the change that caused them, so nobody hears of a
    change that did not happen.
    """
    email = OutboundEmail(to=to, subject=subject, body=body, attachments=list(attachments))
    email.full_clean()
    email.save()
    deliver_email.enqueue(email.pk)
    return email
