"""Stage 3: stakeholders, the interview timetable and the team's confidential notes. Clashes are
found and explained before anything is saved."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format

from assessments.models import (
    Interview,
    InterviewInterviewee,
    InterviewInterviewer,
    InterviewNote,
    LineOfEnquiry,
    Review,
    ReviewPerson,
    Stakeholder,
)
from assessments.services.versioning import StaleEdit, save_if_current
from assessments.telling.notifications import interview_notify
from peerreview.accounts.models import Organisation, User


class RoomClash(Exception):
    """The room is booked at the same time. A review manager may book it anyway, knowingly."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__(" ".join(messages))


@dataclass(frozen=True)
class Slot:
    starts: datetime.datetime
    ends: datetime.datetime
    location: str
    interviewees: list[Stakeholder]
    interviewers: list[ReviewPerson]


def _time(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%H:%M")


def _same_room(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _slot_problems(review: Review, slot: Slot, *, exclude: Interview | None = None) -> list[str]:
    """The refusals: bad times and people in two places at once, in plain words."""
    problems = []
    if slot.ends <= slot.starts:
        problems.append("The end time must be after the start time")
    day = timezone.localtime(slot.starts).date()
    if review.on_site_start is None or review.on_site_end is None:
        problems.append("Set the review's on-site days before scheduling interviews")
    elif not review.on_site_start <= day <= review.on_site_end or timezone.localtime(slot.ends).date() != day:
        days = f"{date_format(review.on_site_start, 'j F')} to {date_format(review.on_site_end, 'j F Y')}"
        problems.append(f"Interviews must be on the on-site days, {days}")
    if problems:
        return problems
    for other in _overlapping(review, slot, exclude):
        when = f"{_time(other.starts)} to {_time(other.ends)}"
        for person in set(slot.interviewers) & set(other.interviewers.all()):
            problems.append(f"{person.name} is already interviewing from {when} in {other.location}")
        for stakeholder in set(slot.interviewees) & set(other.interviewees.all()):
            problems.append(f"{stakeholder} is already being interviewed from {when} in {other.location}")
    return problems


def _room_clashes(review: Review, slot: Slot, *, exclude: Interview | None = None) -> list[str]:
    return [
        f"{other.location} is already booked from {_time(other.starts)} to {_time(other.ends)}"
        for other in _overlapping(review, slot, exclude)
        if _same_room(other.location, slot.location)
    ]


def _overlapping(review: Review, slot: Slot, exclude: Interview | None) -> list[Interview]:
    others = (
        Interview.objects.scheduled()
        .filter(review=review, starts__lt=slot.ends, ends__gt=slot.starts)
        .prefetch_related("interviewers", "interviewees")
    )
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    return list(others)


@transaction.atomic
def interview_save(
    *,
    review: Review,
    interview: Interview | None = None,
    slot: Slot,
    aspects: list[int],
    lines_of_enquiry: list[LineOfEnquiry],
    allow_room_clash: bool = False,
    expected_version: int | None = None,
    by: User | None,
) -> Interview:
    """Creates or changes an interview, refusing people clashes and bad times outright and
    room clashes unless ``allow_room_clash``. Raises ``ValidationError`` or ``RoomClash``."""
    Review.objects.select_for_update().get(pk=review.pk)  # schedule changes one at a time
    problems = _slot_problems(review, slot, exclude=interview)
    if problems:
        raise ValidationError(problems)
    clashes = _room_clashes(review, slot, exclude=interview)
    if clashes and not allow_room_clash:
        raise RoomClash(clashes)
    if interview is None:
        interview = Interview(review=review, updated_by=by)
    else:
        _next_version(interview, expected_version=expected_version, by=by)
    interview.starts, interview.ends, interview.location = slot.starts, slot.ends, slot.location.strip()
    interview.aspects = aspects
    interview.full_clean()
    interview.save()
    interview.lines_of_enquiry.set(lines_of_enquiry)
    _attendees_set(interview, slot)
    # Queued in this transaction: attendees hear of a change only if it is stored.
    interview_notify(interview)
    return interview


def _next_version(interview: Interview, *, expected_version: int | None, by: User | None) -> None:
    """Makes ``interview`` the next version of the stored one (locked until the transaction
    ends), unless someone changed it since ``expected_version`` or it has been cancelled."""
    current = Interview.objects.select_for_update().get(pk=interview.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEdit(Interview.objects.select_related("updated_by").get(pk=interview.pk))
    if current.cancelled_at is not None:
        raise ValidationError("This interview has been cancelled")
    interview.version = current.version + 1
    interview.sequence = current.sequence + 1
    interview.updated_by = by


def _attendees_set(interview: Interview, slot: Slot) -> None:
    """The interview's interviewees and interviewers become the slot's."""
    InterviewInterviewee.objects.filter(interview=interview).delete()
    InterviewInterviewee.objects.bulk_create(
        InterviewInterviewee(interview=interview, stakeholder=person) for person in slot.interviewees
    )
    InterviewInterviewer.objects.filter(interview=interview).delete()
    InterviewInterviewer.objects.bulk_create(
        InterviewInterviewer(interview=interview, person=person) for person in slot.interviewers
    )


@transaction.atomic
def interview_cancel(*, interview: Interview, by: User | None) -> Interview:
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if interview.cancelled_at is None:
        interview.cancelled_at = timezone.now()
        interview.sequence += 1
        interview.version += 1
        interview.updated_by = by
        interview.save(update_fields=["cancelled_at", "sequence", "version", "updated_by", "updated_at"])
        interview_notify(interview)
    return interview


@transaction.atomic
def stakeholder_save(
    *,
    review: Review,
    stakeholder: Stakeholder | None = None,
    name: str,
    job_title: str,
    organisation: Organisation,
    email: str,
) -> Stakeholder:
    if stakeholder is None:
        position = (Stakeholder.objects.filter(review=review).aggregate(p=Max("position"))["p"] or 0) + 1
        stakeholder = Stakeholder(review=review, position=position)
    stakeholder.name, stakeholder.job_title = name.strip(), job_title.strip()
    stakeholder.organisation, stakeholder.email = organisation, email.strip()
    stakeholder.full_clean()
    stakeholder.save()
    return stakeholder


@transaction.atomic
def stakeholder_remove(*, stakeholder: Stakeholder) -> None:
    """Removes a stakeholder no interview lists; one that an interview lists stays, so that the
    timetable and the report's participating agencies keep them."""
    listed = Interview.objects.listing(Stakeholder.objects.select_for_update().get(pk=stakeholder.pk))
    if listed.exists():
        raise ValidationError(
            f"{stakeholder} is an interviewee in {listed.count()} interview(s). "
            "Take them out of those interviews first"
        )
    stakeholder.delete()


@transaction.atomic
def note_save(*, interview: Interview, author: User, text: str, expected_version: int) -> InterviewNote:
    """Saves one interviewer's notes. A save from an older copy (another tab, say) is refused."""
    note = InterviewNote.objects.select_for_update().filter(interview=interview, author=author).first()
    if note is None:
        if expected_version != 0:
            raise StaleEdit(InterviewNote.objects.get(interview=interview, author=author))
        note = InterviewNote(interview=interview, author=author, text=text, updated_by=author)
        note.full_clean()
        note.save()
        return note
    note.text = text
    note.full_clean(exclude=["version"])
    save_if_current(note, expected_version=expected_version, by=author, fields=["text"])
    return note
