"""Shared fixtures: a review with a user in every role, and users who must not see it."""

from dataclasses import dataclass

import pytest

from assessments.models import Review, Role
from peerreview.accounts.models import Organisation, User
from tests.factories import OrganisationFactory, ReviewFactory, ReviewPersonFactory, UserFactory


@dataclass
class Cast:
    review: Review
    host: Organisation
    spoc: User
    deputy: User
    senior: User
    lead_peer: User
    peer: User
    review_manager: User  # a programme review manager (sees every review)
    other_spoc: User  # the SPOC of another council, with a review of its own
    other_review: Review
    peer_elsewhere: User  # a peer on the other council's review only


def _on(review, user, role, **kwargs):
    ReviewPersonFactory(review=review, user=user, role=role, **kwargs)
    return user


@pytest.fixture
def cast(db) -> Cast:
    host = OrganisationFactory(name="Ardlarich Council")
    other = OrganisationFactory(name="Glenbrae Council")
    peer_org = OrganisationFactory(name="Strathkeld Council")
    review = ReviewFactory(reference="ardlarich-2025", host=host)
    other_review = ReviewFactory(reference="glenbrae-2025", host=other)
    manager = UserFactory(
        email="manager@gov.example.org",
        is_review_manager=True,
        organisation=OrganisationFactory(name="Scottish Government", kind=Organisation.Kind.GOVERNMENT),
    )
    _on(review, manager, Role.REVIEW_MANAGER)
    return Cast(
        review=review,
        host=host,
        spoc=_on(review, UserFactory(email="spoc@ardlarich.example.org", organisation=host), Role.SPOC),
        deputy=_on(
            review, UserFactory(email="deputy@ardlarich.example.org", organisation=host), Role.DEPUTY_SPOC
        ),
        senior=_on(
            review, UserFactory(email="senior@ardlarich.example.org", organisation=host), Role.SENIOR_OFFICER
        ),
        lead_peer=_on(
            review, UserFactory(email="lead@strathkeld.example.org", organisation=peer_org), Role.LEAD_PEER
        ),
        peer=_on(review, UserFactory(email="peer@strathkeld.example.org", organisation=peer_org), Role.PEER),
        review_manager=manager,
        other_spoc=_on(
            other_review, UserFactory(email="spoc@glenbrae.example.org", organisation=other), Role.SPOC
        ),
        other_review=other_review,
        peer_elsewhere=_on(
            other_review, UserFactory(email="peer2@strathkeld.example.org", organisation=peer_org), Role.PEER
        ),
    )


@pytest.fixture
def login(client):
    """``login(user)`` signs the test client in as ``user`` and returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
