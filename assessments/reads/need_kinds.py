"""The kinds of work "what needs you" lists, each one query of the database however many reviews
there are: which rows need the person (filtered, ordered soonest first and counted in SQL), and
how one row reads as a need.

Which rows is the rules' own answer in SQL form: the access table's conditions
(``access.reviews_permitting``), the stage machine's guards (``stages.ready_to_move_sql``) and
the plan's "done" (``timeline.overdue_sql``); tests hold each SQL form to its Python one.
"""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from assessments.lifecycle import stages
from assessments.models import (
    WARNING_DAYS,
    Action,
    ActionStatus,
    Interview,
    PublishedFinding,
    ReportStatus,
    Review,
    ReviewFeedback,
    Role,
    Stage,
)
from assessments.models.plan import TO_DO, due_state
from assessments.models.review import ReviewQuerySet
from assessments.reads import timeline
from assessments.rules import access
from assessments.rules.access import Permission
from assessments.rules.facts import facts_from_annotations
from peerreview.accounts.models import User

SOON = datetime.timedelta(days=WARNING_DAYS)
# Interview notes are written up by the day after the interview.
NOTES_WITHIN = datetime.timedelta(days=1)
_AT = "H:i, j F"
CONTACTS = frozenset({Role.SPOC, Role.DEPUTY_SPOC})
TEAM = frozenset({Role.LEAD_PEER, Role.PEER})
MANAGER = frozenset({Role.REVIEW_MANAGER})


@dataclass(frozen=True)
class Need:
    review: Review
    text: str
    url: str
    due: datetime.date | None = None
    state: str = TO_DO  # overdue, due, not yet due, or to do (no date)


@dataclass(frozen=True)
class Kind:
    slug: str
    heading: str
    roles: frozenset[str]  # whoever holds one of these on an open review may have this work
    rows: Callable[[User, datetime.date], QuerySet[Any]]  # filtered and ordered, soonest first
    need: Callable[[Any, datetime.date], Need]


def _need(review: Review, text: str, url_name: str, due: datetime.date | None, today: datetime.date) -> Need:
    return Need(review, text, reverse(url_name, args=[review.reference]), due, due_state(due, today))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _soonest(date_field: str) -> tuple[Any, ...]:
    """Soonest first (a passed date is the soonest of all), undated last, then by council."""
    return (F(date_field).asc(nulls_last=True), "host__name", "pk")


@functools.cache
def _open_reviews_with_facts() -> ReviewQuerySet:
    """Open reviews with their facts, composed once per process and never run itself: composing
    the facts' subqueries took the ORM 2 ms a query, more than the database took to answer; each
    kind's query filters a copy."""
    return Review.objects.open().select_related("host", "plan").with_facts()


@functools.cache
def _open_reviews_with_facts_and_progress() -> ReviewQuerySet:
    """The same, with each self-assessment's progress, composed once likewise."""
    return _open_reviews_with_facts().with_progress()


def _reviews_of(user: User, roles: frozenset[str], *, progress: bool = False) -> ReviewQuerySet:
    """The open reviews on which ``user`` holds one of ``roles`` now, with their facts (and, with
    ``progress``, their self-assessment's). A programme review manager holds the manager's role on
    every review."""
    reviews = _open_reviews_with_facts_and_progress() if progress else _open_reviews_with_facts()
    return reviews.filter(access.holding(user, roles))


def _plan_date(review: Review, name: str) -> datetime.date | None:
    return getattr(timeline.plan_of(review), name)


# The council's SPOC and deputy.


def _self_assessments(user: User, today: datetime.date) -> ReviewQuerySet:
    return (
        _reviews_of(user, CONTACTS, progress=True)
        .filter(Q(stage=Stage.SELF_ASSESSMENT, fact_self_assessment_submitted=False))
        .order_by(*_soonest("plan__self_assessment_due"))
    )


def _self_assessment_need(review: Any, today: datetime.date) -> Need:
    left = review.aspects_total - review.aspects_complete
    text = (
        f"Finish the self-assessment ({_plural(left, 'aspect')} left) and submit it"
        if left
        else "Submit the self-assessment"
    )
    return _need(review, text, "self_assessment", _plan_date(review, "self_assessment_due"), today)


def _drafts_to_check(user: User, today: datetime.date) -> QuerySet[Review]:
    out_for_check = Q(fact_report_status=ReportStatus.FACTUAL_ACCURACY, fact_checking_since__isnull=False)
    # By the day it went out: the plan's working days from then decide each one's last day.
    return (
        _reviews_of(user, CONTACTS)
        .filter(out_for_check)
        .order_by(F("fact_checking_since"), "host__name", "pk")
    )


def _draft_need(review: Any, today: datetime.date) -> Need:
    due = timeline.comments_due(facts_from_annotations(review), timeline.plan_of(review))
    return _need(review, "Check the draft report and send any comments", "report", due, today)


def _actions_to_plan(user: User, today: datetime.date) -> QuerySet[Review]:
    return (
        access.reviews_permitting(user, Permission.EDIT_ACTIONS)
        .select_related("host", "plan")
        .annotate(unanswered=PublishedFinding.objects.unanswered_count(OuterRef("pk")))
        .filter(Q(unanswered__gt=0))
        .order_by(*_soonest("plan__action_plan_due"))
    )


def _actions_to_plan_need(review: Any, today: datetime.date) -> Need:
    text = f"Add actions to the plan for {_plural(review.unanswered, 'suggested improvement')}"
    return _need(review, text, "action_plan", _plan_date(review, "action_plan_due"), today)


def _actions_due(user: User, today: datetime.date) -> QuerySet[Action]:
    return (
        Action.objects.filter(
            finding__review__in=_reviews_of(user, CONTACTS).values("pk"), due__lte=today + SOON
        )
        .exclude(status=ActionStatus.DONE)
        .select_related("finding__review__host")
        .order_by("due", "pk")
    )


def _action_need(action: Any, today: datetime.date) -> Need:
    review = action.finding.review
    url = reverse("action_detail", args=[review.reference, action.pk])
    text = f"Update the action “{action.description[:80]}”"
    return Need(review, text, url, action.due, due_state(action.due, today))


def _feedback(user: User, today: datetime.date) -> QuerySet[Review]:
    given = ReviewFeedback.objects.filter(review=OuterRef("pk"), respondent=user)
    return (
        access.reviews_permitting(user, Permission.GIVE_FEEDBACK)
        .select_related("host")
        .exclude(Exists(given))
        .order_by("host__name", "pk")
    )


def _feedback_need(review: Any, today: datetime.date) -> Need:
    return _need(review, "Tell the Scottish Government how the review went", "feedback", None, today)


# The review team: lead peer and peers.


def _lines(user: User, today: datetime.date) -> QuerySet[Review]:
    reviews = _reviews_of(user, TEAM).filter(stage=Stage.EVIDENCE_REVIEW)
    return reviews.order_by(*_soonest("on_site_start"))


def _lines_need(review: Any, today: datetime.date) -> Need:
    return _need(review, "Set the key lines of enquiry", "lines_of_enquiry", review.on_site_start, today)


def _findings(user: User, today: datetime.date) -> QuerySet[Review]:
    writing = Q(stage__in=(Stage.KEY_FINDINGS, Stage.REPORT), fact_published=False)
    return _reviews_of(user, TEAM).filter(writing).order_by(*_soonest("plan__draft_report_due"))


def _findings_need(review: Any, today: datetime.date) -> Need:
    return _need(review, "Write the findings", "findings", _plan_date(review, "draft_report_due"), today)


def _notes(user: User, today: datetime.date) -> QuerySet[Interview]:
    """Interviews ``user`` sat in on with no note of theirs yet, on open reviews (a panel is of
    the review's team, so these are reviews they are on)."""
    interviews = Interview.objects.awaiting_notes_of(user, open_only=True)
    return interviews.select_related("review__host").order_by("starts", "pk")


def _notes_need(interview: Any, today: datetime.date) -> Need:
    due = timezone.localdate(interview.starts) + NOTES_WITHIN
    when = date_format(timezone.localtime(interview.starts), _AT)
    url = reverse("interview_detail", args=[interview.review.reference, interview.pk])
    return Need(
        interview.review, f"Write your notes of the interview at {when}", url, due, due_state(due, today)
    )


# The review manager.


def _teams(user: User, today: datetime.date) -> QuerySet[Review]:
    unformed = Q(fact_has_lead_peer=False) | Q(fact_has_manager=False)
    return _reviews_of(user, MANAGER).filter(unformed).order_by("host__name", "pk")


def _team_need(review: Any, today: datetime.date) -> Need:
    missing = stages.team_gaps(review.fact_has_lead_peer, review.fact_has_manager)
    text = f"Build the team: add {' and '.join(f'a {role}' for role in missing)}"
    return _need(review, text, "review_people", None, today)


def _comments(user: User, today: datetime.date) -> QuerySet[Review]:
    return _reviews_of(user, MANAGER).filter(Q(open_comments__gt=0)).order_by("host__name", "pk")


def _comments_need(review: Any, today: datetime.date) -> Need:
    text = f"Resolve {_plural(review.open_comments, 'factual-accuracy comment')}"
    return _need(review, text, "report", None, today)


def _support(user: User, today: datetime.date) -> QuerySet[Review]:
    return _reviews_of(user, MANAGER).filter(Q(open_support__gt=0)).order_by("host__name", "pk")


def _support_need(review: Any, today: datetime.date) -> Need:
    text = f"Answer {_plural(review.open_support, 'request')} for support"
    return _need(review, text, "support", None, today)


def _ready(user: User, today: datetime.date) -> QuerySet[Review]:
    return _reviews_of(user, MANAGER).filter(stages.ready_to_move_sql(today)).order_by("host__name", "pk")


def _ready_need(review: Any, today: datetime.date) -> Need:
    target = stages.next_stage(review)
    return _need(review, f"Ready to move to {target.label if target else ''}", "review_detail", None, today)


def _dates_passed(user: User, today: datetime.date) -> QuerySet[Review]:
    return _reviews_of(user, MANAGER).filter(timeline.overdue_sql(today)).order_by("host__name", "pk")


def _dates_passed_need(review: Any, today: datetime.date) -> Need:
    passed = timeline.overdue(facts_from_annotations(review), timeline.plan_of(review), today)
    text = "; ".join(f"{label}: the date has passed" for label, _ in passed)
    return _need(review, text, "review_detail", min(date for _, date in passed), today)


KINDS: list[Kind] = [
    Kind("self-assessment", "Self-assessments to finish", CONTACTS, _self_assessments, _self_assessment_need),
    Kind("draft-report", "Draft reports to check", CONTACTS, _drafts_to_check, _draft_need),
    Kind(
        "actions-to-plan",
        "Improvements to plan actions for",
        CONTACTS,
        _actions_to_plan,
        _actions_to_plan_need,
    ),
    Kind("actions-due", "Actions due or overdue", CONTACTS, _actions_due, _action_need),
    Kind("feedback", "Feedback to give", CONTACTS | {Role.SENIOR_OFFICER}, _feedback, _feedback_need),
    Kind("lines-of-enquiry", "Key lines of enquiry to set", TEAM, _lines, _lines_need),
    Kind("findings", "Findings to write", TEAM, _findings, _findings_need),
    Kind("interview-notes", "Interview notes to write", TEAM, _notes, _notes_need),
    Kind("team", "Teams to build", MANAGER, _teams, _team_need),
    Kind("comments", "Comments to resolve", MANAGER, _comments, _comments_need),
    Kind("support", "Requests for support", MANAGER, _support, _support_need),
    Kind("ready", "Reviews ready to move on", MANAGER, _ready, _ready_need),
    Kind("dates-passed", "Plan dates passed", MANAGER, _dates_passed, _dates_passed_need),
]
BY_SLUG = {kind.slug: kind for kind in KINDS}
