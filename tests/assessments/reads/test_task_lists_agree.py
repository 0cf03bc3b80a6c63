"""No task list contradicts the review: a property test over every state of a review's life, every
role and any day, of the review page's tasks, its plan and "what needs you" (issue 28).

"Completed" and "Done" are asserted against the facts the stage machine reads, never against the
task code's own logic: the reviews are brought to each state by the service's own roads."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.lifecycle import publication, stages
from assessments.models import Interview, InterviewNote, ReportStatus, Review, ReviewPlan, Role
from assessments.models.plan import DUE, NOT_YET_DUE, OVERDUE, due_state
from assessments.reads import review_tasks, timeline
from assessments.rules import access
from assessments.rules.facts import facts_of
from tests.factories import ReviewFactory, ReviewPersonFactory
from tests.lifecycle import STATES, bring_to, people_by_role
from tests.needs import all_needs

ROLES = [Role.LEAD_PEER, Role.PEER, Role.REVIEW_MANAGER, Role.SPOC, Role.DEPUTY_SPOC, Role.SENIOR_OFFICER]
TODAY = datetime.date(2026, 1, 15)
D = datetime.date
# Dates either side of TODAY, so that the days drawn find each passed, near and far.
PLAN = {
    "self_assessment_due": D(2025, 2, 1),
    "evidence_due": D(2025, 3, 1),
    "key_findings_on": D(2025, 5, 1),
    "draft_report_due": D(2025, 6, 1),
    "publication_due": D(2025, 7, 1),
    "action_plan_due": D(2026, 1, 20),
    "progress_review_on": D(2026, 6, 1),
}


@pytest.fixture
def reviews_in_every_state(cast):
    """One review of the cast's council in each state, with the cast's people in their roles."""
    users = people_by_role(cast)
    reviews = {}
    for state in STATES:
        review = ReviewFactory(host=cast.host, reference=f"ardlarich-{state.replace('_', '-')}")
        for role, user in users.items():
            ReviewPersonFactory(review=review, user=user, role=role)
        ReviewPlan.objects.create(review=review, **PLAN)
        people = {"manager": cast.review_manager, "spoc": cast.spoc, "lead": cast.lead_peer}
        reviews[state] = bring_to(review, state, **people)
    return reviews, users


# Tasks "Completed" exactly when the review's facts say their work is done.
DONE_WHEN = {
    "Publish the report": lambda review, facts: facts.report_status == ReportStatus.PUBLISHED,
    "Send the draft to the council for its check": lambda review, facts: (
        facts.report_status in (ReportStatus.FACTUAL_ACCURACY, ReportStatus.PUBLISHED)
    ),
    "Answer the aspects": lambda review, facts: facts.aspects_complete == facts.aspects_total,
    "Set the on-site days": lambda review, facts: review.on_site_start is not None,
}


def _notes_written_up(review: Review, user) -> bool:
    written = InterviewNote.objects.filter(interview__review=review, author=user).exists()
    return written and not Interview.objects.awaiting_notes_of(user).filter(review=review).exists()


def _check_task(task, review: Review, user, facts, blockers: list[str]) -> None:
    if task.status in (review_tasks.CANNOT_START, review_tasks.NOT_APPLICABLE):
        assert task.hint, f"{task.label} says neither why it cannot start nor why it does not apply"
    if task.label in DONE_WHEN:
        assert (task.status == review_tasks.COMPLETED) == DONE_WHEN[task.label](review, facts), task
    if task.label == "Write your interview notes" and task.status == review_tasks.COMPLETED:
        assert _notes_written_up(review, user)
    if task.label.startswith("Move the review to"):
        assert task.label == f"Move the review to {stages.next_stage(review).label}"
        assert (task.status == review_tasks.NOT_STARTED) == (not blockers)
        assert task.hint == (
            f"{len(blockers)} thing{'s' if len(blockers) != 1 else ''} to do first, listed with the stages"
            if blockers
            else ""
        )
    if task.status == review_tasks.COMPLETED:
        assert task.hint not in blockers
        assert task.hint not in publication.publish_blockers(review, facts)


def _check_tasks(review: Review, user, facts) -> None:
    tasks = review_tasks.work_for(user, review, facts, access.permitted_actions(user, review))
    if review.closed_at is not None:
        assert tasks == []
    blockers = stages.blockers(review, facts)
    for task in tasks:
        _check_task(task, review, user, facts, blockers)


def _check_plan(review: Review, facts, today: datetime.date) -> None:
    for row in timeline.milestones(review, today, facts):
        if facts.closed:
            assert row.state in (timeline.DONE, timeline.NOT_DONE, timeline.NOT_PLANNED), row
        if row.state == timeline.DONE and row.label in (
            "On-site days",
            "Key findings presented",
            "Progress review",
        ):
            assert row.date is None or row.date <= today, f"{row.label} on {row.date} is done by {today}"
        if row.state in (DUE, NOT_YET_DUE, OVERDUE):
            assert row.state == due_state(row.date, today)


def _check_sql_forms(review: Review, user, facts, today: datetime.date) -> None:
    """The rules' SQL forms, which "what needs you" asks across every review at once, answer as
    the rules themselves do for this review, this person and this day."""
    listed = Review.objects.with_facts().filter(pk=review.pk)
    ready = stages.ready_to_move(review, facts, today) is not None
    assert listed.filter(stages.ready_to_move_sql(today)).exists() == ready, (review.stage, today)
    overdue = bool(timeline.overdue(facts, timeline.plan_of(review), today))
    assert listed.filter(timeline.overdue_sql(today)).exists() == overdue, (review.stage, today)
    for permission in (access.Permission.EDIT_ACTIONS, access.Permission.GIVE_FEEDBACK):
        permitted = access.reviews_permitting(user, permission).filter(pk=review.pk).exists()
        assert permitted == access.can(user, permission, review), permission


@pytest.mark.django_db
def test_no_task_list_contradicts_the_stage_machine(reviews_in_every_state):
    reviews, users = reviews_in_every_state

    @given(st.sampled_from(STATES), st.sampled_from(ROLES), st.integers(min_value=-900, max_value=900))
    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(state: str, role: Role, days: int) -> None:
        review = Review.objects.select_related("host", "framework", "self_assessment", "report", "plan").get(
            pk=reviews[state].pk
        )
        user, today = users[role], TODAY + datetime.timedelta(days=days)
        facts = facts_of(review, user)
        _check_tasks(review, user, facts)
        _check_plan(review, facts, today)
        for need in all_needs(user, today):
            if need.review.pk == review.pk:
                assert not facts.closed, "a closed review needs nobody"
            assert need.state == due_state(need.due, today)
        _check_sql_forms(review, user, facts, today)

    check()
