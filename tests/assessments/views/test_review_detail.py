import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import SelfAssessment, Stage
from tests.lifecycle import STATES, bring_to
from tests.queries import statements


def _url(cast):
    return reverse("review_detail", args=[cast.review.reference])


def test_it_sends_anonymous_users_to_sign_in(cast, client):
    assert client.get(_url(cast))["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", ["other_spoc", "peer_elsewhere"])
def test_it_is_not_found_for_outsiders(cast, login, who):
    assert login(getattr(cast, who)).get(_url(cast)).status_code == 404


@pytest.mark.parametrize("who", ["spoc", "deputy", "senior", "lead_peer", "peer", "review_manager"])
def test_it_shows_the_review_to_everyone_on_it(cast, login, who):
    response = login(getattr(cast, who)).get(_url(cast))
    assert response.status_code == 200
    assert "Ardlarich Council" in response.text
    assert "Stage 1: Self-Assessment" in response.text


def test_it_offers_a_manager_the_next_stage_or_says_what_blocks_it(cast, login):
    client = login(cast.review_manager)
    assert "The council has not yet submitted its self-assessment." in client.get(_url(cast)).text
    SelfAssessment.objects.create(review=cast.review, submitted_on=datetime.date(2025, 2, 14))
    assert "Move to Stage 2: Evidence Review" in client.get(_url(cast)).text


def test_it_offers_no_stage_controls_to_others(cast, login):
    SelfAssessment.objects.create(review=cast.review, submitted_on=datetime.date(2025, 2, 14))
    text = login(cast.spoc).get(_url(cast)).text
    assert "Move to Stage 2" not in text
    assert "not yet submitted" not in text


def test_it_shows_the_protective_marking_of_the_review(cast, login):
    cast.review.protective_marking = "OFFICIAL-SENSITIVE"
    cast.review.save()
    assert login(cast.spoc).get(_url(cast)).text.count("OFFICIAL-SENSITIVE") >= 2


def test_it_lists_the_stage_history(cast, login):
    from assessments.lifecycle import stages

    SelfAssessment.objects.create(review=cast.review, submitted_on=datetime.date(2025, 2, 14))
    stages.stage_advance(review=cast.review, by=cast.review_manager)
    text = login(cast.lead_peer).get(_url(cast)).text
    assert "Stage 1: Self-Assessment to Stage 2: Evidence Review" in text
    assert cast.review.stage == Stage.EVIDENCE_REVIEW


@pytest.mark.parametrize("who", ["senior", "spoc", "lead_peer", "review_manager"])
def test_the_review_page_makes_at_most_fifteen_queries(cast, login, who, django_assert_max_num_queries):
    client = login(getattr(cast, who))
    url = reverse("review_detail", args=[cast.review.reference])
    client.get(url)  # the session settles first
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("state", STATES)
def test_the_review_page_makes_at_most_eight_queries_in_every_state(cast, login, state):
    """Session, user and authenticator app; the review with its host, framework, self-assessment,
    report and plan; its people (whom the viewer's roles are read from); its facts; the agencies
    interviewed; the stage history. Transaction control (which only SQLite's driver logs) and the
    session's save are not the page's."""
    people = {"manager": cast.review_manager, "spoc": cast.spoc, "lead": cast.lead_peer}
    review = bring_to(cast.review, state, **people)
    url = reverse("review_detail", args=[review.reference])
    for who in ("review_manager", "lead_peer", "peer", "spoc", "deputy", "senior"):
        client = login(getattr(cast, who))
        client.get(url)  # the session settles first
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counted = [sql for sql in statements(captured) if not sql.startswith('UPDATE "django_session"')]
        assert len(counted) <= 8, (who, state, [sql[:120] for sql in counted])
