"""Who may see and do what: the one home of the service's access rules.

Every view loads reviews and their objects through this module, so that isolation holds by
construction: a user who may not see a review gets 404 (its existence is not revealed), and a
user who may see it but not do the thing asked gets 403. ``docs/access.md`` states the same
table in words; a test keeps the two in step. Who may use the pages outside any one review (the
overview, the library, the programme's people) is ``assessments.rules.programme``'s.
"""

import functools
import operator
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Exists, ExpressionWrapper, Model, OuterRef, Q, QuerySet
from django.http import Http404

from assessments.models import (
    HOST_ROLES,
    EvidenceFile,
    Review,
    ReviewPerson,
    Role,
    ScanStatus,
)
from assessments.models.review import ReviewQuerySet
from assessments.rules.conditions import (
    AS_SQL,
    Condition,
    always,
    at_follow_up,
    at_report_stage_while_open,
    from_key_findings,
    in_factual_accuracy,
    in_factual_accuracy_while_open,
    on_a_follow_up,
    once_closed,
    once_published_while_open,
    self_assessment_open,
    self_assessment_reopenable,
    set_up_by_mistake,
    until_published_while_open,
    while_open,
)
from peerreview.accounts.models import AnyUser, User

M = TypeVar("M", bound=Model)


class Permission(StrEnum):
    VIEW_REVIEW = "view_review"
    EDIT_REVIEW = "edit_review"
    MANAGE_PEOPLE = "manage_people"
    MOVE_STAGE = "move_stage"
    REOPEN_REVIEW = "reopen_review"
    DELETE_REVIEW = "delete_review"
    VIEW_STAGE_REASONS = "view_stage_reasons"
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
    DOWNLOAD_SLIDES = "download_slides"
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
    SHARE_GOOD_PRACTICE = "share_good_practice"
    GIVE_FEEDBACK = "give_feedback"
    VIEW_BASELINE = "view_baseline"


def _each(roles: Iterable[Role], condition: Condition) -> dict[Role, Condition]:
    return dict.fromkeys(roles, condition)


LEAD, PEER, MANAGER = Role.LEAD_PEER, Role.PEER, Role.REVIEW_MANAGER
SPOC, DEPUTY, SENIOR = Role.SPOC, Role.DEPUTY_SPOC, Role.SENIOR_OFFICER
TEAM = (LEAD, PEER, MANAGER)
CONTACTS = (SPOC, DEPUTY)  # the host's users who work on the review; senior officers only read
EVERYONE = (*TEAM, *CONTACTS, SENIOR)

# Permission -> the roles that may do it, each with the condition on the review under which it may.
# A closed review is read-only: every write holds only while the review is open.
RULES: dict[Permission, dict[Role, Condition]] = {
    Permission.VIEW_REVIEW: _each(EVERYONE, always),
    Permission.EDIT_REVIEW: {MANAGER: while_open},
    Permission.MANAGE_PEOPLE: {MANAGER: while_open},
    Permission.MOVE_STAGE: {MANAGER: while_open},
    Permission.REOPEN_REVIEW: {MANAGER: once_closed},
    # A review set up by mistake may go, before anyone has put anything into it.
    Permission.DELETE_REVIEW: {MANAGER: set_up_by_mistake},
    Permission.VIEW_STAGE_REASONS: _each(TEAM, always),
    Permission.VIEW_SELF_ASSESSMENT: _each((*TEAM, *CONTACTS), always),
    Permission.EDIT_SELF_ASSESSMENT: _each(CONTACTS, self_assessment_open),
    Permission.REOPEN_SELF_ASSESSMENT: {MANAGER: self_assessment_reopenable},
    Permission.VIEW_EVIDENCE: _each((*TEAM, *CONTACTS), always),
    # Evidence is what the team reviews: it follows the self-assessment's lock.
    Permission.UPLOAD_EVIDENCE: _each(CONTACTS, self_assessment_open),
    Permission.VIEW_LINES_OF_ENQUIRY: _each(TEAM, always),
    Permission.EDIT_LINES_OF_ENQUIRY: _each(TEAM, while_open),
    Permission.VIEW_SCHEDULE: _each((*TEAM, *CONTACTS), always),
    Permission.EDIT_SCHEDULE: {MANAGER: while_open},
    Permission.VIEW_NOTES: _each(TEAM, always),
    Permission.WRITE_NOTES: _each(TEAM, while_open),
    # The presentation drafts the report's key findings, so it freezes with the report.
    Permission.EDIT_PRESENTATION: _each(TEAM, until_published_while_open),
    # The slides the team presents from carry its draft findings: the team's alone, once there
    # are key findings to present.
    Permission.DOWNLOAD_SLIDES: _each(TEAM, from_key_findings),
    Permission.VIEW_FINDINGS: _each(TEAM, always),
    # Published findings are frozen: changing them takes a new draft (and a new version).
    Permission.EDIT_FINDINGS: _each(TEAM, until_published_while_open),
    Permission.VIEW_DRAFT_REPORT: _each(TEAM, always) | _each(CONTACTS, in_factual_accuracy),
    Permission.COMMENT_ON_REPORT: _each(CONTACTS, in_factual_accuracy_while_open),
    # Sending the draft, taking it back and publishing: the report's own steps are in
    # reports.publishing.steps, each checked by the stage machine (publication.publish_blockers).
    Permission.PUBLISH_REPORT: {MANAGER: at_report_stage_while_open},
    Permission.VIEW_PUBLISHED_REPORT: _each(EVERYONE, always),
    # The action plan reads only published findings, so before the first version it is empty.
    Permission.VIEW_ACTIONS: _each(EVERYONE, always),
    Permission.EDIT_ACTIONS: _each(CONTACTS, once_published_while_open),
    Permission.EXPORT_REVIEW: {MANAGER: always},
    Permission.VIEW_SUPPORT: _each((MANAGER, *CONTACTS), always),
    Permission.REQUEST_SUPPORT: _each(CONTACTS, while_open),
    Permission.HANDLE_SUPPORT: {MANAGER: while_open},
    # A follow-up review is a new review: starting one writes nothing to this one, closed or not.
    Permission.START_FOLLOW_UP: {MANAGER: at_follow_up},
    Permission.VIEW_AUDIT: {MANAGER: always},
    # The council decides which of its good practice other councils may read, in the published
    # wording, which is all it chooses from (assessments.reads.published): never the team's draft.
    Permission.SHARE_GOOD_PRACTICE: _each(CONTACTS, once_published_while_open),
    # The host tells the programme how useful the review was; the answers are the programme's.
    Permission.GIVE_FEEDBACK: _each((*CONTACTS, SENIOR), once_published_while_open),
    # What a follow-up's people read of the review it follows up (its baseline), and nothing more:
    # the ratings it started from, the published improvements and the council's actions on them.
    Permission.VIEW_BASELINE: _each((*TEAM, *CONTACTS), on_a_follow_up),
}


def may_hold(role: str, organisation_key: str | None, host_key: str) -> bool:
    """The one isolation rule: a host role goes only to someone at the host, a team role only to
    someone from elsewhere, so nobody reviews their own council.

    Organisations are compared by ``organisation_key`` (the key of the resolved record, or of a
    name not yet recorded), the normalisation ``organisation_get_or_create`` resolves names by.
    """
    at_host = organisation_key == host_key
    return at_host if role in HOST_ROLES else not at_host


def works_on_a_review_team(user_ref: OuterRef) -> Exists:
    """Whether a user is on any review's team now (``user_ref`` is ``OuterRef("pk")`` in a query
    of users). Team members read notes and drafts, so they must use an authenticator app:
    ``settings.TWO_FACTOR_ALSO_REQUIRED_FOR`` names this rule for the accounts package."""
    return Exists(ReviewPerson.objects.current().team().filter(user=user_ref))


def people_who_may(review: Review, permission: Permission, *, programme: bool = False) -> list[User]:
    """The people on ``review`` who may do ``permission`` on it now, by the same rules as every
    page, and with ``programme`` the programme's review managers too where the rule names
    managers (a support request goes to them all). What the service tells people goes only to
    them, so nobody is told what they may not see."""
    on_review = User.objects.filter(
        is_active=True, review_roles__review=review, review_roles__removed_at__isnull=True
    )
    if programme and Role.REVIEW_MANAGER in RULES[permission]:
        on_review = on_review | User.objects.filter(is_active=True, is_review_manager=True)
    candidates = on_review.distinct()
    fresh = Review.objects.select_related("report").get(pk=review.pk)  # no answers cached from before
    return sorted((user for user in candidates if can(user, permission, fresh)), key=lambda user: user.email)


def may_download(user: AnyUser, version: EvidenceFile) -> bool:
    """Whether ``user``, who may view the review's evidence, may download this version now: once
    scanned clean (or where no scanner is configured), or while it waits for its scan, its own
    uploader. A file found infected, or that could not be checked, reaches no one."""
    if version.scan in (ScanStatus.CLEAN, ScanStatus.NOT_SCANNED):
        return True
    return version.scan == ScanStatus.PENDING and version.uploaded_by_id == user.pk


def may_look_up(viewer: AnyUser, account: User) -> bool:
    """Whether ``viewer`` may read who an account is (name, job, organisation) when adding people:
    a programme review manager may; a review's own manager only for people who hold or held a
    role on a review they manage. To anyone else an address is just an address."""
    if viewer.is_authenticated and viewer.is_active and viewer.is_review_manager:
        return True
    return ReviewPerson.objects.on_reviews_managed_by(viewer).filter(user=account).exists()


def reviews_permitting(user: AnyUser, permission: Permission) -> ReviewQuerySet:
    """The reviews on which ``user`` may do ``permission`` now, as one query, for a page across
    many reviews (search, "what needs you"): the table's roles, each with its condition in SQL
    (``conditions.AS_SQL``). A permission whose conditions have no SQL form is refused: ask
    ``can()`` review by review."""
    rules = RULES[permission]
    if any(condition not in AS_SQL for condition in rules.values()):
        raise ValueError(f"{permission} has a condition with no SQL form: ask can() review by review")
    if not user.is_authenticated or not user.is_active:
        return Review.objects.none()
    by_condition: dict[Condition, list[Role]] = {}
    for role, condition in rules.items():
        by_condition.setdefault(condition, []).append(role)
    permitted = [holding(user, roles) & AS_SQL[condition]() for condition, roles in by_condition.items()]
    if any(not term for term in permitted):  # an empty Q is every review
        return Review.objects.all()
    return Review.objects.filter(functools.reduce(operator.or_, permitted))


def holding(user: User, roles: Iterable[str]) -> Q:
    """A filter on reviews: those on which ``user`` holds one of ``roles`` now. A programme
    review manager holds the manager's role on every review (an empty filter, where that is
    among ``roles``)."""
    roles = list(roles)
    if user.is_review_manager and Role.REVIEW_MANAGER in roles:
        return Q()
    held = ReviewPerson.objects.current().filter(review=OuterRef("pk"), user=user, role__in=roles)
    return Q(Exists(held))


@dataclass(frozen=True)
class RolesHeld:
    """The roles someone holds now: on open reviews, and on any review (open or closed). A
    programme review manager holds the manager's on every review."""

    on_open_reviews: frozenset[str]
    anywhere: frozenset[str]


def roles_held(user: User) -> RolesHeld:
    """``RolesHeld`` for ``user``, in one query, for a page that asks both."""
    rows = ReviewPerson.objects.current().filter(user=user).order_by()
    # Whether open, not when closed: a few rows, not one for each review a peer has closed.
    is_open = ExpressionWrapper(Q(review__closed_at__isnull=True), output_field=BooleanField())
    held = set(rows.annotate(is_open=is_open).values_list("role", "is_open").distinct())
    managing = {Role.REVIEW_MANAGER} if user.is_review_manager else set()
    on_open = {role for role, is_open in held if is_open} | managing
    return RolesHeld(frozenset(on_open), frozenset({role for role, _ in held} | managing))


def roles_on_open_reviews(user: User) -> frozenset[str]:
    """The roles ``user`` holds on any open review now; a programme review manager, the
    manager's too (on every review)."""
    return roles_held(user).on_open_reviews


def require_role_on_an_open_review(user: AnyUser, roles: Iterable[str]) -> None:
    """A page of one kind of someone's work across reviews ("what needs you") is for those who
    hold one of its ``roles`` on an open review; to anyone else it does not exist (404)."""
    if not (user.is_authenticated and user.is_active and roles_on_open_reviews(user) & set(roles)):
        raise Http404("No such list")


def visible_reviews(user: AnyUser) -> ReviewQuerySet:
    """The reviews ``user`` may see: every review for a review manager, otherwise those on
    which the user holds a current role."""
    if not user.is_authenticated or not user.is_active:
        return Review.objects.none()
    if user.is_review_manager:
        return Review.objects.all()
    # The reviews of the person's roles as a list the database makes once, not an EXISTS per
    # review: the same answer, and the ORM composes it in two thirds of the time (every page
    # about a review asks through ``review_for``).
    return Review.objects.filter(pk__in=ReviewPerson.objects.current().filter(user=user).values("review"))


def with_visibility(user: AnyUser, reviews: ReviewQuerySet) -> ReviewQuerySet:
    """``reviews`` each annotated ``visible``: whether ``user`` may see it (``visible_reviews``),
    for a page that links to a review it loads only if the reader may open it."""
    seen = visible_reviews(user).filter(pk=OuterRef("pk"))
    return reviews.annotate(visible=Exists(seen))


def roles_on(user: AnyUser, review: Review) -> frozenset[Role]:
    """The roles ``user`` holds on ``review``; a review manager acts as one on every review.

    Cached on the review instance, as a page asks many times.
    """
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cache = review.__dict__.setdefault("_roles_by_user", {})
    if user.pk not in cache:
        people = review.__dict__.get("current_people")  # loaded with the review by review_for
        if people is not None:
            roles = {person.role for person in people if person.user_id == user.pk}
        else:
            roles = set(
                ReviewPerson.objects.current().filter(review=review, user=user).values_list("role", flat=True)
            )
        if user.is_review_manager:
            roles.add(Role.REVIEW_MANAGER)
        cache[user.pk] = frozenset(Role(role) for role in roles)
    held: frozenset[Role] = cache[user.pk]
    return held


def allowed(roles: Iterable[str], permission: Permission, review: Review) -> bool:
    """Whether one of ``roles`` may do ``permission`` on ``review`` in its present state: the
    table's answer for roles a caller already knows (a page of many reviews reads them once)."""
    rules = RULES[permission]
    return any((rule := rules.get(Role(role))) is not None and rule(review) for role in roles)


def can(user: AnyUser, permission: Permission, review: Review) -> bool:
    return allowed(roles_on(user, review), permission, review)


def permitted_actions(user: AnyUser, review: Review) -> frozenset[Permission]:
    """Everything ``user`` may do to ``review``, for templates deciding what to offer."""
    return frozenset(permission for permission in Permission if can(user, permission, review))


def review_for(user: AnyUser, reference: str, permission: Permission = Permission.VIEW_REVIEW) -> Review:
    """Loads a review for ``user`` to do ``permission``: 404 if they may not see it at all, 403 if
    they may see it but not do this."""
    # The self-assessment, the report and the plan come with the review: the rules' conditions
    # and the pages read them. So do its current people (as ``current_people``), from whom the
    # viewer's roles are read and whom the pages list. The rows are listed, not taken with
    # ``get`` or ``first``: the reference is unique, and PostgreSQL took 2.7 ms to plan this
    # six-table join with the LIMIT those add, 0.8 ms without it.
    found = list(
        visible_reviews(user)
        .select_related("host", "framework", "self_assessment", "report", "plan")
        .filter(reference=reference)
    )
    if not found:
        raise Http404("No such review")
    review = found[0]
    # A plain query rather than prefetch_related, whose machinery cost more than the query.
    # Through the review's own manager, so that each person's ``review`` is this one, not a query.
    review.current_people = list(review.people.current().select_related("organisation"))  # type: ignore[attr-defined]
    require(user, permission, review)
    return review


def require(user: AnyUser, permission: Permission, review: Review) -> None:
    if can(user, permission, review):
        return
    if review.closed_at is not None and roles_on(user, review) & set(RULES[permission]):
        # Their role may, on an open review: the page says what stops them, not to ask themselves.
        raise PermissionDenied(
            "The review is closed, so nobody can change it. A review manager can reopen it"
        )
    raise PermissionDenied(f"You may not {permission.value.replace('_', ' ')} on this review")


def object_for(user: AnyUser, review: Review, queryset: QuerySet[M], pk: object, permission: Permission) -> M:
    """Loads an object that belongs to ``review`` (404 if it belongs to another) after checking
    ``permission``."""
    require(user, permission, review)
    obj = queryset.filter(pk=pk).first()
    if obj is None or _review_of(obj) != review.pk:
        raise Http404("No such item on this review")
    return obj


def _review_of(obj: object) -> int:
    if not hasattr(type(obj), "owning_review_id"):
        raise TypeError(f"{type(obj).__name__} does not belong to a review")
    review_id: int = getattr(obj, "owning_review_id")  # noqa: B009 (checked just above)
    return review_id
