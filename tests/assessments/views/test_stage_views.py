import datetime

import pytest
from django.urls import reverse

from assessments.models import Review, SelfAssessment, Stage
from tests.lifecycle import bring_to


@pytest.fixture
def ready(cast):
    SelfAssessment.objects.create(review=cast.review, submitted_on=datetime.date(2025, 2, 14))
    return cast


def _advance(cast):
    return reverse("stage_advance", args=[cast.review.reference])


def _return(cast):
    return reverse("stage_return", args=[cast.review.reference])


def _stage(cast):
    return Review.objects.get(pk=cast.review.pk).stage


def test_advance_sends_anonymous_users_to_sign_in(ready, client):
    assert client.post(_advance(ready))["Location"].startswith(reverse("accounts:login"))
    assert _stage(ready) == Stage.SELF_ASSESSMENT


def test_advance_is_not_found_for_outsiders(ready, login):
    assert login(ready.other_spoc).post(_advance(ready)).status_code == 404


@pytest.mark.parametrize("who", ["spoc", "lead_peer", "senior"])
def test_advance_is_forbidden_to_those_who_are_not_managers(ready, login, who):
    assert login(getattr(ready, who)).post(_advance(ready)).status_code == 403
    assert _stage(ready) == Stage.SELF_ASSESSMENT


def test_advance_rejects_get(ready, login):
    assert login(ready.review_manager).get(_advance(ready)).status_code == 405


def test_a_manager_moves_the_review_forward(ready, login):
    response = login(ready.review_manager).post(_advance(ready), follow=True)
    assert _stage(ready) == Stage.EVIDENCE_REVIEW
    assert "The review is now at Stage 2: Evidence Review." in response.text


def test_a_blocked_move_says_why(cast, login):
    response = login(cast.review_manager).post(_advance(cast), follow=True)
    assert _stage(cast) == Stage.SELF_ASSESSMENT
    assert "The council has not yet submitted its self-assessment." in response.text


def test_return_needs_a_reason(ready, login):
    client = login(ready.review_manager)
    client.post(_advance(ready))
    response = client.post(_return(ready), {"reason": ""})
    assert response.status_code == 200
    assert "Enter why the review is going back a stage" in response.text
    assert _stage(ready) == Stage.EVIDENCE_REVIEW
    response = client.post(_return(ready), {"reason": "The SPOC asked to add evidence"})
    assert response.status_code == 302
    assert _stage(ready) == Stage.SELF_ASSESSMENT


def test_return_is_forbidden_to_others_and_hidden_from_outsiders(ready, login, client):
    assert client.get(_return(ready)).status_code == 302
    assert login(ready.spoc).get(_return(ready)).status_code == 403
    assert login(ready.other_spoc).get(_return(ready)).status_code == 404


def test_a_manager_on_a_closed_review_is_told_it_is_closed_not_to_ask_a_manager(cast, login):
    review = bring_to(cast.review, "closed", manager=cast.review_manager, spoc=cast.spoc, lead=cast.lead_peer)
    response = login(cast.review_manager).get(reverse("review_people", args=[review.reference]))
    assert response.status_code == 403
    assert "The review is closed, so nobody can change it. A review manager can reopen it." in response.text
    assert "ask the review manager" not in response.text
    spoc_page = login(cast.spoc).get(reverse("review_people", args=[review.reference])).text
    assert "You may not manage people on this review." in spoc_page  # a role that never may
