"""The stage machine: the one place a review's stage changes.

A review moves forward one stage when nothing blocks it, or back one stage with a reason.
Every move is recorded with who, when, from, to and why. Only review managers move stages.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from assessments.lifecycle.publication import NO_FINDINGS
from assessments.models import (
    Action,
    ReportStatus,
    Review,
    ReviewPerson,
    ReviewPlan,
    Role,
    Stage,
    StageTransition,
)
from assessments.rules import access
from assessments.rules.facts import ReviewFacts, facts_of
from assessments.telling.notifications import tell
from peerreview.accounts.models import User

ORDER: list[Stage] = list(Stage)


class StageError(Exception):
    """A stage move that is not allowed; the message says why in plain words."""


class ReasonNeeded(StageError):
    """A move that is merely early: allowed with a reason, which was not given."""


@dataclass(frozen=True)
class StageInfo:
    stage: Stage
    number: int
    title: str
    status: str  # "done", "current" or "to_do"


def team_gaps(has_lead_peer: bool, has_manager: bool) -> list[str]:
    """The roles a review's team must have and lacks: a lead peer and a review manager."""
    return [
        role for held, role in ((has_lead_peer, "lead peer"), (has_manager, "review manager")) if not held
    ]


def _team_message(has_lead_peer: bool, has_manager: bool) -> str | None:
    missing = team_gaps(has_lead_peer, has_manager)
    return f"The review's team has no {' and no '.join(missing)}." if missing else None


def _team_formed(review: Review, facts: ReviewFacts) -> str | None:
    return _team_message(facts.has_lead_peer, facts.has_manager)


def invitation_blocker(review: Review) -> str | None:
    """Why the council's people cannot be given a role (and invited) yet, or None: a review is run
    by a team with a lead peer and a review manager, formed before the council is brought in."""
    roles = set(ReviewPerson.objects.current().filter(review=review).values_list("role", flat=True))
    message = _team_message(Role.LEAD_PEER in roles, Role.REVIEW_MANAGER in roles)
    return f"{message} Add them before inviting the council." if message else None


def _self_assessment_submitted(review: Review, facts: ReviewFacts) -> str | None:
    if not facts.self_assessment_submitted:
        return "The council has not yet submitted its self-assessment."
    return None


def _on_site_days_set(review: Review, facts: ReviewFacts) -> str | None:
    if review.on_site_start is None or review.on_site_end is None:
        return "The on-site days have not been set."
    return None


def _lines_of_enquiry_set(review: Review, facts: ReviewFacts) -> str | None:
    return None if facts.has_lines else "The team has not yet set any key lines of enquiry."


def _interviews_scheduled(review: Review, facts: ReviewFacts) -> str | None:
    return None if facts.has_interviews else "No interviews have been scheduled for the on-site days."


def _findings_recorded(review: Review, facts: ReviewFacts) -> str | None:
    return None if facts.has_findings else NO_FINDINGS


def _report_published(review: Review, facts: ReviewFacts) -> str | None:
    if facts.report_status != ReportStatus.PUBLISHED:
        return "The report has not been published."
    return None


Guard = Callable[[Review, ReviewFacts], str | None]

# What must be true before a review may enter each stage, read from its facts (so that a page of
# many reviews, loaded ``with_facts()``, can say which are ready to move without a query each).
GUARDS: dict[Stage, list[Guard]] = {
    Stage.EVIDENCE_REVIEW: [_team_formed, _self_assessment_submitted],
    Stage.ON_SITE_REVIEW: [_team_formed, _on_site_days_set, _lines_of_enquiry_set, _interviews_scheduled],
    Stage.KEY_FINDINGS: [],
    Stage.REPORT: [_findings_recorded],
    Stage.FOLLOW_UP: [_report_published],
}


def _formed() -> Q:
    return Q(fact_has_lead_peer=True, fact_has_manager=True)


def _may_enter_sql(today: datetime.date) -> dict[Stage, Q]:
    """GUARDS and ``date_warnings`` as filters on reviews loaded ``with_facts()``: for each stage,
    the reviews that may enter it today with nothing against them."""
    days_set = Q(on_site_start__isnull=False, on_site_end__isnull=False)
    return {
        Stage.EVIDENCE_REVIEW: _formed() & Q(fact_self_assessment_submitted=True),
        Stage.ON_SITE_REVIEW: _formed()
        & days_set
        & Q(fact_has_lines=True, fact_has_interviews=True, on_site_start__lte=today),
        Stage.KEY_FINDINGS: Q(on_site_end__isnull=True) | Q(on_site_end__lte=today),
        Stage.REPORT: Q(fact_has_findings=True)
        & (Q(plan__key_findings_on__isnull=True) | Q(plan__key_findings_on__lte=today)),
        Stage.FOLLOW_UP: Q(fact_report_status=ReportStatus.PUBLISHED),
    }


def ready_to_move_sql(today: datetime.date) -> Q:
    """``ready_to_move`` as one filter on reviews loaded ``with_facts()``, for a page that asks of
    every review at once ("what needs you"); a test holds the two forms to each other in every
    state of a review, on days either side of its dates."""
    entering = _may_enter_sql(today)
    ready = Q(pk__in=[])
    for here, target in zip(ORDER, ORDER[1:], strict=False):
        ready |= Q(stage=here) & entering[target]
    return Q(closed_at__isnull=True) & ready


def stages_reached(review: Review) -> list[Stage]:
    """The stages the review has reached, its present one included, in order."""
    return ORDER[: ORDER.index(Stage(review.stage)) + 1]


def next_stage(review: Review) -> Stage | None:
    index = ORDER.index(Stage(review.stage))
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


def previous_stage(review: Review) -> Stage | None:
    index = ORDER.index(Stage(review.stage))
    return ORDER[index - 1] if index > 0 else None


def blockers(review: Review, facts: ReviewFacts | None = None) -> list[str]:
    """Why the review cannot move forward now, in plain words; empty when it can. ``facts``, if
    the caller has them, saves reading them again."""
    if review.closed_at is not None:
        return ["The review is closed."]
    target = next_stage(review)
    if target is None:
        return ["This is the last stage."]
    facts = facts or facts_of(review)
    return [message for guard in GUARDS[target] if (message := guard(review, facts)) is not None]


def ready_to_move(review: Review, facts: ReviewFacts, today: datetime.date) -> Stage | None:
    """The stage ``review`` may move to now with nothing against it (no blocker, and no date in
    its plan it would contradict); None if it may not."""
    if blockers(review, facts) or date_warnings(review, today):
        return None
    return next_stage(review)


def timeline(review: Review) -> list[StageInfo]:
    current = ORDER.index(Stage(review.stage))
    closed = review.closed_at is not None
    return [
        StageInfo(
            stage=stage,
            number=index + 1,
            title=stage.label.split(": ", 1)[1],
            status="done" if index < current or closed else "current" if index == current else "to_do",
        )
        for index, stage in enumerate(ORDER)
    ]


def _record(
    review: Review,
    *,
    by: User | None,
    to_stage: str,
    reason: str = "",
    from_stage: str | None = None,
    reopened: bool = False,
) -> StageTransition:
    from_stage = review.stage if from_stage is None else from_stage
    transition = StageTransition(
        review=review, from_stage=from_stage, to_stage=to_stage, reason=reason, by=by, reopened=reopened
    )
    transition.full_clean()
    transition.save()
    return transition


def _lock(review: Review) -> Review:
    # Re-read under a row lock so that two managers pressing the button at once move it once.
    locked = Review.objects.select_for_update().get(pk=review.pk)
    review.stage, review.closed_at = locked.stage, locked.closed_at
    return locked


def _tell_moved(review: Review, transition: StageTransition, by: User, *, back: bool = False) -> None:
    # Why a review went back is the team's (view_stage_reasons): the e-mail says only where it is,
    # and that it went back. Each move is one event: everyone is told of it once.
    stage = Stage(transition.to_stage)
    moved, now = ("moved back", "has moved back to") if back else ("moved", "is now at")
    tell(
        review=review,
        permission=access.Permission.VIEW_REVIEW,
        subject=f"The review has moved back to {stage.label}"
        if back
        else f"The review is now at {stage.label}",
        lines=[f"{by.full_name} {moved} the {review.host.name} Prevent peer review to {stage.label}."],
        url_name="review_detail",
        exclude=by,
        event=f"stage-move-{transition.pk}",
    )


def date_warnings(review: Review, today: datetime.date) -> list[str]:
    """What in the review's dates moving it to its next stage today would contradict: the visit
    not begun or not over, or the key findings not yet due. Moving on anyway takes a reason."""
    target = next_stage(review)
    warnings = []
    if target == Stage.ON_SITE_REVIEW and review.on_site_start is not None and today < review.on_site_start:
        warnings.append(f"The on-site days begin on {date_format(review.on_site_start, 'j F Y')}.")
    if target == Stage.KEY_FINDINGS and review.on_site_end is not None and today < review.on_site_end:
        warnings.append(f"The on-site days end on {date_format(review.on_site_end, 'j F Y')}.")
    if target == Stage.REPORT:
        plan = review.plan if hasattr(review, "plan") else None  # loaded already by with_facts()
        if plan is not None and plan.key_findings_on is not None and today < plan.key_findings_on:
            when = date_format(plan.key_findings_on, "j F Y")
            warnings.append(f"The key findings are to be presented on {when}.")
    return warnings


def _require_manager(by: User, review: Review, only: str) -> None:
    """Refuses anyone but the review's manager, and says plainly to a manager that the review
    is closed (moves are for open reviews) rather than that they are not one."""
    if access.can(by, access.Permission.MOVE_STAGE, review):
        return
    if access.can(by, access.Permission.REOPEN_REVIEW, review):
        raise StageError("The review is closed.")
    raise StageError(only)


@transaction.atomic
def stage_advance(*, review: Review, by: User, reason: str = "") -> StageTransition:
    """Moves ``review`` to its next stage. Before a date in its plan, that takes a ``reason``,
    recorded with the move."""
    _require_manager(by, review, "Only a review manager can move a review to another stage.")
    _lock(review)
    problems = blockers(review)
    if problems:
        raise StageError(" ".join(problems))
    target = next_stage(review)
    if target is None:  # blockers() says so first; this keeps the type checker sure of it
        raise StageError("The review is at its last stage.")
    warnings = date_warnings(review, timezone.localdate())
    if warnings and not reason.strip():
        raise ReasonNeeded(" ".join(warnings) + " Give a reason to move the review on before then.")
    transition = _record(review, by=by, to_stage=target, reason=reason.strip())
    Review.objects.filter(pk=review.pk).update(stage=target)
    review.stage = target
    _tell_moved(review, transition, by)
    return transition


@transaction.atomic
def stage_return(*, review: Review, by: User, reason: str) -> StageTransition:
    _require_manager(by, review, "Only a review manager can move a review to another stage.")
    if not reason.strip():
        raise StageError("Give a reason for moving the review back a stage.")
    _lock(review)
    if review.closed_at is not None:
        raise StageError("The review is closed.")
    target = previous_stage(review)
    if target is None:
        raise StageError("The review is at its first stage.")
    transition = _record(review, by=by, to_stage=target, reason=reason.strip())
    Review.objects.filter(pk=review.pk).update(stage=target)
    review.stage = target
    _tell_moved(review, transition, by, back=True)
    return transition


def closable(review: Review) -> bool:
    """A review is closed from follow-up support, once."""
    return review.stage == Stage.FOLLOW_UP and review.closed_at is None


def close_warnings(review: Review, today: datetime.date) -> list[str]:
    """What closing the review today would cut short: an action plan with no actions, or a
    progress review still to come. Closing anyway takes a reason, recorded with the close."""
    warnings = []
    if not Action.objects.filter(finding__review=review).exists():
        warnings.append("The council's action plan has no actions.")
    plan = ReviewPlan.objects.filter(review=review).first()
    if plan is not None and plan.progress_review_on is not None and today < plan.progress_review_on:
        warnings.append(
            f"The progress review is planned for {date_format(plan.progress_review_on, 'j F Y')}."
        )
    return warnings


@transaction.atomic
def review_close(*, review: Review, by: User, reason: str = "") -> StageTransition:
    """Ends the follow-up stage: the review is finished and stays readable. Closing with its
    action plan empty or before its progress review (``close_warnings``) takes a ``reason``."""
    _require_manager(by, review, "Only a review manager can close a review.")
    _lock(review)
    if review.closed_at is not None:
        raise StageError("The review is closed already.")
    if not closable(review):
        raise StageError("Only a review in follow-up can be closed.")
    warnings = close_warnings(review, timezone.localdate())
    if warnings and not reason.strip():
        raise ReasonNeeded(" ".join(warnings) + " Give a reason to close the review now.")
    transition = _record(review, by=by, to_stage="", reason=reason.strip() or "Review closed")
    review.closed_at = timezone.now()
    Review.objects.filter(pk=review.pk).update(closed_at=review.closed_at)
    return transition


@transaction.atomic
def review_reopen(*, review: Review, by: User, reason: str) -> StageTransition:
    """Reopens a closed review at the stage it was closed in, with a reason for the record."""
    if not access.can(by, access.Permission.REOPEN_REVIEW, review):
        if review.closed_at is None and access.can(by, access.Permission.MOVE_STAGE, review):
            raise StageError("The review is not closed.")  # the manager's mistake, said plainly
        raise StageError("Only a review manager can reopen a closed review.")
    if not reason.strip():
        raise StageError("Give a reason for reopening the review.")
    _lock(review)
    if review.closed_at is None:
        raise StageError("The review is not closed.")
    transition = _record(
        review, by=by, from_stage="", to_stage=review.stage, reason=reason.strip(), reopened=True
    )
    review.closed_at = None
    Review.objects.filter(pk=review.pk).update(closed_at=None)
    return transition


def stage_set_on_import(*, review: Review, stage: Stage, by: User | None = None) -> None:
    """Puts an imported review at the stage its document records, recording the move.

    Imported documents describe reviews run elsewhere, so the guards do not apply: the document
    is the record of what happened.
    """
    _record(review, by=by, from_stage="", to_stage=stage, reason="Imported from a review document")
    Review.objects.filter(pk=review.pk).update(stage=stage)
    review.stage = stage


def stage_start(*, review: Review, by: User) -> StageTransition:
    """Records the start of a new review at its first stage."""
    return _record(review, by=by, from_stage="", to_stage=Stage.SELF_ASSESSMENT, reason="Review set up")
