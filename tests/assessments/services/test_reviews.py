import datetime

import pytest
from django.core.exceptions import ValidationError

from assessments.models import ReviewPerson
from assessments.services.reviews import person_add, reference_suggest


def test_reference_suggestions_avoid_taken_ones(cast):
    assert reference_suggest("Ardlarich Council", None).startswith("ardlarich-council-")
    cast.review.reference = "ardlarich-council-2030"
    cast.review.save()
    assert reference_suggest("Ardlarich Council", datetime.date(2030, 5, 1)) == "ardlarich-council-2030-2"


def test_the_host_cannot_be_named_as_a_team_members_organisation(cast):
    with pytest.raises(ValidationError) as caught:
        person_add(
            review=cast.review,
            email="new@example.org",
            full_name="New",
            job_title="Officer",
            role="peer",
            organisation_name="ardlarich council",
            by=cast.review_manager,
        )
    assert "cannot be on the team" in str(caught.value)
    assert not ReviewPerson.objects.filter(email="new@example.org").exists()
