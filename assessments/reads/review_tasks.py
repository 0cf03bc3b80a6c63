"""The viewer's work on one review at its current stage, for the review page's GOV.UK task list.

Read from the review's data and the access rules (never ticked by hand): what the viewer may do
(``access.permitted_actions``) decides which tasks are theirs, and the review's state decides each
one's status. Counts are read only for the tasks shown.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.urls import reverse
from django.utils.formats import date_format

from assessments.lifecycle import publication, stages
from assessments.models import (
    AspectResponse,
    Evidence,
    Interview,
    LineOfEnquiry,
    Presentation,
    ReportStatus,
    Review,
    Role,
    SharingConsent,
    Stage,
)
from assessments.reads import timeline
from assessments.rules import access
from assessments.rules.access import CONTACTS, Permission
from assessments.rules.facts import ReviewFacts
from peerreview.accounts.models import User

T = TypeVar("T")
COMPLETED, IN_PROGRESS, NOT_STARTED, CANNOT_START = "completed", "in_progress", "not_started", "cannot_start"
NOT_APPLICABLE = "not_applicable"  # a task that does not apply to this viewer (the hint says why)


@dataclass(frozen=True)
class Task:
    label: str
    url: str
    status: str  # one of the five above
    hint: str = ""


@dataclass(frozen=True)
class Viewer:
    """What the tasks are worked out from: who is looking, at what, and what they may do."""

    user: User
    review: Review
    facts: ReviewFacts
    actions: frozenset[Permission]
    roles: frozenset[Role]

    def url(self, name: str) -> str:
        return reverse(name, args=[self.review.reference])

    def task(self, label: str, name: str, status: str, hint: str = "") -> Task:
        return Task(label, self.url(name), status, hint)

    def known(self, fact: str, ask: Callable[[], T]) -> T:
        """A fact ``facts_of`` read with the others, or ``ask()`` where it was not read."""
        value = getattr(self.facts, fact)
        return ask() if value is None else value


def _started(count: int | bool) -> str:
    return IN_PROGRESS if count else NOT_STARTED


def _self_assessment(viewer: Viewer) -> list[Task]:
    review, tasks = viewer.review, []
    if Permission.EDIT_SELF_ASSESSMENT in viewer.actions:
        total, done = viewer.facts.aspects_total, viewer.facts.aspects_complete
        if total is None or done is None:
            total = review.framework.aspects.count()
            done = AspectResponse.objects.complete().filter(self_assessment__review=review).count()
        status = COMPLETED if done == total else _started(done)
        tasks.append(
            viewer.task("Answer the aspects", "self_assessment", status, f"{done} of {total} complete")
        )
        documents = viewer.known("documents", lambda: Evidence.objects.filter(review=review).count())
        hint = f"{documents} document{'s' if documents != 1 else ''} uploaded"
        tasks.append(viewer.task("Upload your evidence", "evidence_list", _started(documents), hint))
        ready, hint = (NOT_STARTED, "") if done == total else (CANNOT_START, "When every aspect is answered")
        tasks.append(
            viewer.task("Check and submit the self-assessment", "self_assessment_check", ready, hint)
        )
    elif Permission.VIEW_LINES_OF_ENQUIRY in viewer.actions:
        status = NOT_STARTED if viewer.facts.self_assessment_submitted else CANNOT_START
        hint = "" if viewer.facts.self_assessment_submitted else "When the council has submitted it"
        tasks.append(viewer.task("Read the self-assessment", "self_assessment", status, hint))
    return tasks


def _evidence_review(viewer: Viewer) -> list[Task]:
    if Permission.EDIT_LINES_OF_ENQUIRY not in viewer.actions:
        return []
    lines = viewer.known("lines", lambda: LineOfEnquiry.objects.filter(review=viewer.review).count())
    return [
        viewer.task("Review the evidence", "evidence_review", NOT_STARTED if not lines else IN_PROGRESS),
        viewer.task("Set the key lines of enquiry", "lines_of_enquiry", _started(lines), f"{lines} set"),
    ]


def _schedule(viewer: Viewer) -> list[Task]:
    if Permission.EDIT_SCHEDULE not in viewer.actions:
        return []
    review = viewer.review
    days = COMPLETED if review.on_site_start and review.on_site_end else NOT_STARTED
    interviews = viewer.known(
        "interviews", lambda: Interview.objects.scheduled().filter(review=review).count()
    )
    hint = f"{interviews} interview{'s' if interviews != 1 else ''} scheduled"
    return [
        viewer.task("Set the on-site days", "review_edit", days),
        viewer.task("Schedule the interviews", "timetable", _started(interviews), hint),
    ]


def _notes_status(viewer: Viewer) -> tuple[str, str]:
    """Completed only once the viewer has held interviews and written up every one begun."""
    waiting = viewer.known(
        "notes_awaiting",
        lambda: Interview.objects.awaiting_notes_of(viewer.user, review=viewer.review).count(),
    )
    if waiting:
        return IN_PROGRESS, f"{waiting} interview{'s' if waiting != 1 else ''} still to write up"
    mine = Interview.objects.on_panel_of(viewer.user).filter(review=viewer.review)
    if not viewer.known("panel", mine.count):
        if not viewer.known(
            "interviews", lambda: Interview.objects.scheduled().filter(review=viewer.review).count()
        ):
            return CANNOT_START, "No interviews are scheduled yet"
        return NOT_APPLICABLE, "You are on no interview panel"
    if not viewer.known("notes_written", lambda: mine.filter(notes__author=viewer.user).count()):
        return CANNOT_START, "Your interviews have not begun yet"
    return COMPLETED, ""


def _notes(viewer: Viewer) -> list[Task]:
    if Permission.WRITE_NOTES not in viewer.actions:
        return []
    status, hint = _notes_status(viewer)
    return [viewer.task("Write your interview notes", "timetable", status, hint)]


def _findings(viewer: Viewer) -> list[Task]:
    tasks = []
    if Permission.EDIT_PRESENTATION in viewer.actions and viewer.facts.stage == Stage.KEY_FINDINGS:
        drafted = viewer.known(
            "presentation_drafted", lambda: Presentation.objects.filter(review=viewer.review).exists()
        )
        tasks.append(viewer.task("Prepare the key findings presentation", "presentation", _started(drafted)))
    if Permission.EDIT_FINDINGS in viewer.actions:
        tasks.append(viewer.task("Write the findings", "findings", _started(viewer.facts.has_findings)))
    return tasks


def _report(viewer: Viewer) -> list[Task]:
    facts, tasks = viewer.facts, []
    checking = facts.report_status == ReportStatus.FACTUAL_ACCURACY
    if Permission.EDIT_FINDINGS in viewer.actions and (open_comments := facts.open_comments):
        tasks.append(
            viewer.task("Resolve the council's comments", "report", IN_PROGRESS, f"{open_comments} open")
        )
    if Permission.PUBLISH_REPORT in viewer.actions:
        sent = COMPLETED if checking or facts.report_status == ReportStatus.PUBLISHED else NOT_STARTED
        tasks.append(viewer.task("Send the draft to the council for its check", "report", sent))
        if facts.report_status == ReportStatus.PUBLISHED:
            tasks.append(viewer.task("Publish the report", "report", COMPLETED))
        else:
            blocked = publication.publish_blockers(viewer.review, facts)
            status, hint = (CANNOT_START, blocked[0]) if blocked else (NOT_STARTED, "")
            tasks.append(viewer.task("Publish the report", "report", status, hint))
    if Permission.COMMENT_ON_REPORT in viewer.actions:
        plan = timeline.plan_of(viewer.review)
        due = timeline.comments_due(facts, plan)
        hint = f"Comments due by {date_format(due, 'l j F Y')}" if due else ""
        report = getattr(viewer.review, "report", None)
        finished = report is not None and report.check_finished_at is not None
        status, hint = (
            (COMPLETED, "The council has said it has finished checking") if finished else (NOT_STARTED, hint)
        )
        tasks.append(viewer.task("Check the draft report and send any comments", "report", status, hint))
    elif viewer.roles & set(CONTACTS) and not facts.published:
        hint = "The review team is writing it; you will be told when it is ready for you"
        tasks.append(viewer.task("Check the draft report", "report", CANNOT_START, hint))
    if Permission.SHARE_GOOD_PRACTICE in viewer.actions:
        shared = viewer.known(
            "good_practice_shared",
            lambda: SharingConsent.objects.filter(finding__review=viewer.review).exists(),
        )
        hint = "Optional: nothing is shared unless you choose it"
        tasks.append(
            viewer.task("Choose the good practice to share", "good_practice_sharing", _started(shared), hint)
        )
    return tasks


def _follow_up(viewer: Viewer) -> list[Task]:
    tasks = []
    if Permission.EDIT_ACTIONS in viewer.actions:
        status = IN_PROGRESS if viewer.facts.has_actions else NOT_STARTED
        tasks.append(viewer.task("Keep the action plan", "action_plan", status))
    if Permission.HANDLE_SUPPORT in viewer.actions and (waiting := viewer.facts.open_support):
        tasks.append(viewer.task("Answer requests for support", "support", IN_PROGRESS, f"{waiting} open"))
    return tasks


def _move(viewer: Viewer) -> list[Task]:
    if Permission.MOVE_STAGE not in viewer.actions:
        return []
    target = stages.next_stage(viewer.review)
    if target is None:
        return []
    blocked = stages.blockers(viewer.review, viewer.facts)
    # What blocks the move is listed once, with the stages; the task says only how much.
    hint = f"{len(blocked)} thing{'s' if len(blocked) != 1 else ''} to do first, listed with the stages"
    status = CANNOT_START if blocked else NOT_STARTED
    return [
        viewer.task(f"Move the review to {target.label}", "review_detail", status, hint if blocked else "")
    ]


BY_STAGE: dict[Stage, list[Callable[[Viewer], list[Task]]]] = {
    Stage.SELF_ASSESSMENT: [_self_assessment, _move],
    Stage.EVIDENCE_REVIEW: [_evidence_review, _schedule, _move],
    Stage.ON_SITE_REVIEW: [_schedule, _notes, _move],
    Stage.KEY_FINDINGS: [_findings, _move],
    Stage.REPORT: [_findings, _report, _move],
    Stage.FOLLOW_UP: [_follow_up],
}


def work_for(user: User, review: Review, facts: ReviewFacts, actions: frozenset[Permission]) -> list[Task]:
    """The viewer's tasks on ``review`` at its current stage; none once it is closed."""
    if review.closed_at is not None:
        return []
    viewer = Viewer(user, review, facts, actions, access.roles_on(user, review))
    return [task for part in BY_STAGE[Stage(review.stage)] for task in part(viewer)]
