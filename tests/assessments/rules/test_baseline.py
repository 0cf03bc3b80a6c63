"""What a follow-up review's people read of the review it follows up (its baseline): the ratings
the follow-up started from, the published improvements and the council's actions on them, by
the access table's ``view_baseline`` rule; nothing else of it (F6 of the security probe)."""

import datetime

import pytest
from django.urls import reverse

from assessments.models import Finding, FindingKind, PublishedFinding, Review, Role
from assessments.rules import access
from assessments.rules.access import Permission
from assessments.services.follow_up import action_create, follow_up_start
from tests.factories import OrganisationFactory, ReviewPersonFactory, UserFactory
from tests.lifecycle import bring_to

IMPROVEMENT = "Refresh the training needs analysis for front-line staff."
ACTION = "Run a training needs survey of every front-line team."
REWORDED = "Quietly reworded by the team after publication."


@pytest.fixture
def follow_up(cast) -> Review:
    """The cast's review in follow-up with a published improvement and an action on it, and a
    follow-up review of it whose team has one new peer, who holds no role on the baseline."""
    baseline = bring_to(cast.review, "s6", manager=cast.review_manager, spoc=cast.spoc, lead=cast.lead_peer)
    published = PublishedFinding.objects.actionable(baseline).get(text=IMPROVEMENT)
    action_create(
        published_finding=published,
        description=ACTION,
        owner="SPOC",
        owner_user=None,
        due=datetime.date(2026, 6, 30),
        by=cast.spoc,
    )
    # The live row may differ from what was published: the follow-up reads the published wording.
    Finding.objects.filter(review=baseline, kind=FindingKind.IMPROVEMENT).update(text=REWORDED)
    review = follow_up_start(previous=baseline, by=cast.review_manager)
    organisation = OrganisationFactory(name="Kilbrannan Council")
    cast.new_peer = UserFactory(email="new.peer@kilbrannan.example.org", organisation=organisation)
    ReviewPersonFactory(review=review, user=cast.new_peer, role=Role.PEER)
    return review


def test_the_rule_is_in_the_access_table_for_follow_ups_only(cast, follow_up):
    assert access.can(cast.new_peer, Permission.VIEW_BASELINE, follow_up)
    assert access.can(cast.spoc, Permission.VIEW_BASELINE, follow_up)
    assert not access.can(cast.senior, Permission.VIEW_BASELINE, follow_up)
    assert not access.can(cast.spoc, Permission.VIEW_BASELINE, follow_up.previous)  # not a follow-up


def test_a_peer_only_on_the_follow_up_reads_the_published_baseline_and_nothing_more(cast, follow_up, login):
    client = login(cast.new_peer)
    baseline = follow_up.previous.reference
    page = client.get(reverse("comparison", args=[follow_up.reference])).text
    assert IMPROVEMENT in page
    assert ACTION in page
    assert REWORDED not in page
    assert f'href="/reviews/{baseline}/' not in page  # no link to a page that would answer 404
    for name in ("review_detail", "action_plan", "self_assessment", "report", "evidence_list"):
        assert client.get(reverse(name, args=[baseline])).status_code == 404, name


def test_the_council_reads_it_with_a_link_to_its_own_earlier_review(cast, follow_up, login):
    page = login(cast.spoc).get(reverse("comparison", args=[follow_up.reference])).text
    assert IMPROVEMENT in page
    assert ACTION in page
    assert f'href="/reviews/{follow_up.previous.reference}/"' in page


def test_senior_officers_and_outsiders_do_not(cast, follow_up, check_access):
    url = reverse("comparison", args=[follow_up.reference])
    check_access(url, outsider=cast.other_spoc, forbidden=cast.senior, allowed=cast.new_peer)
