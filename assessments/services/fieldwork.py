"""Confidential interview notes and the stage 4 presentation."""

import datetime

from django.db import transaction

from assessments.models import Interview, InterviewNote, Presentation, Report, Review
from assessments.services.versioning import StaleEdit, save_if_current
from peerreview.accounts.models import User


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


@transaction.atomic
def presentation_save(
    *,
    review: Review,
    date: datetime.date,
    attendees: list[str],
    key_findings: list[str],
    expected_version: int,
    by: User | None,
) -> Report:
    """Records the stage 4 presentation and the key findings the team drafted for it.

    The key findings are the report's: drafting them here is drafting the report's list.
    """
    presentation = Presentation.objects.filter(review=review).first() or Presentation(review=review)
    presentation.date, presentation.attendees = date, attendees
    presentation.full_clean()
    presentation.save()
    report, _ = Report.objects.get_or_create(review=review)
    report.key_findings = key_findings
    report.full_clean(exclude=["version"])
    save_if_current(report, expected_version=expected_version, by=by, fields=["key_findings"])
    return report
