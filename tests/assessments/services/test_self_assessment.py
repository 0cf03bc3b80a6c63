import pytest
from django.core.exceptions import ValidationError

from assessments.models import AspectResponse, SelfAssessment
from assessments.services.self_assessment import response_save, self_assessment_reopen, self_assessment_submit
from assessments.services.versioning import StaleEdit


def _save(cast, number, narrative, version, by=None):
    framework = cast.review.framework
    return response_save(
        review=cast.review,
        aspect=framework.aspects.get(number=number),
        rating=framework.rating_levels.get(key="established"),
        narrative=narrative,
        evidence=[],
        evidence_shown=[],
        expected_version=version,
        by=by or cast.spoc,
    )


def test_two_first_saves_of_one_aspect_cannot_both_win(cast):
    _save(cast, 1, "first", 0)
    with pytest.raises(StaleEdit) as caught:
        _save(cast, 1, "second", 0, by=cast.deputy)
    assert caught.value.current.narrative == "first"
    assert AspectResponse.objects.get().narrative == "first"


def test_versions_count_up_with_each_save(cast):
    assert _save(cast, 1, "a", 0).version == 1
    assert _save(cast, 1, "b", 1).version == 2
    with pytest.raises(StaleEdit):
        _save(cast, 1, "c", 1)


def test_nothing_is_saved_after_submission(cast):
    framework = cast.review.framework
    for aspect in framework.aspects.all():
        _save(cast, aspect.number, "answer", 0)
    self_assessment_submit(review=cast.review, by=cast.spoc)
    with pytest.raises(ValidationError, match="has been submitted"):
        _save(cast, 1, "late", 1)
    with pytest.raises(ValidationError, match="has been submitted"):
        self_assessment_submit(review=cast.review, by=cast.spoc)


def test_reopening_needs_a_reason_and_a_submitted_self_assessment(cast):
    SelfAssessment.objects.create(review=cast.review)
    with pytest.raises(ValidationError, match="open already"):
        self_assessment_reopen(review=cast.review, reason="x", by=cast.review_manager)
    SelfAssessment.objects.filter(review=cast.review).update(submitted_on="2025-02-14")
    with pytest.raises(ValidationError):
        self_assessment_reopen(review=cast.review, reason="  ", by=cast.review_manager)
    assert SelfAssessment.objects.get(review=cast.review).is_submitted
