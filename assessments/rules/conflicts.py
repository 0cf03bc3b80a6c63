"""Who may not be on a review's team though they do not work at the host (``access.may_hold``
refuses those): someone who has declared a conflict of interest with the host council, and
someone who has said they cannot do the review's on-site days. The web form, the import and the
team suggestions all ask here, so the three cannot disagree.

Organisations are compared by ``organisation_key``, the normalisation every organisation name
is compared by, so a conflict declared as "glenbrae  COUNCIL" holds against "Glenbrae Council".
"""

import datetime

from django.db.models import Exists, OuterRef, Q

from assessments.models import DeclaredConflict, Review, Unavailability
from peerreview.accounts.models import User


def declared_conflict(review: Review) -> Q:
    """A filter on users: those who have declared a conflict of interest with the host."""
    return Q(Exists(DeclaredConflict.objects.filter(user=OuterRef("pk"), organisation_key=review.host.key)))


def unavailable(review: Review) -> Q:
    """A filter on users: those who cannot do one of the review's on-site days (none while the
    days are not set)."""
    if review.on_site_start is None:
        return Q(pk__in=[])
    last = review.on_site_end or review.on_site_start
    clashing = Unavailability.objects.filter(
        user=OuterRef("pk"), first_day__lte=last, last_day__gte=review.on_site_start
    )
    return Q(Exists(clashing))


def team_refusal(user: User, review: Review) -> str | None:
    """Why ``user`` may not join ``review``'s team, in words for the person adding them (it names
    them), or None. Two queries."""
    return refusal(
        user,
        host_key=review.host.key,
        host_name=review.host.name,
        first_day=review.on_site_start,
        last_day=review.on_site_end or review.on_site_start,
    )


def refusal(
    user: User,
    *,
    host_key: str,
    host_name: str,
    first_day: datetime.date | None,
    last_day: datetime.date | None,
) -> str | None:
    """``team_refusal`` for a review described rather than stored (an exchange document)."""
    conflict = DeclaredConflict.objects.filter(user=user, organisation_key=host_key).order_by("pk").first()
    if conflict is not None:
        return (
            f"{user.full_name} has declared a conflict of interest with {host_name} "
            f"({conflict.reason}), so cannot be on the team that reviews it"
        )
    if first_day is not None and last_day is not None:
        clash = (
            Unavailability.objects.filter(user=user, first_day__lte=last_day, last_day__gte=first_day)
            .order_by("first_day")
            .first()
        )
        if clash is not None:
            return f"{user.full_name} cannot do {clash}, which includes the review's on-site days"
    return None
