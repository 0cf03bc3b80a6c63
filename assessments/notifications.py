"""E-mails the service sends about a review (queued through ``peerreview.outbox``)."""

from django.utils import timezone
from django.utils.formats import date_format

from assessments import calendar
from assessments.models import Interview
from peerreview.outbox.services import email_queue


def interview_notify(interview: Interview) -> int:
    """Queues the interview's invitation (.ics attached) to every attendee with an address.

    Sent when an interview is created, changed or cancelled. Returns how many were queued.
    """
    interview = (
        Interview.objects.select_related("review__host")
        .prefetch_related("interviewer_links__person", "interviewee_links__stakeholder")
        .get(pk=interview.pk)
    )
    cancelled = interview.cancelled_at is not None
    ics = calendar.invitation(interview)
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
    sent = 0
    for _name, email in calendar.attendees(interview):
        email_queue(to=email, subject=subject, body=body, attachments=[calendar_file])
        sent += 1
    return sent
