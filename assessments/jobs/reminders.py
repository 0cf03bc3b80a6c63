"""Reminders about the action plan: due within 14 days, or overdue. Each reminder for an
action's due date goes once, however often it runs (a task, queued daily by the
``send_reminders`` command)."""

import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django_tasks import task

from assessments.models import WARNING_DAYS, Action, ActionStatus, ReminderKind, ReminderSent, Review
from assessments.models.plan import DUE, OVERDUE, due_state
from assessments.reads import timeline
from assessments.rules import access
from assessments.rules.access import Permission
from assessments.rules.facts import facts_from_annotations
from assessments.services.feedback import feedback_remind
from assessments.telling.notifications import tell
from peerreview.accounts.models import User
from peerreview.inbox.services import notify


def _kind(action: Action, today: datetime.date) -> str | None:
    """The reminder an action's date calls for today, by the rule every page says it by."""
    state = due_state(action.due, today)
    return {OVERDUE: ReminderKind.OVERDUE, DUE: ReminderKind.DUE_SOON}.get(state)


def _recipients(action: Action, contacts: dict[int, list[User]]) -> list[User]:
    """The council's SPOC and deputy while they may keep the plan, and the action's owner while
    they may read it: by the access rules, as every notification."""
    review = action.finding.review
    if review.pk not in contacts:
        contacts[review.pk] = access.people_who_may(review, Permission.EDIT_ACTIONS)
    people = {person.pk: person for person in contacts[review.pk]}
    owner = action.owner_user
    if owner is not None and owner.is_active and access.can(owner, Permission.VIEW_ACTIONS, review):
        people[owner.pk] = owner
    return sorted(people.values(), key=lambda person: person.email)


def send_reminders(*, today: datetime.date) -> int:
    """Tells people of the reminders due today and not yet sent. Returns how many actions."""
    actions = (
        Action.objects.exclude(status=ActionStatus.DONE)
        .filter(
            finding__review__closed_at__isnull=True, due__lte=today + datetime.timedelta(days=WARNING_DAYS)
        )
        .select_related("finding__review__host", "owner_user")
        .order_by("finding__review_id", "due", "pk")
    )
    contacts: dict[int, list[User]] = {}
    sent = 0
    for action in actions:
        kind = _kind(action, today)
        recipients = _recipients(action, contacts)
        if kind is None or not recipients:
            continue
        try:
            with transaction.atomic():
                ReminderSent.objects.create(action=action, due=action.due, kind=kind)
                _send(action, kind, recipients)
                sent += 1
        except IntegrityError:
            continue  # sent on an earlier run
    return sent


def _send(action: Action, kind: str, recipients: list[User]) -> None:
    review = action.finding.review
    when = date_format(action.due, "j F Y")
    state = "was due on" if kind == ReminderKind.OVERDUE else "is due on"
    body = (
        f"An action in the {review.host.name} Prevent peer review action plan {state} {when}:\n\n"
        f"{action.description}\n\nOwner: {action.owner}. Status: {action.get_status_display()}."
    )
    subject = f"{'Overdue' if kind == ReminderKind.OVERDUE else 'Due soon'}: an action in the action plan"
    for person in recipients:
        notify(
            user=person,
            topic=review.reference,
            subject=f"{subject}: {review.host.name}",
            body=body,
            url=reverse("action_detail", args=[review.reference, action.pk]),
            marking=review.protective_marking,
        )


def plan_dates_passed_tell(*, today: datetime.date) -> int:
    """Tells each open review's managers of each date in its plan that has passed with its work
    not done (``timeline.overdue``): once for each date, however often it runs. Returns how many
    were told this run."""
    told = 0
    for review in Review.objects.filter(closed_at__isnull=True).with_facts().select_related("host"):
        facts = facts_from_annotations(review)
        for label, date in timeline.overdue(facts, timeline.plan_of(review), today):
            when = date_format(date, "j F Y")
            told += tell(
                review=review,
                permission=Permission.EDIT_REVIEW,  # the review's managers, who own its plan
                subject=f"A date in the plan has passed: {label}",
                lines=[f"{label} was {when}, and the review has not reached it yet."],
                url_name="review_detail",
                event=f"plan-passed-{review.pk}-{label}-{date.isoformat()}",
            )
    return told


@task()
def reminders_send() -> int:
    """The daily reminders, as a background task: actions due or overdue, the plan's dates passed
    (to the review's managers), and the council's feedback not yet given two weeks after it was
    asked for. Each goes once, however often it runs."""
    today = timezone.localdate()
    return (
        send_reminders(today=today)
        + plan_dates_passed_tell(today=today)
        + feedback_remind(now=timezone.now())
    )
