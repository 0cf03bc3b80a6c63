import datetime
import re

import pytest
from django.utils import timezone

from assessments.lifecycle import stages
from assessments.models import Finding, Report, ReportStatus, Review, ReviewPlan, SelfAssessment, Stage
from tests.lifecycle import bring_to, plan_an_action, plan_the_visit


def _at(review, stage):
    review.stage = stage
    review.save(update_fields=["stage"])


def test_a_new_review_cannot_leave_stage_1_before_the_self_assessment_is_submitted(cast):
    assert stages.blockers(cast.review) == ["The council has not yet submitted its self-assessment."]
    with pytest.raises(stages.StageError, match="not yet submitted"):
        stages.stage_advance(review=cast.review, by=cast.review_manager)
    assert cast.review.stage_transitions.count() == 0


def test_it_moves_forward_one_stage_and_records_who_and_when(cast):
    SelfAssessment.objects.create(review=cast.review, submitted_on=datetime.date(2025, 2, 14))
    move = stages.stage_advance(review=cast.review, by=cast.review_manager)
    cast.review.refresh_from_db()
    assert cast.review.stage == Stage.EVIDENCE_REVIEW
    assert (move.from_stage, move.to_stage, move.by) == (
        Stage.SELF_ASSESSMENT,
        Stage.EVIDENCE_REVIEW,
        cast.review_manager,
    )
    assert move.at is not None


@pytest.mark.parametrize(
    ("stage", "blocker"),
    [
        (
            Stage.EVIDENCE_REVIEW,
            [
                "The on-site days have not been set.",
                "The team has not yet set any key lines of enquiry.",
                "No interviews have been scheduled for the on-site days.",
            ],
        ),
        (Stage.KEY_FINDINGS, ["The team has not yet recorded any findings."]),
        (Stage.REPORT, ["The report has not been published."]),
    ],
)
def test_each_guard_explains_itself(cast, stage, blocker):
    _at(cast.review, stage)
    assert stages.blockers(cast.review) == blocker


@pytest.mark.parametrize(
    ("removed", "message"),
    [
        (["lead_peer"], "The review's team has no lead peer."),
        (["review_manager"], "The review's team has no review manager."),
        (["lead_peer", "review_manager"], "The review's team has no lead peer and no review manager."),
    ],
)
def test_a_review_needs_its_lead_peer_and_manager_to_leave_stage_1_and_to_start_the_visit(
    cast, removed, message
):
    SelfAssessment.objects.create(review=cast.review, submitted_on=datetime.date(2025, 2, 14))
    for who in removed:
        cast.review.people.filter(user=getattr(cast, who)).update(removed_at=timezone.now())
    assert stages.blockers(cast.review) == [message]
    assert stages.invitation_blocker(cast.review) == f"{message} Add them before inviting the council."
    with pytest.raises(stages.StageError, match=re.escape(message)):
        stages.stage_advance(review=cast.review, by=cast.review_manager)
    _at(cast.review, Stage.EVIDENCE_REVIEW)
    assert stages.blockers(cast.review)[0] == message


def test_the_council_may_be_invited_once_the_team_has_its_lead_peer_and_manager(cast):
    assert stages.invitation_blocker(cast.review) is None


def test_guards_clear_when_their_condition_holds(cast):
    _at(cast.review, Stage.EVIDENCE_REVIEW)
    plan_the_visit(cast.review, by=cast.review_manager)
    assert stages.blockers(cast.review) == []
    _at(cast.review, Stage.ON_SITE_REVIEW)
    assert stages.blockers(cast.review) == []
    _at(cast.review, Stage.KEY_FINDINGS)
    Finding.objects.create(
        review=cast.review, area=cast.review.framework.areas.first(), kind="good_practice", text="x"
    )
    assert stages.blockers(cast.review) == []
    _at(cast.review, Stage.REPORT)
    Report.objects.create(review=cast.review, status=ReportStatus.PUBLISHED)
    assert stages.blockers(cast.review) == []
    _at(cast.review, Stage.FOLLOW_UP)
    assert stages.blockers(cast.review) == ["This is the last stage."]


@pytest.mark.parametrize("who", ["spoc", "lead_peer", "peer", "senior", "other_spoc"])
def test_only_review_managers_move_stages(cast, who):
    SelfAssessment.objects.create(review=cast.review, submitted_on=datetime.date(2025, 2, 14))
    with pytest.raises(stages.StageError, match="Only a review manager"):
        stages.stage_advance(review=cast.review, by=getattr(cast, who))
    with pytest.raises(stages.StageError, match="Only a review manager"):
        stages.stage_return(review=cast.review, by=getattr(cast, who), reason="x")


def test_moving_back_needs_a_reason_and_records_it(cast):
    _at(cast.review, Stage.ON_SITE_REVIEW)
    with pytest.raises(stages.StageError, match="Give a reason"):
        stages.stage_return(review=cast.review, by=cast.review_manager, reason="  ")
    move = stages.stage_return(review=cast.review, by=cast.review_manager, reason="More evidence arrived")
    cast.review.refresh_from_db()
    assert cast.review.stage == Stage.EVIDENCE_REVIEW
    assert move.reason == "More evidence arrived"


def test_the_first_stage_cannot_go_back(cast):
    with pytest.raises(stages.StageError, match="first stage"):
        stages.stage_return(review=cast.review, by=cast.review_manager, reason="why not")


def test_moving_to_the_on_site_stage_before_the_visit_begins_takes_a_reason(cast):
    _at(cast.review, Stage.EVIDENCE_REVIEW)
    plan_the_visit(cast.review, by=cast.review_manager)  # on 31 March 2025
    assert stages.date_warnings(cast.review, datetime.date(2025, 3, 30)) == [
        "The on-site days begin on 31 March 2025."
    ]
    assert stages.date_warnings(cast.review, datetime.date(2025, 3, 31)) == []


def test_closing_with_no_action_plan_takes_a_reason(cast):
    _at(cast.review, Stage.FOLLOW_UP)
    assert stages.close_warnings(cast.review, datetime.date(2025, 9, 1)) == [
        "The council's action plan has no actions."
    ]
    with pytest.raises(stages.StageError, match="has no actions. Give a reason"):
        stages.review_close(review=cast.review, by=cast.review_manager, reason=" ")
    move = stages.review_close(review=cast.review, by=cast.review_manager, reason="Actions kept elsewhere")
    assert move.reason == "Actions kept elsewhere"


def test_closing_before_the_progress_review_takes_a_reason(cast):
    review = bring_to(cast.review, "s6", manager=cast.review_manager, spoc=cast.spoc, lead=cast.lead_peer)
    plan_an_action(review, by=cast.spoc)
    ReviewPlan.objects.update_or_create(
        review=review, defaults={"progress_review_on": datetime.date(2031, 1, 6)}
    )
    assert stages.close_warnings(review, datetime.date(2030, 12, 1)) == [
        "The progress review is planned for 6 January 2031."
    ]
    assert stages.close_warnings(review, datetime.date(2031, 1, 6)) == []
    with pytest.raises(stages.StageError, match="progress review is planned"):
        stages.review_close(review=review, by=cast.review_manager)
    ReviewPlan.objects.filter(review=review).update(progress_review_on=datetime.date(2025, 1, 6))
    move = stages.review_close(review=Review.objects.get(pk=review.pk), by=cast.review_manager)
    assert move.reason == "Review closed"


def test_closing_ends_the_follow_up_stage(cast):
    with pytest.raises(stages.StageError, match="Only a review in follow-up"):
        stages.review_close(review=cast.review, by=cast.review_manager)
    _at(cast.review, Stage.FOLLOW_UP)
    move = stages.review_close(review=cast.review, by=cast.review_manager, reason="Done elsewhere")
    cast.review.refresh_from_db()
    assert cast.review.closed_at is not None
    assert (move.from_stage, move.to_stage) == (Stage.FOLLOW_UP, "")
    assert stages.blockers(cast.review) == ["The review is closed."]
    assert all(item.status == "done" for item in stages.timeline(cast.review))


def test_timeline_marks_done_current_and_to_do(cast):
    _at(cast.review, Stage.ON_SITE_REVIEW)
    assert [item.status for item in stages.timeline(cast.review)] == [
        "done",
        "done",
        "current",
        "to_do",
        "to_do",
        "to_do",
    ]
    assert stages.timeline(cast.review)[3].title == "Presentation of key findings"


def test_nothing_else_writes_the_stage_field():
    """The stage machine is the one place that changes a review's stage."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    offenders = []
    for path in [
        *root.glob("assessments/**/*.py"),
        *root.glob("reports/**/*.py"),
        *root.glob("peerreview/**/*.py"),
    ]:
        if "migrations" in path.parts or path.name == "stages.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\.stage\s*=(?!=)|\.update\([^)]*\bstage=|Review\([^)]*\bstage=", text):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []
