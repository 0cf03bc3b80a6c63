"""Stage 2: the team's key lines of enquiry."""

from django.db import transaction
from django.db.models import Max

from assessments.models import LineOfEnquiry, Review
from assessments.services.versioning import save_if_current
from peerreview.accounts.models import User


@transaction.atomic
def line_of_enquiry_create(
    *, review: Review, text: str, aspects: list[int], by: User | None
) -> LineOfEnquiry:
    position = (LineOfEnquiry.objects.filter(review=review).aggregate(p=Max("position"))["p"] or 0) + 1
    line = LineOfEnquiry(review=review, text=text.strip(), aspects=aspects, position=position, updated_by=by)
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def line_of_enquiry_update(
    *, line: LineOfEnquiry, text: str, aspects: list[int], expected_version: int, by: User | None
) -> LineOfEnquiry:
    line.text, line.aspects = text.strip(), aspects
    line.full_clean(exclude=["version"])
    save_if_current(line, expected_version=expected_version, by=by, fields=["text", "aspects"])
    return line


@transaction.atomic
def line_of_enquiry_delete(*, line: LineOfEnquiry) -> None:
    line.delete()
