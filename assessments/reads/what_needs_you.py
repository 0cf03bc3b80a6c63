"""What needs you: each person's work now, across their reviews, read from the reviews themselves
(never a to-do list of its own that could drift from them).

A SPOC or deputy sees a self-assessment to finish (how many aspects are left) and by when, a
draft awaiting their check and by when, suggested improvements with no action yet, actions due
within the warning window or overdue, and feedback to give; a senior officer, feedback to give;
a lead peer or peer sees lines of enquiry, interview notes and findings to write; a review
manager sees a team to build, reviews ready to move to their next stage, comments to resolve,
support requests to answer and dates in any review's plan that have passed with their work not
done. Each is "Overdue", "Due" or "Not yet due" by ``due_state``, as on every page.
A few queries, however many reviews.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from assessments.lifecycle import stages
from assessments.models import (
    WARNING_DAYS,
    Action,
    ActionStatus,
    Aspect,
    AspectResponse,
    Interview,
    PublishedFinding,
    Review,
    ReviewFeedback,
    ReviewPerson,
    ReviewPlan,
    Role,
    Stage,
)
from assessments.models.plan import OVERDUE, TO_DO, due_state
from assessments.reads import timeline
from assessments.rules import access
from assessments.rules.access import Permission
from assessments.rules.facts import ReviewFacts, facts_from_annotations
from peerreview.accounts.models import User

SOON = datetime.timedelta(days=WARNING_DAYS)
_AT = "H:i, j F"
# Interview notes are written up by the day after the interview.
NOTES_WITHIN = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Need:
    review: Review
    text: str
    url: str
    due: datetime.date | None = None
    state: str = TO_DO  # overdue, due, not yet due, or to do (no date)


def _need(review: Review, text: str, url_name: str, due: datetime.date | None, today: datetime.date) -> Need:
    url = reverse(url_name, args=[review.reference])
    return Need(review, text, url, due, due_state(due, today))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _plan(review: Review) -> ReviewPlan:
    return getattr(review, "plan", None) or ReviewPlan(review=review)


def _self_assessments_unsent(reviews: list[Review], today: datetime.date) -> list[Need]:
    """The self-assessments of ``reviews`` still to submit, with how many aspects are left: two
    queries, however many reviews."""
    unsent = [
        review
        for review in reviews
        if review.stage == Stage.SELF_ASSESSMENT and not review.fact_self_assessment_submitted  # type: ignore[attr-defined]
    ]
    if not unsent:
        return []
    done = dict(
        AspectResponse.objects.complete()
        .filter(self_assessment__review__in=unsent)
        .values("self_assessment__review")
        .annotate(n=Count("pk"))
        .values_list("self_assessment__review", "n")
    )
    totals = dict(
        Aspect.objects.filter(framework__in={review.framework_id for review in unsent})
        .values("framework")
        .annotate(n=Count("pk"))
        .values_list("framework", "n")
    )
    needs = []
    for review in unsent:
        left = totals.get(review.framework_id, 0) - done.get(review.pk, 0)
        text = (
            f"Finish the self-assessment ({left} aspect{'s' if left != 1 else ''} left) and submit it"
            if left
            else "Submit the self-assessment"
        )
        needs.append(_need(review, text, "self_assessment", _plan(review).self_assessment_due, today))
    return needs


def _for_contact(review: Review, facts: ReviewFacts, today: datetime.date) -> list[Need]:
    plan, needs = _plan(review), []
    due = timeline.comments_due(facts, plan)
    if due is not None:
        needs.append(_need(review, "Check the draft report and send any comments", "report", due, today))
    return needs


def _actions_to_plan(reviews: list[Review], today: datetime.date) -> list[Need]:
    """The reviews whose council may keep its action plan now (``edit_actions``) and has
    suggested improvements with no action yet: one query, however many reviews."""
    unanswered = PublishedFinding.objects.unanswered_by_review(reviews) if reviews else {}
    return [
        _need(
            review,
            f"Add actions to the plan for {_plural(unanswered[review.pk], 'suggested improvement')}",
            "action_plan",
            _plan(review).action_plan_due,
            today,
        )
        for review in reviews
        if unanswered.get(review.pk)
    ]


def _feedback_to_give(user: User, reviews: list[Review], today: datetime.date) -> list[Need]:
    """The reviews on which ``user`` may give feedback now (``give_feedback``) and has not yet
    said how the review went: one query, however many."""
    if not reviews:
        return []
    given = set(
        ReviewFeedback.objects.filter(review__in=reviews, respondent=user).values_list("review", flat=True)
    )
    text = "Tell the Scottish Government how the review went"
    return [_need(review, text, "feedback", None, today) for review in reviews if review.pk not in given]


def _for_team(review: Review, facts: ReviewFacts, today: datetime.date) -> list[Need]:
    plan = _plan(review)
    if facts.stage == Stage.EVIDENCE_REVIEW:
        return [
            _need(review, "Set the key lines of enquiry", "lines_of_enquiry", review.on_site_start, today)
        ]
    if facts.stage in (Stage.KEY_FINDINGS, Stage.REPORT) and not facts.published:
        return [_need(review, "Write the findings", "findings", plan.draft_report_due, today)]
    return []


def _for_manager(review: Review, facts: ReviewFacts, today: datetime.date) -> list[Need]:
    needs = []
    missing = stages.team_gaps(facts.has_lead_peer, facts.has_manager)
    if missing:
        text = f"Build the team: add {' and '.join(f'a {role}' for role in missing)}"
        needs.append(_need(review, text, "review_people", None, today))
    comments, support = review.open_comments, review.open_support  # type: ignore[attr-defined]
    if comments:
        needs.append(
            _need(
                review,
                f"Resolve {comments} factual-accuracy comment{'s' if comments > 1 else ''}",
                "report",
                None,
                today,
            )
        )
    if support:
        needs.append(
            _need(
                review,
                f"Answer {support} request{'s' if support > 1 else ''} for support",
                "support",
                None,
                today,
            )
        )
    target = stages.ready_to_move(review, facts, today)
    if target is not None:
        needs.append(_need(review, f"Ready to move to {target.label}", "review_detail", None, today))
    for label, date in timeline.overdue(facts, _plan(review), today):
        needs.append(_need(review, f"{label}: the date has passed", "review_detail", date, today))
    return needs


def _actions_due(reviews: list[Review], today: datetime.date) -> list[Need]:
    actions = (
        Action.objects.filter(finding__review__in=reviews, due__lte=today + SOON)
        .exclude(status=ActionStatus.DONE)
        .select_related("finding__review__host")
        .order_by("due", "pk")
    )
    return [
        Need(
            action.finding.review,
            f"Update the action “{action.description[:80]}”",
            reverse("action_detail", args=[action.finding.review.reference, action.pk]),
            action.due,
            due_state(action.due, today),
        )
        for action in actions
    ]


def _notes_to_write(user: User, today: datetime.date) -> list[Need]:
    """Interviews ``user`` sat in on with no note of theirs yet, on open reviews (a panel is of
    the review's team, so these are reviews they are on)."""
    # By a join, not a list of the reviews' keys: a peer on hundreds of reviews made that list a
    # query of hundreds of parameters that SQLite took half a second over.
    interviews = (
        Interview.objects.awaiting_notes_of(user)
        .filter(review__closed_at__isnull=True)
        .select_related("review__host")
        .order_by("starts", "pk")
    )
    needs = []
    for interview in interviews:
        due = timezone.localdate(interview.starts) + NOTES_WITHIN
        when = date_format(timezone.localtime(interview.starts), _AT)
        url = reverse("interview_detail", args=[interview.review.reference, interview.pk])
        needs.append(
            Need(
                interview.review,
                f"Write your notes of the interview at {when}",
                url,
                due,
                due_state(due, today),
            )
        )
    return needs


def _roles_by_review(user: User) -> dict[int, set[str]]:
    roles: dict[int, set[str]] = {}
    if not user.is_review_manager:
        held = ReviewPerson.objects.current().filter(user=user).values_list("review_id", "role")
        for review_id, role in held:
            roles.setdefault(review_id, set()).add(role)
    return roles


CONTACT_ROLES = {Role.SPOC, Role.DEPUTY_SPOC}


def needs_for(user: User, reviews: list[Review], today: datetime.date) -> list[Need]:
    """Everything ``user`` has to do now on ``reviews`` (those they can see, loaded with
    ``with_facts()``), soonest first: overdue, then by date. Whose work is whose, and when, is
    the access table's (``access.allowed`` on the roles held)."""
    roles = _roles_by_review(user)
    needs: list[Need] = []
    open_reviews = [review for review in reviews if review.closed_at is None]
    held = {review.pk: roles.get(review.pk, set()) for review in open_reviews}
    facts = {review.pk: facts_from_annotations(review) for review in open_reviews}
    contact = [review for review in open_reviews if held[review.pk] & CONTACT_ROLES]
    team = [review for review in open_reviews if held[review.pk] & {Role.LEAD_PEER, Role.PEER}]
    for review in open_reviews:
        if user.is_review_manager or Role.REVIEW_MANAGER in held[review.pk]:
            needs += _for_manager(review, facts[review.pk], today)
        if held[review.pk] & {Role.LEAD_PEER, Role.PEER}:
            needs += _for_team(review, facts[review.pk], today)
        if held[review.pk] & CONTACT_ROLES:
            needs += _for_contact(review, facts[review.pk], today)
    if contact:
        needs += _self_assessments_unsent(contact, today) + _actions_due(contact, today)
    planning = [r for r in contact if access.allowed(held[r.pk], Permission.EDIT_ACTIONS, r)]
    needs += _actions_to_plan(planning, today)
    asked = [r for r in open_reviews if access.allowed(held[r.pk], Permission.GIVE_FEEDBACK, r)]
    needs += _feedback_to_give(user, asked, today)
    if team:
        needs += _notes_to_write(user, today)
    return sorted(
        needs,
        key=lambda need: (
            need.state != OVERDUE,
            need.due or datetime.date.max,
            need.review.host.name,
        ),
    )
