"""Setting up a review: its details and the people on it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.lifecycle import stages
from assessments.models import HOST_ROLES, Framework, Review, ReviewPerson, Role, SpocContact
from assessments.rules import access, conflicts
from assessments.services.plan import plan_fill
from assessments.telling.notifications import tell_person
from peerreview.accounts.models import Organisation, User
from peerreview.accounts.services import invitation_send, organisation_get_or_create, user_get_or_invite
from peerreview.audit.context import as_one_event
from peerreview.audit.record import record
from peerreview.inbox.services import withdraw


@transaction.atomic
def review_create(
    *,
    host_name: str,
    framework: Framework,
    on_site_start: datetime.date | None,
    on_site_end: datetime.date | None,
    venue: str = "",
    protective_marking: str,
    reference: str = "",
    by: User,
) -> Review:
    host = organisation_get_or_create(name=host_name, kind=Organisation.Kind.LOCAL_AUTHORITY)
    review = Review(
        reference=reference or Review.objects.free_reference(host.name, on_site_start),
        host=host,
        framework=framework,
        on_site_start=on_site_start,
        on_site_end=on_site_end,
        venue=venue,
        protective_marking=protective_marking,
        created_by=by,
    )
    review.full_clean()
    review.save()
    stages.stage_start(review=review, by=by)
    plan_fill(review=review)
    _manager_on_team(review, by)
    return review


def _manager_on_team(review: Review, manager: User) -> None:
    """The manager who sets a review up is its review manager: on its team from the start, told
    of its hand-offs as the team is."""
    person = ReviewPerson(
        review=review,
        role=Role.REVIEW_MANAGER,
        name=manager.full_name or manager.email,
        job_title=manager.job_title or "Review manager",
        organisation=manager.organisation,
        email=manager.email,
        user=manager,
        position=1,
    )
    person.full_clean()
    person.save()


@transaction.atomic
def review_delete(*, review: Review, by: User) -> None:
    """Deletes a review set up by mistake, before anything was put into it (``DELETE_REVIEW``),
    recorded in the audit log as one event with who and when."""
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if not access.can(by, access.Permission.DELETE_REVIEW, locked):
        raise ValidationError("Only a review at stage 1 with nothing answered or uploaded can be deleted")
    reference, host = locked.reference, locked.host.name
    with as_one_event():
        locked.delete()
    record(kind="delete", user=by, review_id=review.pk, summary=f"Deleted review {reference} of {host}")


@transaction.atomic
def review_update(
    *,
    review: Review,
    reference: str,
    on_site_start: datetime.date | None,
    on_site_end: datetime.date | None,
    venue: str,
    protective_marking: str,
) -> Review:
    review.reference = reference
    review.on_site_start, review.on_site_end = on_site_start, on_site_end
    review.venue = venue
    review.protective_marking = protective_marking
    review.full_clean()
    review.save(update_fields=["reference", "on_site_start", "on_site_end", "venue", "protective_marking"])
    plan_fill(review=review)  # dates not yet planned follow on-site days newly set
    return review


@transaction.atomic
def person_add(
    *,
    review: Review,
    email: str,
    full_name: str,
    job_title: str,
    role: str,
    organisation_name: str = "",
    by: User,
) -> ReviewPerson:
    """Gives someone a role on the review, inviting them if they have no account yet.

    Host roles go only to people at the host; team roles only to people from elsewhere, so that
    nobody reviews their own council and no reviewer's notes can reach the host.
    """
    is_host_role = role in HOST_ROLES
    organisation = _organisation_for(review=review, role=role, organisation_name=organisation_name)
    user, created = user_get_or_invite(
        email=email, full_name=full_name, job_title=job_title, organisation=organisation
    )
    _check_person_can_hold(review=review, user=user, role=role)
    person = ReviewPerson(
        review=review,
        role=role,
        name=user.full_name,
        job_title=user.job_title or job_title,
        organisation=None if is_host_role else (user.organisation or organisation),
        email=user.email,
        user=user,
        position=(review.people.order_by("-position").values_list("position", flat=True).first() or 0) + 1,
    )
    person.full_clean()
    person.save()
    _tell_of_role(review=review, user=user, role=role, invited=created, by=by)
    return person


def _organisation_for(*, review: Review, role: str, organisation_name: str) -> Organisation:
    """Who someone given ``role`` works for: the host for a host role, once the review invites
    its contacts; otherwise the organisation named, which may not be the host."""
    if role in HOST_ROLES:
        if not_yet := stages.invitation_blocker(review):
            raise ValidationError({"role": not_yet})
        organisation = review.host
    elif organisation_name.strip():
        organisation = organisation_get_or_create(name=organisation_name)
    else:
        raise ValidationError({"organisation_name": "Enter the organisation the person works for"})
    if not access.may_hold(role, organisation.key, review.host.key):
        raise ValidationError(
            {"organisation_name": f"People at {review.host.name} cannot be on the team that reviews it"}
        )
    return organisation


def _tell_of_role(*, review: Review, user: User, role: str, invited: bool, by: User) -> None:
    """Tells ``user`` of their new role: a new account's invitation is its e-mail (sent once the
    role is stored); someone with an account already is e-mailed the news, without a password
    link. Both find it among their notifications."""
    if invited:
        reason = f"{Role(role).label} for the {review.host.name} Prevent peer review"
        transaction.on_commit(lambda: invitation_send(user=user, invited_by=by, reason=reason))
    tell_person(
        person=user,
        review=review,
        permission=access.Permission.VIEW_REVIEW,
        subject="You have a role on a peer review",
        lines=[
            f"{by.full_name} has made you {Role(role).label} for the {review.host.name} Prevent peer review."
        ],
        url_name="review_detail",
        emailed=invited,
    )


def _check_person_can_hold(*, review: Review, user: User, role: str) -> None:
    user_key = user.organisation.key if user.organisation else None
    if not access.may_hold(role, user_key, review.host.key):
        # The account's own organisation is not named: whoever adds people may not look it up.
        raise ValidationError(
            {
                "email": f"This address belongs to someone who does not work at {review.host.name}. "
                f"The council's people must work at {review.host.name}"
                if role in HOST_ROLES
                else f"People at {review.host.name} cannot be on the team that reviews it"
            }
        )
    if review.people.current().filter(user=user).exists():
        raise ValidationError({"email": "This person already has a role on this review"})
    if role not in HOST_ROLES and (refusal := conflicts.team_refusal(user, review)):
        raise ValidationError({"email": refusal})
    if role == Role.SPOC and review.people.current().filter(role=Role.SPOC).exists():
        raise ValidationError(
            {"role": "This review has a SPOC already. Remove them first, or add a deputy SPOC"}
        )


@transaction.atomic
def person_remove(*, person: ReviewPerson, by: User) -> None:
    """Takes a role away. The row stays, so that the person's past work stays attributed."""
    if person.removed_at is None:
        person.removed_at, person.removed_by = timezone.now(), by
        person.save(update_fields=["removed_at", "removed_by"])
    user = person.user
    if (
        user is not None
        and not person.review.people.current().filter(user=user, role__in=HOST_ROLES).exists()
    ):
        SpocContact.objects.filter(review=person.review, user=user).delete()  # no longer theirs to answer
    if user is not None and not access.visible_reviews(user).filter(pk=person.review_id).exists():
        # What they were told about a review they may no longer see leaves their notifications.
        withdraw(user=user, topic=person.review.reference)
