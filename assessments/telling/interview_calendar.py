"""Interview invitations as iCalendar (RFC 5545), built with the icalendar package.

Descriptions carry only what every attendee may read: no notes, no lines of enquiry.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from assessments.models import Interview, Role

PRODID = "-//Scottish Government//Prevent peer reviews//EN"


def attendees(interview: Interview) -> list[tuple[str, str]]:
    """(name, e-mail) for everyone in the interview who has an address, interviewers first."""
    people = [(link.person.name, link.person.email) for link in interview.interviewer_links.all()]
    people += [(str(link.stakeholder), link.stakeholder.email) for link in interview.interviewee_links.all()]
    seen, unique = set(), []
    for name, email in people:
        if email and email.lower() not in seen:
            seen.add(email.lower())
            unique.append((name, email))
    return unique


def _organiser(review) -> tuple[str, str]:
    manager = review.people.current().filter(role=Role.REVIEW_MANAGER).exclude(email="").first()
    if manager is not None:
        return manager.name, manager.email
    return settings.SERVICE_NAME, settings.DEFAULT_FROM_EMAIL.split("<")[-1].rstrip(">")


def _address(name: str, email: str, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(name)
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


def _event(
    interview: Interview, *, cancelled: bool, organiser: tuple[str, str], asks_reply: bool = True
) -> Event:
    zone = timezone.get_default_timezone()
    review = interview.review
    event = Event()
    event.add("uid", interview.uid)
    event.add("sequence", interview.sequence)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", interview.starts.astimezone(zone))
    event.add("dtend", interview.ends.astimezone(zone))
    event.add("summary", f"Prevent peer review interview: {review.host.name}")
    event.add("location", interview.location)
    aspects = ", ".join(str(n) for n in interview.aspects) or "to be confirmed"
    event.add(
        "description",
        f"Interview for the Prevent peer review of {review.host.name}.\n"
        f"Aspects of the self-assessment framework to discuss: {aspects}.\n"
        f"Protective marking: {review.protective_marking}.",
    )
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("organizer", _address(*organiser))
    # An invitation (REQUEST) asks each attendee to reply; a schedule to add to one's own calendar
    # (PUBLISH) only lists them, as RFC 5546 has no replies to a published event.
    reply = {"PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"} if asks_reply else {}
    for name, email in attendees(interview):
        event.add("attendee", _address(name, email, ROLE="REQ-PARTICIPANT", **reply))
    return event


def _calendar(method: str, events: list[Event]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def invitation(interview: Interview) -> bytes:
    """METHOD:REQUEST for a new or changed interview; METHOD:CANCEL once cancelled."""
    cancelled = interview.cancelled_at is not None
    event = _event(interview, cancelled=cancelled, organiser=_organiser(interview.review))
    return _calendar("CANCEL" if cancelled else "REQUEST", [event])


def schedule(review, interviews) -> bytes:
    """A review's schedule, or part of it, to add to a calendar (METHOD:PUBLISH). The organiser
    is looked up once for the whole calendar."""
    organiser = _organiser(review)
    events = [_event(i, cancelled=False, organiser=organiser, asks_reply=False) for i in interviews]
    return _calendar("PUBLISH", events)
