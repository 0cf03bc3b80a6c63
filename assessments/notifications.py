"""E-mails the service sends about a review."""

from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.formats import date_format

from assessments import calendar
from assessments.models import Interview


def interview_notify(interview: Interview) -> int:
    """E-mails every attendee with an address the interview's invitation (.ics attached).

    Sent when an interview is created, changed or cancelled. Returns how many were sent.
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
    sent = 0
    for _name, email in calendar.attendees(interview):
        message = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[email])
        message.attach(_calendar_part(ics, method))
        sent += message.send()
    return sent


def _calendar_part(ics: bytes, method: str) -> MIMEText:
    # Built here rather than by EmailMessage.attach, which adds a second charset parameter to a
    # text attachment whose type already names one.
    part = MIMEText(ics.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="interview.ics")
    return part
