"""Telling a person something: a notification in the service, and its e-mail now or in the
day's digest, as the person chooses."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from peerreview.accounts.models import EmailFrequency, User
from peerreview.inbox.models import Notification
from peerreview.outbox.services import email_queue


def told_of(event: str, users: list[User]) -> set[int]:
    """Which of ``users`` have been told of ``event`` already (their keys): one query, so that
    telling of an event again costs no write for those told before."""
    if not event or not users:
        return set()
    return set(Notification.objects.filter(event=event, user__in=users).values_list("user_id", flat=True))


@transaction.atomic
def notify(
    *,
    user: User,
    topic: str,
    subject: str,
    body: str,
    url: str,
    marking: str = "",
    emailed: bool = False,
    event: str = "",
) -> Notification:
    """Tells ``user``. The caller has decided, by the access rules, that they may read all of it.

    The e-mail goes at once to those who chose so; for the others it waits for the day's digest.
    ``emailed`` says the caller has sent an e-mail of its own already (a calendar invitation).
    With ``event``, each person is told of it once: the database refuses a second notification
    of the same event (a unique constraint), and no second e-mail follows.
    """
    notification = Notification(
        user=user, topic=topic, subject=subject, body=body, url=url, marking=marking, event=event
    )
    notification.full_clean(validate_constraints=False)  # the database decides, in one statement
    try:
        with transaction.atomic():
            notification.save()
    except IntegrityError:
        return Notification.objects.get(user=user, event=event)  # told of it already
    if emailed:
        notification.emailed_at = timezone.now()
    elif user.email_notifications == EmailFrequency.IMMEDIATELY:
        email_queue(to=user.email, subject=subject, body=email_text(notification))
        notification.emailed_at = timezone.now()
    if notification.emailed_at is not None:
        notification.save(update_fields=["emailed_at"])
    return notification


def email_text(notification: Notification) -> str:
    parts = [notification.body, f"Open it at {settings.SITE_URL}{notification.url}"]
    if notification.marking:
        parts.append(f"Protective marking: {notification.marking}.")
    return "\n\n".join(parts)


def mark_read(*, user: User, notification: Notification | None = None) -> int:
    """Marks one of ``user``'s notifications read, or with none given all of them. Returns how
    many were unread."""
    unread = Notification.objects.shown_to(user).unread()
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())


def withdraw(*, user: User, topic: str) -> int:
    """Takes back ``user``'s notifications about ``topic``, when they may no longer see it: they
    leave the list and the count, and a digest not yet sent leaves them out."""
    return Notification.objects.filter(user=user, topic=topic, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )


def frequency_set(*, user: User, frequency: str) -> User:
    user.email_notifications = frequency
    user.full_clean(validate_unique=False)
    user.save(update_fields=["email_notifications"])
    return user
