"""Writes to the programme's pool of people: a profile (expertise and consent), the dates a
person cannot do and the conflicts of interest they declare. Each person keeps their own; the
programme's review managers may keep anyone's (``by`` says who did, for the audit log)."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from assessments.models import Aspect, DeclaredConflict, DeliveryArea, PoolProfile, Unavailability
from peerreview.accounts.models import User


@transaction.atomic
def profile_save(
    *,
    person: User,
    aspects: Iterable[Aspect],
    areas: Iterable[DeliveryArea],
    reviews_consent: bool,
    mentoring_consent: bool,
    by: User,
) -> PoolProfile:
    """Sets ``person``'s expertise and whether they may be approached, replacing what was there."""
    profile = PoolProfile.objects.select_for_update().filter(user=person).first() or PoolProfile(user=person)
    profile.reviews_consent, profile.mentoring_consent, profile.updated_by = (
        reviews_consent,
        mentoring_consent,
        by,
    )
    profile.full_clean()
    profile.save()
    profile.aspects.set(aspects)
    profile.areas.set(areas)
    return profile


@transaction.atomic
def unavailability_add(
    *, person: User, first_day: datetime.date, last_day: datetime.date, by: User
) -> Unavailability:
    """Records days ``person`` cannot do. ``by`` is who recorded them (the audit log's)."""
    days = Unavailability(user=person, first_day=first_day, last_day=last_day)
    days.full_clean()
    days.save()
    return days


@transaction.atomic
def unavailability_remove(*, days: Unavailability, by: User) -> None:
    days.delete()


@transaction.atomic
def conflict_declare(*, person: User, organisation_name: str, reason: str, by: User) -> DeclaredConflict:
    """Records that ``person`` should not review ``organisation_name`` and why; an organisation
    already declared (in any spelling) is refused."""
    conflict = DeclaredConflict(user=person, organisation_name=organisation_name, reason=reason.strip())
    try:
        conflict.full_clean()
    except ValidationError as error:
        if "__all__" in error.message_dict:  # the one constraint: once per organisation
            raise ValidationError(
                {"organisation_name": f"A conflict with {conflict.organisation_name} is declared already"}
            ) from error
        raise
    conflict.save()
    return conflict


@transaction.atomic
def conflict_withdraw(*, conflict: DeclaredConflict, by: User) -> None:
    conflict.delete()
