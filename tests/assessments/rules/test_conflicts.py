"""Conflicts of interest and unavailable days keep a person off a review's team, by the one rule
(``assessments.rules.conflicts``), on the web form and on import alike, naming the person refused
and why (issue 32)."""

import copy
import datetime

import pytest
from django.urls import reverse

from assessments.models import ReviewPerson
from assessments.services.pool import conflict_declare, unavailability_add
from tests.assessments.exchange.documents import demo_document
from tests.assessments.exchange.test_refusals import _refused
from tests.factories import OrganisationFactory, UserFactory

SPELLINGS = ["ardlarich  COUNCIL", "Ardlarich\u00a0Council", " ARDLARICH council "]


@pytest.fixture
def candidate(cast):
    """A peer from elsewhere who may be put on the cast's review, which has on-site days."""
    cast.review.on_site_start, cast.review.on_site_end = datetime.date(2025, 3, 31), datetime.date(2025, 4, 1)
    cast.review.save()
    return UserFactory(
        email="candidate@eastwick.example.org",
        full_name="Ailsa Grant",
        organisation=OrganisationFactory(name="Eastwick Council"),
    )


def _add_as_peer(client, cast, person):
    return client.post(
        reverse("review_people", args=[cast.review.reference]),
        {"role": "peer", "email": person.email, "confirm": "1"},
    )


def _on_review(cast, person) -> bool:
    return ReviewPerson.objects.current().filter(review=cast.review, user=person).exists()


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_declared_conflict_in_another_spelling_is_refused_on_the_form(cast, candidate, login, spelling):
    conflict_declare(person=candidate, organisation_name=spelling, reason="Former employer", by=candidate)
    response = _add_as_peer(login(cast.review_manager), cast, candidate)
    assert response.status_code == 200
    assert (
        "Ailsa Grant has declared a conflict of interest with Ardlarich Council (Former employer), "
        "so cannot be on the team that reviews it"
    ) in response.text.replace("&#x27;", "'")
    assert not _on_review(cast, candidate)


def test_days_that_include_the_on_site_days_are_refused_on_the_form(cast, candidate, login):
    unavailability_add(
        person=candidate,
        first_day=datetime.date(2025, 4, 1),
        last_day=datetime.date(2025, 4, 4),
        by=candidate,
    )
    response = _add_as_peer(login(cast.review_manager), cast, candidate)
    assert "Ailsa Grant cannot do 1 April 2025 to 4 April 2025, which includes the review" in response.text
    assert not _on_review(cast, candidate)


def test_days_elsewhere_and_a_conflict_with_another_council_do_not_refuse(cast, candidate, login):
    unavailability_add(
        person=candidate,
        first_day=datetime.date(2025, 4, 2),
        last_day=datetime.date(2025, 4, 4),
        by=candidate,
    )
    conflict_declare(
        person=candidate, organisation_name="Glenbrae Council", reason="Shared CONTEST", by=candidate
    )
    assert _add_as_peer(login(cast.review_manager), cast, candidate).status_code == 302
    assert _on_review(cast, candidate)


def test_a_conflict_does_not_keep_anyone_from_a_host_role(cast, login):
    """A declared conflict is about reviewing: the host's own people are its contacts anyway."""
    officer = UserFactory(email="officer@ardlarich.example.org", organisation=cast.host)
    conflict_declare(person=officer, organisation_name="Ardlarich Council", reason="Employer", by=officer)
    response = login(cast.review_manager).post(
        reverse("review_people", args=[cast.review.reference]),
        {"role": "deputy_spoc", "email": officer.email, "confirm": "1"},
    )
    assert response.status_code == 302
    assert _on_review(cast, officer)


def _document_with_peer(email: str) -> dict:
    document = copy.deepcopy(demo_document())
    document["review"]["team"][1]["email"] = email
    return document


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_the_import_refuses_a_declared_conflict_naming_the_person(db, spelling):
    person = UserFactory(email="peer@demo.example.org", full_name="Tariq Hussain")
    conflict_declare(
        person=person, organisation_name=spelling, reason="Shared CONTEST partnership", by=person
    )
    faults = _refused(_document_with_peer("peer@demo.example.org"))
    assert (
        "review.team[1].email: Tariq Hussain has declared a conflict of interest with Ardlarich Council "
        "(Shared CONTEST partnership), so cannot be on the team that reviews it (peer@demo.example.org)"
    ) in faults


def test_the_import_refuses_someone_unavailable_on_the_on_site_days(db):
    person = UserFactory(email="peer@demo.example.org", full_name="Tariq Hussain")
    unavailability_add(
        person=person, first_day=datetime.date(2025, 3, 30), last_day=datetime.date(2025, 3, 31), by=person
    )
    faults = _refused(_document_with_peer("peer@demo.example.org"))
    assert (
        "review.team[1].email: Tariq Hussain cannot do 30 March 2025 to 31 March 2025, which includes the "
        "review's on-site days (peer@demo.example.org)"
    ) in faults
