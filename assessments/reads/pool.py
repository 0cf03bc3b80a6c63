"""The programme's people as a pool: the directory managers browse, and the peers suggested for a
review's team, ranked by what the host most needs, who is free and who has the least on.

A person's workload is the reviews they are a peer on this year (those whose on-site days start
this calendar year, and open ones whose days are not yet set) and the councils they have been
asked to mentor, or are mentoring, this year.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from assessments.models import (
    Aspect,
    AspectResponse,
    DeliveryArea,
    Framework,
    MatchStatus,
    MentoringMatch,
    PoolProfile,
    Review,
    ReviewPerson,
    Role,
    SupportRequest,
    count_per,
)
from assessments.rules import conflicts
from peerreview.accounts.models import User

PEER_ROLES = (Role.LEAD_PEER, Role.PEER)
SUGGESTED = 10  # peers suggested at once: the best few, not the whole pool
LIVE_MATCHES = (MatchStatus.PROPOSED, MatchStatus.ACCEPTED)


def current_framework() -> Framework | None:
    """The framework profiles describe expertise against: the newest."""
    return Framework.objects.order_by("-pk").first()


def with_workload(users: QuerySet[User], today: datetime.date) -> QuerySet[User]:
    """``users`` each annotated ``reviews``, the reviews they are a peer on this year, and
    ``mentoring``, the councils they have been asked to mentor or are mentoring this year."""
    this_year = Q(review__on_site_start__year=today.year) | Q(
        review__on_site_start__isnull=True, review__closed_at__isnull=True
    )
    roles = ReviewPerson.objects.current().filter(this_year, user=OuterRef("pk"), role__in=PEER_ROLES)
    matches = MentoringMatch.objects.filter(
        mentor=OuterRef("pk"), status__in=LIVE_MATCHES, proposed_at__year=today.year
    ).annotate(user=F("mentor"))
    return users.annotate(reviews=count_per(roles, "user"), mentoring=count_per(matches, "user"))


def directory(
    *, today: datetime.date, aspect: int | None = None, area: str = "", consenting: bool = False
) -> QuerySet[User]:
    """Everyone active, with their organisation, profile (expertise prefetched) and workload, by
    name; narrowed to those with expertise in aspect number ``aspect`` or the area keyed
    ``area``, or to those who may be approached for reviews."""
    # Expertise is matched by Exists, not a join: a join repeats a person once per match and needs
    # DISTINCT, which makes the database work out everyone's workload before taking a page.
    people = User.objects.filter(is_active=True)
    of_person = {"poolprofile__user": OuterRef("pk")}
    known_aspects, known_areas = PoolProfile.aspects.through.objects, PoolProfile.areas.through.objects
    if aspect is not None:
        people = people.filter(Exists(known_aspects.filter(**of_person, aspect__number=aspect)))
    if area:
        people = people.filter(Exists(known_areas.filter(**of_person, deliveryarea__key=area)))
    if consenting:
        people = people.filter(pool_profile__reviews_consent=True)
    return (
        with_workload(people, today)
        .select_related("organisation", "pool_profile")
        .prefetch_related("pool_profile__aspects", "pool_profile__areas")
        .order_by("full_name", "pk")
    )


@dataclass
class Suggestion:
    person: User
    aspects: list[int]  # of the aspects wanted, those the person knows
    areas: list[str] = field(default_factory=list)  # titles of those aspects' areas they know
    reviews: int = 0  # this year's, as a peer
    mentoring: int = 0  # this year's matches, asked or accepted

    @property
    def score(self) -> int:
        return 2 * len(self.aspects) + len(self.areas)

    @property
    def workload(self) -> int:
        return self.reviews + self.mentoring


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
    lightest workload this year (reviews and mentoring), then by name. Five queries."""
    weakest = weakest_aspects(review)
    on_it = ReviewPerson.objects.current().filter(review=review, user=OuterRef("pk"))
    candidates = (
        User.objects.filter(is_active=True, pool_profile__reviews_consent=True)
        .exclude(organisation__key=review.host.key)
        .exclude(conflicts.declared_conflict(review) | conflicts.unavailable(review) | Q(Exists(on_it)))
    )
    return Suggestions(list(weakest), _ranked(candidates, weakest, review, today))


def mentor_suggestions(support: SupportRequest, *, today: datetime.date) -> Suggestions:
    """The experts to suggest as mentors for a council's request, best first: those who may be
    approached for mentoring, do not work at the host, have no conflict with it and have not
    been asked for this request before; ranked by expertise in the request's aspects (and their
    areas), then by the lightest workload this year, then by name. Five queries."""
    review = support.review
    aspects = dict(
        Aspect.objects.filter(framework_id=review.framework_id, number__in=support.aspects)
        .order_by("number")
        .values_list("number", "area__key")
    )
    asked = MentoringMatch.objects.filter(support=support, mentor=OuterRef("pk"))
    candidates = (
        User.objects.filter(is_active=True, pool_profile__mentoring_consent=True)
        .exclude(organisation__key=review.host.key)
        .exclude(conflicts.declared_conflict(review) | Q(Exists(asked)))
    )
    return Suggestions(list(aspects), _ranked(candidates, aspects, review, today))


def _ranked(
    candidates: QuerySet[User], wanted: dict[int, str], review: Review, today: datetime.date
) -> list[Suggestion]:
    """``candidates`` as suggestions for the aspects ``wanted`` (number: area key), best first."""
    titles = dict(DeliveryArea.objects.filter(framework_id=review.framework_id).values_list("key", "title"))
    people = with_workload(
        candidates.select_related("organisation", "pool_profile").prefetch_related(
            "pool_profile__aspects", "pool_profile__areas"
        ),
        today,
    )
    found = []
    for person in people:
        profile: PoolProfile = person.pool_profile
        known = {aspect.number for aspect in profile.aspects.all()}
        areas = sorted(set(wanted.values()) & {area.key for area in profile.areas.all()})
        counts = person.reviews, person.mentoring  # type: ignore[attr-defined]  # with_workload's
        found.append(
            Suggestion(person, [n for n in wanted if n in known], [titles.get(a, a) for a in areas], *counts)
        )
    found.sort(key=lambda s: (-s.score, s.workload, s.person.full_name.casefold(), s.person.pk))
    return found[:SUGGESTED]
