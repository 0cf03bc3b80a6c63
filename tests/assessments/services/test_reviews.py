import datetime

import pytest
from django.core.exceptions import ValidationError

from assessments.models import Review, ReviewPerson
from assessments.services.reviews import person_add


def test_reference_suggestions_avoid_taken_ones(cast):
    assert Review.objects.free_reference("Ardlarich Council", None).startswith("ardlarich-council-")
    cast.review.reference = "ardlarich-council-2030"
    cast.review.save()
    assert (
        Review.objects.free_reference("Ardlarich Council", datetime.date(2030, 5, 1))
        == "ardlarich-council-2030-2"
    )


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


def test_the_manager_who_sets_a_review_up_is_on_its_team_and_told_of_its_hand_offs(cast):
    """Issue 28: a new review had no review manager on its team, and its manager heard nothing
    from set-up to close (the submission and comments went to the peer only)."""
    from assessments.models import Framework, Role
    from assessments.services.reviews import review_create
    from peerreview.inbox.models import Notification
    from reports.publishing.steps import comment_add
    from tests.factories import ReviewPersonFactory
    from tests.lifecycle import bring_to

    review = review_create(
        host_name="Kilbrannan Council",
        framework=Framework.objects.first(),
        on_site_start=None,
        on_site_end=None,
        protective_marking="OFFICIAL",
        by=cast.review_manager,
    )
    (manager,) = review.people.current().filter(role=Role.REVIEW_MANAGER)
    assert manager.user == cast.review_manager
    spoc = ReviewPersonFactory(review=review, user=cast.other_spoc, role=Role.SPOC).user
    lead = ReviewPersonFactory(review=review, user=cast.peer_elsewhere, role=Role.LEAD_PEER).user
    review = bring_to(review, "s5_checking", manager=cast.review_manager, spoc=spoc, lead=lead)
    comment_add(review=review, section="findings", text="A date is wrong.", by=spoc)
    told = set(Notification.objects.filter(user=cast.review_manager).values_list("subject", flat=True))
    assert "Self-assessment submitted: Kilbrannan Council" in told
    assert "A factual-accuracy comment on the draft: Kilbrannan Council" in told
