"""Stage 4: the presentation of key findings, whose key findings are the report's."""

import datetime

from django.db import transaction

from assessments.models import Presentation, Report, Review
from assessments.services.versioning import save_if_current
from peerreview.accounts.models import User


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
