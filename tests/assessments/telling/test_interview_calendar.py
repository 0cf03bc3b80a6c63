import datetime

from django.utils import timezone
from icalendar import Calendar

from assessments.models import Interview, InterviewNote, LineOfEnquiry
from assessments.services.interviews import Slot, interview_cancel, interview_save
from assessments.telling import interview_calendar

LONDON = timezone.get_default_timezone()


def _interview(cast, book_interview):
    line = LineOfEnquiry.objects.create(review=cast.review, text="SECRET LINE OF ENQUIRY")
    interview = book_interview(
        9, 30, who=["spoc", "education"], team=["lead", "manager"], aspects=[1, 13], lines=[line]
    )
    InterviewNote.objects.create(interview=interview, author=cast.lead_peer, text="SECRET NOTE")
    return Interview.objects.get(pk=interview.pk)


def _event(ics: bytes):
    parsed = Calendar.from_ical(ics)
    (event,) = parsed.walk("VEVENT")
    return parsed, event


def test_an_invitation_is_a_request_with_every_field(cast, book_interview):
    interview = _interview(cast, book_interview)
    parsed, event = _event(interview_calendar.invitation(interview))
    assert parsed["METHOD"] == "REQUEST"
    assert parsed["VERSION"] == "2.0"
    assert parsed.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"
    assert str(event["UID"]) == interview.uid
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == datetime.datetime(2025, 3, 31, 9, 30, tzinfo=LONDON)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(hours=1)
    assert str(event["LOCATION"]) == "Committee Room 2"
    assert str(event["ORGANIZER"]) == f"mailto:{cast.review_manager.email}"
    attendees = sorted(str(a) for a in event["ATTENDEE"])
    # The education manager has no address, so is not invited by e-mail.
    assert attendees == sorted(
        f"mailto:{email}" for email in (cast.lead_peer.email, cast.review_manager.email, cast.spoc.email)
    )
    description = str(event["DESCRIPTION"])
    assert "Aspects of the self-assessment framework to discuss: 1, 13." in description
    assert "SECRET" not in interview_calendar.invitation(interview).decode()


def test_a_change_keeps_the_uid_and_raises_the_sequence_and_a_cancel_says_so(cast, book_interview):
    interview = _interview(cast, book_interview)
    slot = Slot(
        starts=interview.starts + datetime.timedelta(hours=1),
        ends=interview.ends + datetime.timedelta(hours=1),
        location="Committee Room 3",
        interviewees=list(interview.interviewees.all()),
        interviewers=list(interview.interviewers.all()),
    )
    changed = interview_save(
        review=cast.review,
        interview=interview,
        slot=slot,
        aspects=[1],
        lines_of_enquiry=[],
        by=cast.review_manager,
    )
    _, event = _event(interview_calendar.invitation(changed))
    assert (str(event["UID"]), event["SEQUENCE"]) == (interview.uid, 1)
    assert event.decoded("DTSTART").hour == 10
    cancelled = interview_cancel(interview=changed, by=cast.review_manager)
    parsed, event = _event(interview_calendar.invitation(cancelled))
    assert parsed["METHOD"] == "CANCEL"
    assert (str(event["UID"]), event["SEQUENCE"], str(event["STATUS"])) == (interview.uid, 2, "CANCELLED")


def test_a_schedule_publishes_every_interview(cast, book_interview):
    interview = _interview(cast, book_interview)
    parsed = Calendar.from_ical(interview_calendar.schedule(cast.review, [interview]))
    assert parsed["METHOD"] == "PUBLISH"
    assert [str(e["UID"]) for e in parsed.walk("VEVENT")] == [interview.uid]
    # A published schedule asks nobody to reply (issue 14, item 12).
    attendees = parsed.walk("VEVENT")[0].get("ATTENDEE")
    assert attendees
    assert not any("RSVP" in a.params or "PARTSTAT" in a.params for a in attendees)
