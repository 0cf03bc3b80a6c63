"""The daily digest, as a background task: each person's notifications not yet e-mailed, in one
e-mail. A digest run twice sends each notification once: a person's are locked, e-mailed and
marked in one transaction."""

from itertools import groupby

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django_tasks import task

from peerreview.accounts.models import User
from peerreview.inbox.models import Notification
from peerreview.outbox.services import email_queue


@task()
def send_digests() -> int:
    """E-mails each person their notifications awaiting a digest. Returns how many e-mails."""
    waiting = Notification.objects.awaiting_digest().order_by("user_id")
    user_ids = list(waiting.values_list("user_id", flat=True).distinct())
    return sum(_digest_for(user_id) for user_id in user_ids)


@transaction.atomic
def _digest_for(user_id: int) -> int:
    user = User.objects.select_for_update().get(pk=user_id)
    waiting = list(
        Notification.objects.awaiting_digest().filter(user=user).order_by("topic", "created_at", "pk")
    )
    if not waiting:
        return 0  # sent by a digest running beside this one
    email_queue(to=user.email, subject=_subject(len(waiting)), body=_body(waiting))
    Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(emailed_at=timezone.now())
    return 1


def _subject(count: int) -> str:
    return f"Prevent peer reviews: {count} update{'s' if count != 1 else ''} for you"


def _body(notifications: list[Notification]) -> str:
    parts = ["What happened on your reviews since your last e-mail:"]
    for _topic, group in groupby(notifications, key=lambda n: n.topic):
        for notification in group:
            when = date_format(timezone.localtime(notification.created_at), "j F Y, H:i")
            link = f"{settings.SITE_URL}{notification.url}"
            parts.append(f"{notification.subject} ({when})\n\n{notification.body}\n\nOpen it at {link}")
    parts.append(f"All your notifications: {settings.SITE_URL}{reverse('notifications')}")
    markings = sorted({n.marking for n in notifications if n.marking})
    if markings:
        parts.append(f"Protective marking: {', '.join(markings)}.")
    return "\n\n---\n\n".join(parts)
