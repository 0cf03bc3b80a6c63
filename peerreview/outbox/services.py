"""Queueing e-mail: what every part of the service calls to send one."""

from collections.abc import Iterable
from typing import Any

from peerreview.outbox.links import LINK
from peerreview.outbox.models import OutboundEmail
from peerreview.outbox.tasks import deliver_email


def email_queue(
    *,
    to: str,
    subject: str,
    body: str,
    attachments: Iterable[dict[str, Any]] = (),
    link: dict[str, Any] | None = None,
) -> OutboundEmail:
    """Stores the e-mail and queues its delivery. A link that lets its holder in is given as
    ``link`` (its kind and what its maker needs) with ``LINK`` in ``body`` where it goes: it is
    made as the e-mail is sent, never stored.

    Called inside the caller's transaction: with the database task backend the e-mail and its
    task are committed (or rolled back) with the change that caused them, so nobody hears of a
    change that did not happen.
    """
    if link and LINK not in body:
        raise ValueError("The e-mail's body has no place for its link")
    email = OutboundEmail(to=to, subject=subject, body=body, attachments=list(attachments), link=link or {})
    email.full_clean()
    email.save()
    deliver_email.enqueue(email.pk)
    return email
