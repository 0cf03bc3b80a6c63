"""A person's calendar feed (iCalendar, RFC 5545, by the icalendar package): the key dates and
on-site days of their reviews as all-day events, and their reviews' interviews, for a calendar
program to subscribe to. Descriptions carry only what the schedule page shows."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from assessments.models import Interview
from assessments.reads.calendar import Entry

PRODID = "-//Scottish Government//Prevent peer reviews calendar//EN"
REFRESH = datetime.timedelta(hours=1)  # how often a subscribing program should read the feed again


def _day_event(entry: Entry, stamp: datetime.datetime) -> Event:
    review = entry.review
    event = Event()
    key = entry.what.lower().replace(" ", "-")
    event.add("uid", f"{review.reference}-{key}@{settings.SITE_URL.split('//')[-1]}")
    event.add("dtstamp", stamp)
    event.add("dtstart", entry.first)
    event.add("dtend", entry.last + datetime.timedelta(days=1))  # an all-day end is exclusive
    event.add("summary", f"{entry.what}: {review.host.name} Prevent peer review")
    about = f"{entry.what} of the Prevent peer review of {review.host.name}."
    link = settings.SITE_URL + reverse("review_detail", args=[review.reference])
    event.add("description", f"{about}\n{link}\nProtective marking: {review.protective_marking}.")
    event.add("transp", "TRANSPARENT")  # a due date does not make anyone busy
    return event


def _interview_event(interview: Interview, stamp: datetime.datetime) -> Event:
    zone = timezone.get_default_timezone()
    review = interview.review
    event = Event()
    event.add("uid", interview.uid)
    event.add("sequence", interview.sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", interview.starts.astimezone(zone))
    event.add("dtend", interview.ends.astimezone(zone))
    event.add("summary", f"Prevent peer review interview: {review.host.name}")
    event.add("location", interview.location)
    about = f"Interview for the Prevent peer review of {review.host.name}."
    event.add("description", f"{about}\nProtective marking: {review.protective_marking}.")
    return event


def calendar_feed(name: str, entries: list[Entry], interviews: list[Interview]) -> bytes:
    """The feed of ``name``'s dates and interviews, as the bytes of an .ics file."""
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Prevent peer reviews: {name}")
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")  # the same, as Outlook reads it
    for entry in entries:
        calendar.add_component(_day_event(entry, stamp))
    for interview in interviews:
        calendar.add_component(_interview_event(interview, stamp))
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data
