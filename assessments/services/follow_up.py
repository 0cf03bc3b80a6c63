"""Stage 6: the host's action plan, requests for further support, and follow-up reviews."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.lifecycle import stages
from assessments.models import (
    HOST_ROLES,
    Action,
    ActionStatus,
    ActionUpdate,
    AspectResponse,
    FindingKind,
    PublishedFinding,
    Review,
    ReviewPerson,
    SelfAssessment,
    SupportRequest,
)
from assessments.rules.access import Permission
from assessments.services.plan import plan_fill
from assessments.services.versioning import save_if_current
from assessments.telling.notifications import tell, tell_person
from peerreview.accounts.models import User


@transaction.atomic
def action_create(
    *,
    published_finding: PublishedFinding,
    description: str,
    owner: str,
    owner_user: User | None,
    due: datetime.date,
    status: str = ActionStatus.NOT_STARTED,
    by: User | None,
) -> Action:
    """Adds an action against a suggested improvement as the latest published version words it;
    the host never acts on a draft."""
    if published_finding.kind != FindingKind.IMPROVEMENT:
        raise ValidationError("Actions answer suggested areas of improvement, not good practice")
    review = published_finding.version.report.review
    if not PublishedFinding.objects.actionable(review).filter(pk=published_finding.pk).exists():
        raise ValidationError("Actions answer the suggested improvements of the latest published report")
    if published_finding.finding is None:  # actionable() leaves these out; kept explicit for types
        raise ValidationError("This finding is no longer in the report")
    item = Action(
        finding=published_finding.finding,
        description=description.strip(),
        owner=owner.strip(),
        owner_user=owner_user,
        due=due,
        status=status,
    )
    item.mark_completion(timezone.localdate())
    item.updated_by = by
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def action_update(
    *,
    action: Action,
    description: str,
    owner: str,
    owner_user: User | None,
    due: datetime.date,
    status: str,
    expected_version: int,
    by: User | None,
) -> Action:
    action.description, action.owner, action.owner_user, action.due, action.status = (
        description.strip(),
        owner.strip(),
        owner_user,
        due,
        status,
    )
    action.mark_completion(timezone.localdate())
    action.full_clean(exclude=["version"])
    save_if_current(
        action,
        expected_version=expected_version,
        by=by,
        fields=["description", "owner", "owner_user", "due", "status", "completed_on"],
    )
    return action


@transaction.atomic
def action_progress_add(*, action: Action, text: str, by: User | None) -> ActionUpdate:
    """Adds a dated entry to the action's progress log. Entries are never changed or removed."""
    update = ActionUpdate(action=action, text=text.strip(), by=by)
    update.full_clean()
    update.save()
    return update


@transaction.atomic
def support_request_create(
    *, review: Review, kind: str, description: str, aspects: Sequence[int] = (), by: User | None
) -> SupportRequest:
    """The council asks for support, about ``aspects`` (numbers of its framework's) if it says."""
    known = set(review.framework.aspects.values_list("number", flat=True))
    if unknown := sorted(set(aspects) - known):
        raise ValidationError({"aspects": f"There is no aspect {unknown[0]} in this review's framework"})
    request = SupportRequest(
        review=review,
        kind=kind,
        description=description.strip(),
        aspects=sorted(set(aspects)),
        requested_by=by,
    )
    request.full_clean()
    request.save()
    # The support page tells the council its request "is sent to the review managers": it is.
    tell(
        review=review,
        permission=Permission.HANDLE_SUPPORT,
        subject="Support requested",
        lines=[
            f"{by.full_name if by else 'The council'} asked for {request.get_kind_display().lower()}:",
            request.description,
        ],
        url_name="support",
        programme=True,  # the support page says it goes to the Scottish Government's managers
        event=f"support-requested-{request.pk}",
    )
    return request


@transaction.atomic
def support_request_handle(
    *, request: SupportRequest, status: str, note: str, by: User | None
) -> SupportRequest:
    request.status, request.note = status, note.strip()
    request.handled_by, request.handled_at = by, timezone.now()
    request.full_clean()
    request.save(update_fields=["status", "note", "handled_by", "handled_at"])
    if request.requested_by is not None:
        tell_person(
            person=request.requested_by,
            review=request.review,
            permission=Permission.VIEW_SUPPORT,
            subject="Your request for support",
            lines=[f"Your request is now “{request.get_status_display().lower()}”.", request.note],
            url_name="support",
        )
    return request


@transaction.atomic
def follow_up_start(*, previous: Review, by: User) -> Review:
    """Starts a follow-up review of the same host. It keeps the earlier review's framework and
    host contacts, and its self-assessment starts from the earlier answers (not submitted)."""
    if previous.follow_ups.exists():
        raise ValidationError("A follow-up review of this review has been started already")
    if previous.stage != stages.Stage.FOLLOW_UP:
        raise ValidationError("A follow-up review can start once the review is in follow-up support")
    review = Review(
        reference=Review.objects.free_reference(
            previous.host.name, timezone.localdate() + datetime.timedelta(days=365)
        ),
        host=previous.host,
        framework=previous.framework,
        protective_marking=previous.protective_marking,
        previous=previous,
        created_by=by,
    )
    review.full_clean()
    review.save()
    stages.stage_start(review=review, by=by)
    plan_fill(review=review)
    _copy_host_contacts(previous=previous, review=review)
    _copy_answers(previous=previous, review=review)
    return review


def _copy_host_contacts(*, previous: Review, review: Review) -> None:
    """The host's current contacts on ``previous``, in their order, on ``review`` too."""
    contacts = previous.people.current().filter(role__in=HOST_ROLES).order_by("position", "pk")
    ReviewPerson.objects.bulk_create(
        ReviewPerson(
            review=review,
            role=p.role,
            name=p.name,
            job_title=p.job_title,
            organisation=p.organisation,
            email=p.email,
            user=p.user,
            position=p.position,
        )
        for p in contacts
    )


def _copy_answers(*, previous: Review, review: Review) -> None:
    """A self-assessment for ``review`` that starts from ``previous``'s answers, not submitted."""
    earlier = AspectResponse.objects.filter(self_assessment__review=previous).order_by("aspect__number")
    self_assessment = SelfAssessment.objects.create(review=review)
    AspectResponse.objects.bulk_create(
        AspectResponse(
            self_assessment=self_assessment,
            aspect_id=r.aspect_id,
            rating_id=r.rating_id,
            narrative=r.narrative,
        )
        for r in earlier
    )
