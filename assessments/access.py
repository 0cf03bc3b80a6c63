"""Who may see and do what: the one home of the service's access rules.

Every view loads reviews and their objects through this module, so that isolation holds by
construction: a user who may not see a review gets 404 (its existence is not revealed), and a
user who may see it but not do the thing asked gets 403. ``docs/access.md`` states the same
table in words; a test keeps the two in step.
"""

from collections.abc import Callable
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from assessments.models import ReportStatus, Review, ReviewPerson, Role


class Action(StrEnum):
    VIEW_REVIEW = "view_review"
    EDIT_REVIEW = "edit_review"
    MANAGE_PEOPLE = "manage_people"
    MOVE_STAGE = "move_stage"
    VIEW_SELF_ASSESSMENT = "view_self_assessment"
    EDIT_SELF_ASSESSMENT = "edit_self_assessment"
    REOPEN_SELF_ASSESSMENT = "reopen_self_assessment"
    VIEW_EVIDENCE = "view_evidence"
    UPLOAD_EVIDENCE = "upload_evidence"
    VIEW_LINES_OF_ENQUIRY = "view_lines_of_enquiry"
    EDIT_LINES_OF_ENQUIRY = "edit_lines_of_enquiry"
    VIEW_SCHEDULE = "view_schedule"
    EDIT_SCHEDULE = "edit_schedule"
    VIEW_NOTES = "view_notes"
    WRITE_NOTES = "write_notes"
    EDIT_PRESENTATION = "edit_presentation"
    VIEW_FINDINGS = "view_findings"
    EDIT_FINDINGS = "edit_findings"
    VIEW_DRAFT_REPORT = "view_draft_report"
    COMMENT_ON_REPORT = "comment_on_report"
    PUBLISH_REPORT = "publish_report"
    VIEW_PUBLISHED_REPORT = "view_published_report"
    VIEW_ACTIONS = "view_actions"
    EDIT_ACTIONS = "edit_actions"
    EXPORT_REVIEW = "export_review"
    VIEW_SUPPORT = "view_support"
    REQUEST_SUPPORT = "request_support"
    HANDLE_SUPPORT = "handle_support"
    START_FOLLOW_UP = "start_follow_up"
    VIEW_AUDIT = "view_audit"


Condition = Callable[[Review], bool]


def always(review: Review) -> bool:
    return True


def in_factual_accuracy(review: Review) -> bool:
    """The host reads the draft only while it is out for a factual-accuracy check."""
    report = getattr(review, "report", None)
    return report is not None and report.status == ReportStatus.FACTUAL_ACCURACY


def self_assessment_open(review: Review) -> bool:
    sa = getattr(review, "self_assessment", None)
    return sa is None or not sa.is_submitted


LEAD, PEER, MANAGER = Role.LEAD_PEER, Role.PEER, Role.REVIEW_MANAGER
SPOC, DEPUTY, SENIOR = Role.SPOC, Role.DEPUTY_SPOC, Role.SENIOR_OFFICER
TEAM = {LEAD: always, PEER: always, MANAGER: always}
EVERYONE = {**TEAM, SPOC: always, DEPUTY: always, SENIOR: always}

# Action -> the roles that may do it, each with the condition on the review under which it may.
RULES: dict[Action, dict[Role, Condition]] = {
    Action.VIEW_REVIEW: EVERYONE,
    Action.EDIT_REVIEW: {MANAGER: always},
    Action.MANAGE_PEOPLE: {MANAGER: always},
    Action.MOVE_STAGE: {MANAGER: always},
    Action.VIEW_SELF_ASSESSMENT: {**TEAM, SPOC: always, DEPUTY: always},
    Action.EDIT_SELF_ASSESSMENT: {SPOC: self_assessment_open, DEPUTY: self_assessment_open},
    Action.REOPEN_SELF_ASSESSMENT: {MANAGER: always},
    Action.VIEW_EVIDENCE: {**TEAM, SPOC: always, DEPUTY: always},
    Action.UPLOAD_EVIDENCE: {SPOC: always, DEPUTY: always},
    Action.VIEW_LINES_OF_ENQUIRY: TEAM,
    Action.EDIT_LINES_OF_ENQUIRY: TEAM,
    Action.VIEW_SCHEDULE: {**TEAM, SPOC: always, DEPUTY: always},
    Action.EDIT_SCHEDULE: {MANAGER: always},
    Action.VIEW_NOTES: TEAM,
    Action.WRITE_NOTES: TEAM,
    Action.EDIT_PRESENTATION: TEAM,
    Action.VIEW_FINDINGS: TEAM,
    Action.EDIT_FINDINGS: TEAM,
    Action.VIEW_DRAFT_REPORT: {**TEAM, SPOC: in_factual_accuracy, DEPUTY: in_factual_accuracy},
    Action.COMMENT_ON_REPORT: {SPOC: in_factual_accuracy, DEPUTY: in_factual_accuracy},
    Action.PUBLISH_REPORT: {MANAGER: always},
    Action.VIEW_PUBLISHED_REPORT: EVERYONE,
    Action.VIEW_ACTIONS: EVERYONE,
    Action.EDIT_ACTIONS: {SPOC: always, DEPUTY: always},
    Action.EXPORT_REVIEW: {MANAGER: always},
    Action.VIEW_SUPPORT: {MANAGER: always, SPOC: always, DEPUTY: always},
    Action.REQUEST_SUPPORT: {SPOC: always, DEPUTY: always},
    Action.HANDLE_SUPPORT: {MANAGER: always},
    Action.START_FOLLOW_UP: {MANAGER: always},
    Action.VIEW_AUDIT: {MANAGER: always},
}


def require_programme_manager(user) -> None:
    """Setting up reviews is for the programme's review managers only."""
    if not (user.is_authenticated and user.is_active and user.is_review_manager):
        raise PermissionDenied("Only review managers can set up reviews")


def require_overview(user) -> None:
    """The national overview is for the programme's review managers; to anyone else it does
    not exist (404), so that no council learns even that figures across councils are kept."""
    if not (user.is_authenticated and user.is_active and user.is_review_manager):
        raise Http404("No such page")


def visible_reviews(user) -> QuerySet[Review]:
    """The reviews ``user`` may see: every review for a review manager, otherwise those on
    which the user holds a current role."""
    if not user.is_authenticated or not user.is_active:
        return Review.objects.none()
    if user.is_review_manager:
        return Review.objects.all()
    holds_role = ReviewPerson.objects.current().filter(review=OuterRef("pk"), user=user)
    return Review.objects.filter(Exists(holds_role))


def roles_on(user, review: Review) -> frozenset[Role]:
    """The roles ``user`` holds on ``review``; a review manager acts as one on every review.

    Cached on the review instance, as a page asks many times.
    """
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cache = review.__dict__.setdefault("_roles_by_user", {})
    if user.pk not in cache:
        roles = set(
            ReviewPerson.objects.current().filter(review=review, user=user).values_list("role", flat=True)
        )
        if user.is_review_manager:
            roles.add(Role.REVIEW_MANAGER)
        cache[user.pk] = frozenset(Role(role) for role in roles)
    return cache[user.pk]


def can(user, action: Action, review: Review) -> bool:
    allowed = RULES[action]
    return any(role in allowed and allowed[role](review) for role in roles_on(user, review))


def permitted_actions(user, review: Review) -> frozenset[Action]:
    """Everything ``user`` may do to ``review``, for templates deciding what to offer."""
    return frozenset(action for action in Action if can(user, action, review))


def review_for(user, reference: str, action: Action = Action.VIEW_REVIEW) -> Review:
    """Loads a review for ``user`` to do ``action``: 404 if they may not see it at all, 403 if
    they may see it but not do this."""
    review = visible_reviews(user).select_related("host", "framework").filter(reference=reference).first()
    if review is None:
        raise Http404("No such review")
    require(user, action, review)
    return review


def require(user, action: Action, review: Review) -> None:
    if not can(user, action, review):
        raise PermissionDenied(f"You may not {action.value.replace('_', ' ')} on this review")


def object_for(user, review: Review, queryset: QuerySet, pk, action: Action):
    """Loads an object that belongs to ``review`` (404 if it belongs to another) after checking
    ``action``."""
    require(user, action, review)
    obj = queryset.filter(pk=pk).first()
    if obj is None or _review_of(obj) != review.pk:
        raise Http404("No such item on this review")
    return obj


def _review_of(obj) -> int:
    if hasattr(obj, "review_id"):
        return obj.review_id
    for parent in ("self_assessment", "interview", "finding", "report", "evidence", "action"):
        if hasattr(obj, parent):
            return _review_of(getattr(obj, parent))
    raise TypeError(f"{type(obj).__name__} does not belong to a review")
