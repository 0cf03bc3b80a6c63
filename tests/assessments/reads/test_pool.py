"""The peers suggested for a team, best first, and the directory's workload (issue 32)."""

import datetime

import pytest
from django.utils import timezone

from assessments.frameworks import DEFAULT_FRAMEWORK, framework_file, framework_load, framework_read
from assessments.models import Aspect, AspectResponse, DeliveryArea, RatingLevel
from assessments.reads.pool import directory, suggestions, weakest_aspects
from assessments.services.pool import conflict_declare, profile_save, unavailability_add
from assessments.services.self_assessment import response_save
from tests.factories import OrganisationFactory, ReviewFactory, ReviewPersonFactory, UserFactory
from tests.lifecycle import answer_every_aspect

TODAY = datetime.date(2025, 2, 1)


def _rate(review, number: int, position_from_bottom: int, by) -> None:
    aspect = review.framework.aspects.get(number=number)
    levels = list(RatingLevel.objects.filter(framework=review.framework).order_by("position"))
    current = AspectResponse.objects.get(self_assessment__review=review, aspect=aspect)
    response_save(
        review=review, aspect=aspect, rating=levels[position_from_bottom], narrative="Weaker here.",
        evidence=[], evidence_shown=[], expected_version=current.version, by=by,
    )  # fmt: skip


def _person(name: str, *, knows=(), areas=(), consent=True, organisation="Eastwick Council"):
    person = UserFactory(
        email=f"{name.lower()}@pool.example.org",
        full_name=name,
        organisation=OrganisationFactory(name=organisation),
    )
    profile_save(
        person=person,
        aspects=Aspect.objects.filter(framework__key="prevent-scotland-2019", number__in=knows),
        areas=DeliveryArea.objects.filter(framework__key="prevent-scotland-2019", key__in=areas),
        reviews_consent=consent,
        mentoring_consent=False,
        by=person,
    )
    return person


@pytest.fixture
def rated(cast):
    """The cast's review with on-site days, the council rating itself lowest on aspects 3 and 7
    and next lowest on 5, and the top level elsewhere."""
    review = cast.review
    review.on_site_start, review.on_site_end = datetime.date(2025, 3, 31), datetime.date(2025, 4, 1)
    review.save()
    answer_every_aspect(review, by=cast.spoc)
    for number, level in ((3, 0), (7, 0), (5, 1)):
        _rate(review, number, level, cast.spoc)
    return review


def test_the_weakest_aspects_are_those_at_the_two_lowest_levels_given(rated):
    assert sorted(weakest_aspects(rated)) == [3, 5, 7]


def test_peers_are_ranked_by_expertise_in_the_weakest_aspects_then_workload(
    cast, rated, django_assert_num_queries
):
    area_of_5 = rated.framework.aspects.get(number=5).area.key
    best = _person("Alba", knows=[3, 7])
    busier = _person("Callum", knows=[3, 7])
    ReviewPersonFactory(review=ReviewFactory(), user=busier)  # open, days not set: this year's
    with_area = _person("Beth", knows=[5], areas=[area_of_5])
    aspect_only = _person("Bruce", knows=[5])
    novice = _person("Nell")
    refused = [
        _person("Dora", knows=[3, 7], consent=False),
        _person("Gill", knows=[3, 7], organisation="Ardlarich Council"),
        _person("Euan", knows=[3, 7]),
        _person("Fiona", knows=[3, 7]),
    ]
    conflict_declare(
        person=refused[2], organisation_name="ARDLARICH council", reason="Former employer", by=refused[2]
    )
    unavailability_add(
        person=refused[3],
        first_day=datetime.date(2025, 4, 1),
        last_day=datetime.date(2025, 4, 1),
        by=refused[3],
    )
    on_it = Aspect.objects.filter(number__in=[3, 7])
    profile_save(  # on the review already
        person=cast.peer, aspects=on_it, areas=[], reviews_consent=True, mentoring_consent=False, by=cast.peer
    )
    with django_assert_num_queries(5):
        found = suggestions(rated, today=TODAY)
    assert [s.person for s in found.people] == [best, busier, with_area, aspect_only, novice]
    assert [(s.aspects, s.workload) for s in found.people[:2]] == [([3, 7], 0), ([3, 7], 1)]
    assert found.people[2].areas == [rated.framework.areas.get(key=area_of_5).title]
    assert found.weakest == [3, 5, 7]


def test_a_review_not_yet_rated_ranks_by_workload_alone(cast):
    busy, free = _person("Busy", knows=[1]), _person("Free")
    ReviewPersonFactory(review=ReviewFactory(), user=busy)
    found = suggestions(cast.review, today=TODAY)
    assert found.weakest == []
    assert [s.person for s in found.people] == [free, busy]


def test_workload_counts_this_years_peer_roles_only(db):
    person = _person("Moira")
    this_year = ReviewFactory(on_site_start=datetime.date(2025, 5, 1), on_site_end=datetime.date(2025, 5, 2))
    ReviewPersonFactory(review=this_year, user=person)
    ReviewPersonFactory(review=ReviewFactory(), user=person, role="lead_peer")  # open, days not set
    last_year = ReviewFactory(
        on_site_start=datetime.date(2024, 5, 1),
        on_site_end=datetime.date(2024, 5, 2),
        closed_at=timezone.now(),
    )
    ReviewPersonFactory(review=last_year, user=person)
    ReviewPersonFactory(review=ReviewFactory(), user=person, removed_at=timezone.now())
    ReviewPersonFactory(review=ReviewFactory(), user=person, role="review_manager")
    (found,) = directory(today=TODAY).filter(pk=person.pk)
    assert (found.reviews, found.mentoring) == (2, 0)


def test_the_directory_filters_by_aspect_area_and_consent(db):
    knows_4 = _person("Four", knows=[4], areas=["leadership"])
    knows_9 = _person("Nine", knows=[9], consent=False)
    assert list(directory(today=TODAY, aspect=4)) == [knows_4]
    assert list(directory(today=TODAY, area="leadership")) == [knows_4]
    assert knows_9 not in directory(today=TODAY, consenting=True)
    assert knows_9 in directory(today=TODAY)


def test_someone_who_knows_an_aspect_in_two_frameworks_is_listed_once(db):
    """Expertise is matched by number and area key, and a profile may hold the same number and
    key from two frameworks: the directory lists and counts that person once, workload intact."""
    later = framework_read(framework_file(DEFAULT_FRAMEWORK))
    framework_load({**later, "key": "prevent-scotland-2030", "title": "A later framework"})
    both = _person("Both", knows=[4], areas=["leadership"])
    profile = both.pool_profile
    profile.aspects.add(*Aspect.objects.filter(framework__key="prevent-scotland-2030", number=4))
    profile.areas.add(*DeliveryArea.objects.filter(framework__key="prevent-scotland-2030", key="leadership"))
    ReviewPersonFactory(review=ReviewFactory(), user=both)  # open, days not set: this year's
    for narrowed in (directory(today=TODAY, aspect=4), directory(today=TODAY, area="leadership")):
        assert [(person, person.reviews) for person in narrowed] == [(both, 1)]
        assert narrowed.count() == 1
