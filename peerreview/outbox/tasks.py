"""Delivering queued e-mail, as background tasks (Django's tasks API, through django-tasks).

A delivery is idempotent: the row is locked and sent only if it has not gone yet, so a task that
runs twice (a worker restarted mid-way, say) sends one e-mail. A failed attempt is retried later,
up to ``OUTBOX_ATTEMPTS`` times; the last failure is recorded on the row and fails the task, so
both show to administrators.
"""

from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from peerreview.outbox.links import with_link
from peerreview.outbox.models import OutboundEmail
from peerreview.retries import enqueue_after


class DeliveryFailed(Exception):
    """An e-mail could not be sent after its last attempt."""


def _message(email: OutboundEmail) -> EmailMessage:
    message = EmailMessage(
        subject=email.subject,
        body=with_link(email.body, email.link),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
    )
    for part in email.attachments or []:
        # Built as a MIME part, as EmailMessage.attach would give a text attachment whose type
        # already names a charset a second charset parameter.
        mime = MIMEText(part["content"], part.get("subtype", "plain"), "utf-8")
        for name, value in part.get("params", {}).items():
            mime.set_param(name, value)
        mime.add_header("Content-Disposition", "attachment", filename=part["filename"])
        message.attach(mime)
    return message


@task()
def deliver_email(email_id: int) -> str:
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.sent_at is not None or email.failed_at is not None:
            return "nothing to do"
        email.attempts += 1
        try:
            _message(email).send()
        except Exception as error:
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            if email.attempts >= settings.OUTBOX_ATTEMPTS:
                email.failed_at = timezone.now()
            email.save(update_fields=["attempts", "last_error", "failed_at"])
        else:
            email.sent_at = timezone.now()
            email.save(update_fields=["attempts", "sent_at"])
            return "sent"
    if email.failed_at is not None:
        raise DeliveryFailed(
            f"Gave up on e-mail {email_id} after {email.attempts} attempts: {email.last_error}"
        )
    enqueue_after(
        deliver_email, email_id, attempts=email.attempts, first_wait_seconds=settings.OUTBOX_RETRY_SECONDS
    )
    return "will retry"
