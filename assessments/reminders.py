"""Reminders about the action plan: due within 14 days, or overdue. Each reminder for an
action's due date goes once, however often the command runs."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.formats import date_format

from assessments.models import Action, ActionStatus, ReminderKind, ReminderSent, ReviewPerson, Role
from peerreview.outbox.services import email_queue

DUE_SOON_DAYS = 14


def _kind(action: Action, today: datetime.date) -> str | None:
    if action.due < today:
        return ReminderKind.OVERDUE
    if action.due <= today + datetime.timedelta(days=DUE_SOON_DAYS):
        return ReminderKind.DUE_SOON
    return None


def _recipients(action: Action, spocs: dict[int, list[str]]) -> list[str]:
    emails = list(spocs.get(action.finding.review_id, []))
    if action.owner_user and action.owner_user.email:
        emails.append(action.owner_user.email)
    return sorted(set(emails))


def send_reminders(*, today: datetime.date) -> int:
    """Sends the reminders that are due today and not yet sent. Returns how many e-mails went."""
    actions = (
        Action.objects.exclude(status=ActionStatus.DONE)
        .filter(
            finding__review__closed_at__isnull=True, due__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)
        )
        .select_related("finding__review__host", "owner_user")
    )
    spocs: dict[int, list[str]] = defaultdict(list)
    for person in (
        ReviewPerson.objects.current().filter(role__in=[Role.SPOC, Role.DEPUTY_SPOC]).exclude(email="")
    ):
        spocs[person.review_id].append(person.email)
    sent = 0
    for action in actions:
        kind = _kind(action, today)
        recipients = _recipients(action, spocs)
        if kind is None or not recipients:
            continue
        try:
            with transaction.atomic():
                ReminderSent.objects.create(action=action, due=action.due, kind=kind)
                sent += _send(action, kind, recipients)
        except IntegrityError:
            continue  # sent on an earlier run
    return sent


def _send(action: Action, kind: str, recipients: list[str]) -> int:
    review = action.finding.review
    when = date_format(action.due, "j F Y")
    state = "was due on" if kind == ReminderKind.OVERDUE else "is due on"
    body = (
        f"An action in the {review.host.name} Prevent peer review action plan {state} {when}:\n\n"
        f"  {action.description}\n\nOwner: {action.owner}. Status: {action.get_status_display()}.\n\n"
        f"Update it at {settings.SITE_URL}/reviews/{review.reference}/actions/\n\n"
        f"Protective marking: {review.protective_marking}."
    )
    prefix = "Overdue" if kind == ReminderKind.OVERDUE else "Due soon"
    subject = f"{prefix}: Prevent action plan, {review.host.name}"
    # One e-mail to each person: OFFICIAL mail does not show its readers to each other.
    for recipient in recipients:
        email_queue(to=recipient, subject=subject, body=body)
    return 1
