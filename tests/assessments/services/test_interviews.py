import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.services.interviews import RoomClash, interview_cancel, interview_save
from tests.interviews import slot_of

LONDON = timezone.get_default_timezone()


def _at(day, start, end):
    date = datetime.date(2025, 3, 31) + datetime.timedelta(days=day)
    return (
        datetime.datetime.combine(date, datetime.time.fromisoformat(start), tzinfo=LONDON),
        datetime.datetime.combine(date, datetime.time.fromisoformat(end), tzinfo=LONDON),
    )


def _save(
    cast, on_site, when, *, room="Room 1", who=("education",), team=("lead",), interview=None, allow=False
):
    return interview_save(
        review=cast.review,
        interview=interview,
        slot=slot_of(on_site, *when, room=room, who=who, team=team),
        aspects=[1],
        lines_of_enquiry=[],
        allow_room_clash=allow,
        expected_version=interview.version if interview else None,
        by=cast.review_manager,
    )


def _refused(cast, on_site, when, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        _save(cast, on_site, when, **kwargs)
    return caught.value.messages


def test_an_interviewer_cannot_be_in_two_interviews_at_once(cast, on_site):
    _save(cast, on_site, _at(0, "09:30", "10:30"), team=("lead", "peer"))
    messages = _refused(
        cast, on_site, _at(0, "10:00", "11:00"), room="Room 2", who=("police",), team=("peer",)
    )
    assert messages == [f"{on_site['peer'].name} is already interviewing from 09:30 to 10:30 in Room 1"]


def test_an_interviewee_cannot_be_in_two_interviews_at_once(cast, on_site):
    _save(cast, on_site, _at(0, "09:30", "10:30"))
    messages = _refused(cast, on_site, _at(0, "09:00", "09:45"), room="Room 2", team=("peer",))
    assert messages == ["Education Manager is already being interviewed from 09:30 to 10:30 in Room 1"]


def test_a_room_booked_twice_is_a_warning_that_can_be_overridden(cast, on_site):
    _save(cast, on_site, _at(0, "09:30", "10:30"))
    with pytest.raises(RoomClash) as caught:
        _save(cast, on_site, _at(0, "10:00", "11:00"), room=" room  1 ", who=("police",), team=("peer",))
    assert caught.value.messages == ["Room 1 is already booked from 09:30 to 10:30"]
    booked = _save(
        cast, on_site, _at(0, "10:00", "11:00"), room="Room 1", who=("police",), team=("peer",), allow=True
    )
    assert booked.pk is not None


def test_times_outside_the_on_site_days_are_refused(cast, on_site):
    starts, ends = _at(2, "09:00", "10:00")
    assert _refused(cast, on_site, (starts, ends)) == [
        "Interviews must be on the on-site days, 31 March to 1 April 2025"
    ]


def test_an_end_before_the_start_is_refused(cast, on_site):
    assert _refused(cast, on_site, _at(0, "11:00", "10:00")) == ["The end time must be after the start time"]


def test_back_to_back_interviews_do_not_clash(cast, on_site):
    _save(cast, on_site, _at(0, "09:30", "10:30"))
    assert _save(cast, on_site, _at(0, "10:30", "11:30")).pk


def test_cancelled_interviews_free_their_slot_and_an_interview_does_not_clash_with_itself(cast, on_site):
    first = _save(cast, on_site, _at(0, "09:30", "10:30"))
    moved = _save(cast, on_site, _at(0, "09:45", "10:45"), interview=first)
    assert (moved.sequence, moved.version) == (1, 2)
    cancelled = interview_cancel(interview=moved, by=cast.review_manager)
    assert cancelled.cancelled_at is not None
    assert cancelled.sequence == 2
    assert _save(cast, on_site, _at(0, "09:30", "10:30")).pk


def test_without_on_site_days_nothing_can_be_scheduled(cast, on_site):
    cast.review.on_site_start = cast.review.on_site_end = None
    cast.review.save()
    assert _refused(cast, on_site, _at(0, "09:30", "10:30")) == [
        "Set the review's on-site days before scheduling interviews"
    ]


def test_the_service_tells_attendees_once_the_change_is_stored(
    cast, on_site, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        interview = _save(cast, on_site, _at(0, "09:30", "10:30"))
    invited = len(mailoutbox)
    assert invited >= 1
    assert mailoutbox[0].subject.startswith("Invitation:")
    with django_capture_on_commit_callbacks(execute=True):
        interview_cancel(interview=interview, by=cast.review_manager)
    assert len(mailoutbox) == 2 * invited
    assert mailoutbox[-1].subject.startswith("Cancelled:")
    with django_capture_on_commit_callbacks(execute=True):
        interview_cancel(interview=interview, by=cast.review_manager)  # already cancelled
    assert len(mailoutbox) == 2 * invited  # nobody is told twice


def test_a_refused_save_tells_nobody(cast, on_site, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _save(cast, on_site, _at(0, "09:30", "10:30"))
    sent = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        _save(cast, on_site, _at(9, "09:30", "10:30"))  # not an on-site day
    assert len(mailoutbox) == sent
