"""What the service tells people about a review, in the caller's transaction: the hand-offs the
services tell people about (a notification in the service, e-mailed at once or in a daily digest,
through ``peerreview.inbox``), and interview invitations (e-mailed at once with their calendar
file, through ``peerreview.outbox``, and kept in the service for attendees with an account).

Who is told at a hand-off is decided by the access rules at that moment
(``access.people_who_may``), so nobody is told about what they may not see.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from assessments.models import Interview, Review
from assessments.rules import access
from assessments.rules.access import Permission
from assessments.telling import interview_calendar
from peerreview.accounts.models import User
from peerreview.inbox import services as inbox
from peerreview.outbox.services import email_queue


def interview_notify(interview: Interview) -> int:
    """Queues the interview's invitation (.ics attached) to every attendee with an address.

    Sent when an interview is created, changed or cancelled. Returns how many were queued.
    """
    interview = Interview.objects.select_related("review__host").with_attendees().get(pk=interview.pk)
    cancelled = interview.cancelled_at is not None
    ics = interview_calendar.invitation(interview)
    when = date_format(timezone.localtime(interview.starts), "l j F Y, H:i")
    ends = timezone.localtime(interview.ends).strftime("%H:%M")
    host = interview.review.host.name
    if cancelled:
        subject = f"Cancelled: Prevent peer review interview, {host}, {when}"
        body = f"The interview on {when} to {ends} at {interview.location} has been cancelled."
    elif interview.sequence == 0:
        subject = f"Invitation: Prevent peer review interview, {host}, {when}"
        body = f"You are invited to an interview on {when} to {ends} at {interview.location}."
    else:
        subject = f"Changed: Prevent peer review interview, {host}, {when}"
        body = f"The interview is now on {when} to {ends} at {interview.location}."
    body += (
        f"\n\nThis is part of the Prevent peer review of {host}. The calendar invitation is attached."
        f"\n\nProtective marking: {interview.review.protective_marking}."
    )
    method = "CANCEL" if cancelled else "REQUEST"
    calendar_file = {
        "filename": "interview.ics",
        "content": ics.decode("utf-8"),
        "subtype": "calendar",
        "params": {"method": method},
    }
    invited = [email for _name, email in interview_calendar.attendees(interview)]
    for email in invited:
        email_queue(to=email, subject=subject, body=body, attachments=[calendar_file])
    _notify_attendees_in_service(interview, invited, subject, body.split("\n\n")[0])
    return len(invited)


def _notify_attendees_in_service(interview: Interview, invited: list[str], subject: str, text: str) -> None:
    """The attendees with an account who may see the schedule also find the invitation in the
    service. Its e-mail went already, with the calendar file, which cannot wait for a digest."""
    addresses = {email.lower() for email in invited}
    for person in access.people_who_may(interview.review, Permission.VIEW_SCHEDULE):
        if person.email.lower() in addresses:
            inbox.notify(
                user=person,
                topic=interview.review.reference,
                subject=subject,
                body=text,
                url=reverse("interview_detail", args=[interview.review.reference, interview.pk]),
                marking=interview.review.protective_marking,
                emailed=True,
            )


def tell(
    *,
    review: Review,
    permission: Permission,
    subject: str,
    lines: list[str],
    url_name: str,
    exclude: User | None = None,
    programme: bool = False,
    event: str = "",
) -> int:
    """Tells the people on ``review`` who may do ``permission`` on it now (with ``programme``,
    the programme's review managers too), but ``exclude`` (who acted): in the service, and by
    e-mail at once or in their digest. With ``event``, each is told of it once, however often
    this runs. Returns how many were told now."""
    people = [
        person
        for person in access.people_who_may(review, permission, programme=programme)
        if exclude is None or person.pk != exclude.pk
    ]
    before = inbox.told_of(event, people)  # the database refuses them a second telling anyway
    for person in people:
        if person.pk not in before:
            _notify(person, review, subject, lines, url_name, event=event)
    return len(people) - len(before)


def tell_person(
    *,
    person: User,
    review: Review,
    permission: Permission,
    subject: str,
    lines: list[str],
    url_name: str,
    emailed: bool = False,
    event: str = "",
) -> bool:
    """Tells one person about ``review``, if the access rules let them ``permission`` on it
    now (a comment's author after it is resolved, say). Returns whether they were told.
    ``emailed``: an e-mail of its own has told them already (an invitation to a new account).
    With ``event``, they are told of it once, however often this runs."""
    fresh = Review.objects.select_related("report").get(pk=review.pk)
    if not person.is_active or not access.can(person, permission, fresh):
        return False
    _notify(person, review, subject, lines, url_name, emailed=emailed, event=event)
    return True


def _notify(
    person: User,
    review: Review,
    subject: str,
    lines: list[str],
    url_name: str,
    *,
    emailed: bool = False,
    event: str = "",
) -> None:
    inbox.notify(
        user=person,
        topic=review.reference,
        subject=f"{subject}: {review.host.name}",
        body="\n\n".join(line for line in lines if line),
        url=reverse(url_name, args=[review.reference]),
        marking=review.protective_marking,
        emailed=emailed,
        event=event,
    )
