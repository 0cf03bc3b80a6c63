"""Stage 1: the host's answers, saved one aspect at a time, then submitted."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.models import (
    Aspect,
    AspectResponse,
    Evidence,
    RatingLevel,
    Review,
    SelfAssessment,
    SelfAssessmentReopening,
)
from assessments.rules.access import Permission
from assessments.services.evidence import aspect_evidence_change
from assessments.services.versioning import StaleEdit, save_if_current
from assessments.telling.notifications import tell
from peerreview.accounts.models import User

INCOMPLETE = "Answer every aspect (a rating and a description) before you submit"
ALREADY_SUBMITTED = "The self-assessment has been submitted, so it can no longer be changed"


def _self_assessment_row(review: Review) -> SelfAssessment:
    """The review's self-assessment row, made the first time a write needs it (never by a read)."""
    self_assessment, _ = SelfAssessment.objects.get_or_create(review=review)
    return self_assessment


@transaction.atomic
def response_save(
    *,
    review: Review,
    aspect: Aspect,
    rating: RatingLevel | None,
    narrative: str,
    evidence: list[Evidence],
    evidence_shown: list[int],
    expected_version: int,
    by: User | None,
) -> AspectResponse:
    """Saves the answer to one aspect, and the documents chosen as supporting it.

    ``expected_version`` is the version the editor loaded (0 for an aspect nobody has answered);
    if someone saved since, ``StaleEdit`` is raised and nothing changes. ``evidence_shown`` are
    the documents the page showed as linked (see ``aspect_evidence_change``).
    """
    self_assessment = SelfAssessment.objects.select_for_update().get(pk=_self_assessment_row(review).pk)
    if self_assessment.is_submitted:
        raise ValidationError(ALREADY_SUBMITTED)
    response = AspectResponse.objects.filter(self_assessment=self_assessment, aspect=aspect).first()
    if response is None:
        if expected_version != 0:
            raise ValidationError("This answer no longer exists. Reload the page")
        response = AspectResponse(self_assessment=self_assessment, aspect=aspect, version=0)
    elif response.version != expected_version:
        raise StaleEdit(AspectResponse.objects.select_related("updated_by", "rating").get(pk=response.pk))
    response.rating = rating
    response.narrative = narrative.strip()
    response.full_clean(exclude=["version"])
    if response.pk is None:
        response.version, response.updated_by = 1, by
        response.save()
    else:
        save_if_current(response, expected_version=expected_version, by=by, fields=["rating", "narrative"])
    aspect_evidence_change(review=review, aspect=aspect, chosen=evidence, shown=evidence_shown)
    return response


@transaction.atomic
def self_assessment_submit(*, review: Review, by: User | None) -> SelfAssessment:
    self_assessment = SelfAssessment.objects.select_for_update().get(pk=_self_assessment_row(review).pk)
    if self_assessment.is_submitted:
        raise ValidationError(ALREADY_SUBMITTED)
    if AspectResponse.objects.incomplete_aspects(review):
        raise ValidationError(INCOMPLETE)
    self_assessment.submitted_on = timezone.localdate()
    self_assessment.submitted_by = by
    self_assessment.save(update_fields=["submitted_on", "submitted_by"])
    tell(
        review=review,
        permission=Permission.VIEW_LINES_OF_ENQUIRY,  # the review team
        subject="Self-assessment submitted",
        lines=["The council has submitted its self-assessment. The evidence review can begin."],
        url_name="evidence_review",
        # Each submission is one event: the first, or the one after each reopening.
        event=f"self-assessment-submitted-{self_assessment.pk}-{self_assessment.reopenings.count()}",
    )
    return self_assessment


@transaction.atomic
def self_assessment_reopen(*, review: Review, reason: str, by: User | None) -> SelfAssessmentReopening:
    self_assessment = SelfAssessment.objects.select_for_update().get(pk=_self_assessment_row(review).pk)
    if not self_assessment.is_submitted:
        raise ValidationError("The self-assessment is open already")
    reopening = SelfAssessmentReopening(self_assessment=self_assessment, reason=reason.strip(), by=by)
    reopening.full_clean()
    reopening.save()
    self_assessment.submitted_on, self_assessment.submitted_by = None, None
    self_assessment.save(update_fields=["submitted_on", "submitted_by"])
    tell(
        review=review,
        permission=Permission.EDIT_SELF_ASSESSMENT,  # the SPOC and deputy, now it is open
        subject="The self-assessment is open again",
        lines=["A review manager has reopened the self-assessment for changes:", reopening.reason],
        url_name="self_assessment",
        event=f"self-assessment-reopened-{reopening.pk}",
    )
    return reopening
