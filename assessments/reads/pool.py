"""The programme's people as a pool: the directory managers browse, and the peers suggested for a
review's team, ranked by what the host most needs, who is free and who has the least on.

A person's workload is the reviews they are a peer on this year: those whose on-site days start
this calendar year, and open ones whose days are not yet set.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from assessments.models import (
    AspectResponse,
    DeliveryArea,
    Framework,
    PoolProfile,
    Review,
    ReviewPerson,
    Role,
)
from assessments.rules import conflicts
from peerreview.accounts.models import User

PEER_ROLES = (Role.LEAD_PEER, Role.PEER)
SUGGESTED = 10  # peers suggested at once: the best few, not the whole pool


def current_framework() -> Framework | None:
    """The framework profiles describe expertise against: the newest."""
    return Framework.objects.order_by("-pk").first()


def with_workload(users: QuerySet[User], today: datetime.date) -> QuerySet[User]:
    """``users`` each annotated ``workload``: the reviews they are a peer on this year."""
    roles = Q(review_roles__role__in=PEER_ROLES, review_roles__removed_at__isnull=True)
    this_year = Q(review_roles__review__on_site_start__year=today.year) | Q(
        review_roles__review__on_site_start__isnull=True, review_roles__review__closed_at__isnull=True
    )
    return users.annotate(workload=Count("review_roles__review", filter=roles & this_year, distinct=True))


def directory(
    *, today: datetime.date, aspect: int | None = None, area: str = "", consenting: bool = False
) -> QuerySet[User]:
    """Everyone active, with their organisation, profile (expertise prefetched) and workload, by
    name; narrowed to those with expertise in aspect number ``aspect`` or the area keyed
    ``area``, or to those who may be approached for reviews."""
    people = User.objects.filter(is_active=True)
    if aspect is not None:
        people = people.filter(pool_profile__aspects__number=aspect)
    if area:
        people = people.filter(pool_profile__areas__key=area)
    if consenting:
        people = people.filter(pool_profile__reviews_consent=True)
    return (
        with_workload(people.distinct(), today)
        .select_related("organisation", "pool_profile")
        .prefetch_related("pool_profile__aspects", "pool_profile__areas")
        .order_by("full_name", "pk")
    )


@dataclass
class Suggestion:
    person: User
    aspects: list[int]  # of the host's weakest, those the person knows
    areas: list[str] = field(default_factory=list)  # titles of those aspects' areas they know
    workload: int = 0

    @property
    def score(self) -> int:
        return 2 * len(self.aspects) + len(self.areas)


def weakest_aspects(review: Review) -> dict[int, str]:
    """The aspects the host rated itself lowest (at the two lowest levels it gave), by number,
    each with its delivery area's key."""
    rated = list(
        AspectResponse.objects.filter(self_assessment__review=review, rating__isnull=False)
        .order_by("aspect__number")
        .values_list("aspect__number", "aspect__area__key", "rating__position")
    )
    lowest = sorted({position for _, _, position in rated})[:2]
    return {number: area for number, area, position in rated if position in lowest}


@dataclass
class Suggestions:
    weakest: list[int]  # the aspects the host rated itself lowest, by number
    people: list[Suggestion]


def suggestions(review: Review, *, today: datetime.date) -> Suggestions:
    """The peers to suggest for ``review``'s team, best first: those who may be approached, do
    not work at the host, have no conflict with it, can do its on-site days and are not on it
    already; ranked by expertise in the host's weakest aspects (and their areas), then by the
    lightest workload this year, then by name. Five queries."""
    weakest = weakest_aspects(review)
    titles = dict(DeliveryArea.objects.filter(framework_id=review.framework_id).values_list("key", "title"))
    on_it = ReviewPerson.objects.current().filter(review=review, user=OuterRef("pk"))
    candidates = (
        User.objects.filter(is_active=True, pool_profile__reviews_consent=True)
        .exclude(organisation__key=review.host.key)
        .exclude(conflicts.declared_conflict(review) | conflicts.unavailable(review) | Q(Exists(on_it)))
        .select_related("organisation", "pool_profile")
        .prefetch_related("pool_profile__aspects", "pool_profile__areas")
    )
    found = []
    for person in with_workload(candidates, today):
        profile: PoolProfile = person.pool_profile
        known = {aspect.number for aspect in profile.aspects.all()}
        aspects = [number for number in weakest if number in known]
        areas = sorted(set(weakest.values()) & {area.key for area in profile.areas.all()})
        workload = person.workload  # type: ignore[attr-defined]  # with_workload annotates it
        found.append(Suggestion(person, aspects, [titles.get(key, key) for key in areas], workload))
    found.sort(key=lambda s: (-s.score, s.workload, s.person.full_name.casefold(), s.person.pk))
    return Suggestions(list(weakest), found[:SUGGESTED])
