"""The team's findings, the review's record of what it found (good practice and suggested
improvements under each delivery area): written from stage 4 until a version of the report is
published (``access``: ``edit_findings``), ordered as the report lists them, and kept while the
council's action plan answers them."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from assessments.models import DeliveryArea, Finding, LineOfEnquiry, Review
from assessments.services.versioning import save_if_current
from peerreview.accounts.models import User


@transaction.atomic
def finding_create(
    *,
    review: Review,
    area: DeliveryArea,
    kind: str,
    aspects: list[int],
    lines_of_enquiry: Iterable[LineOfEnquiry],
    text: str,
    by: User | None,
) -> Finding:
    position = (Finding.objects.filter(review=review).aggregate(p=Max("position"))["p"] or 0) + 1
    finding = Finding(
        review=review, area=area, kind=kind, aspects=aspects, text=text.strip(), position=position
    )
    finding.updated_by = by
    finding.full_clean()
    finding.save()
    finding.lines_of_enquiry.set(lines_of_enquiry)
    return finding


@transaction.atomic
def finding_update(
    *,
    finding: Finding,
    area: DeliveryArea,
    kind: str,
    aspects: list[int],
    lines_of_enquiry: Iterable[LineOfEnquiry],
    text: str,
    expected_version: int,
    by: User | None,
) -> Finding:
    finding.area, finding.kind, finding.aspects, finding.text = area, kind, aspects, text.strip()
    finding.full_clean(exclude=["version"])
    save_if_current(
        finding, expected_version=expected_version, by=by, fields=["area", "kind", "aspects", "text"]
    )
    finding.lines_of_enquiry.set(lines_of_enquiry)
    return finding


@transaction.atomic
def finding_move(*, finding: Finding, up: bool) -> None:
    """Swaps a finding with its neighbour in the same area and kind, as the report lists them."""
    siblings = list(
        Finding.objects.select_for_update()
        .filter(review=finding.review, area=finding.area, kind=finding.kind)
        .order_by("position", "pk")
    )
    index = next(i for i, f in enumerate(siblings) if f.pk == finding.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    a, b = siblings[index], siblings[other]
    a.position, b.position = b.position, a.position
    if a.position == b.position:  # equal positions (imported) would not move; make them distinct
        b.position += 1 if up else -1
    Finding.objects.filter(pk=a.pk).update(position=a.position)
    Finding.objects.filter(pk=b.pk).update(position=b.position)


@transaction.atomic
def finding_delete(*, finding: Finding) -> None:
    if finding.actions.exists():
        raise ValidationError(
            "The council's action plan has actions against this finding, so it cannot be deleted"
        )
    finding.delete()
