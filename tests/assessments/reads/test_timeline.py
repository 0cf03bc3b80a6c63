"""The review plan: proposed from the on-site days, changed by a review manager, shown as a
timeline whose "done" is read from the review itself."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from assessments.models import (
    Report,
    ReportStatus,
    Review,
    ReviewPlan,
    SelfAssessment,
    Stage,
    StageTransition,
)
from assessments.reads.timeline import comments_due, milestones
from assessments.services.plan import plan_fill
from assessments.services.reviews import review_create, review_update

D = datetime.date


def _create(cast, start=None, end=None):
    return review_create(
        host_name="Glenbrae Council",
        framework=cast.review.framework,
        on_site_start=start,
        on_site_end=end,
        protective_marking="OFFICIAL",
        by=cast.review_manager,
    )


def test_a_new_review_is_given_the_programme_s_plan(cast):
    plan = _create(cast, D(2027, 5, 10), D(2027, 5, 11)).plan
    assert (plan.self_assessment_due, plan.evidence_due) == (D(2027, 3, 29), D(2027, 4, 19))
    assert (plan.key_findings_on, plan.draft_report_due) == (D(2027, 5, 11), D(2027, 7, 6))
    assert (plan.publication_due, plan.action_plan_due) == (D(2027, 8, 3), D(2027, 8, 31))
    assert plan.progress_review_on == D(2028, 5, 30)
    assert plan.factual_accuracy_days == 5


def test_dates_follow_on_site_days_set_later_but_never_replace_a_chosen_one(cast):
    review = _create(cast)
    assert review.plan.self_assessment_due is None
    ReviewPlan.objects.filter(review=review).update(publication_due=D(2027, 9, 1))
    review_update(
        review=review,
        reference=review.reference,
        on_site_start=D(2027, 5, 10),
        on_site_end=D(2027, 5, 11),
        venue="",
        protective_marking="OFFICIAL",
    )
    plan = ReviewPlan.objects.get(review=review)
    assert plan.self_assessment_due == D(2027, 3, 29)  # proposed now the visit is known
    assert plan.publication_due == D(2027, 9, 1)  # the manager's own date stays
    assert plan_fill(review=review).publication_due == D(2027, 9, 1)


def test_only_a_review_manager_changes_the_plan(cast, check_access):
    url = reverse("review_plan", args=[cast.review.reference])
    check_access(url, outsider=cast.other_spoc, forbidden=cast.spoc, allowed=cast.review_manager)
    check_access(url, outsider=cast.peer_elsewhere, forbidden=cast.lead_peer, allowed=cast.review_manager)


def test_the_manager_changes_dates_and_the_window(cast, login):
    client = login(cast.review_manager)
    url = reverse("review_plan", args=[cast.review.reference])
    data = {
        "factual_accuracy_days": "7",
        "publication_due_0": "1",
        "publication_due_1": "9",
        "publication_due_2": "2027",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    plan = ReviewPlan.objects.get(review=cast.review)
    assert (plan.publication_due, plan.factual_accuracy_days, plan.self_assessment_due) == (
        D(2027, 9, 1),
        7,
        None,
    )
    assert "The review plan is saved." in client.get(response["Location"]).text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"factual_accuracy_days": "0"}, "The check must last at least 1 working day"),
        ({"factual_accuracy_days": "five"}, "Enter the number of working days as a whole number, like 5"),
        (
            {
                "factual_accuracy_days": "5",
                "draft_report_due_0": "31",
                "draft_report_due_1": "2",
                "draft_report_due_2": "2027",
            },
            "must be a real date",
        ),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(cast, login, data, message):
    before = ReviewPlan.objects.filter(review=cast.review).values().first()
    response = login(cast.review_manager).post(reverse("review_plan", args=[cast.review.reference]), data)
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    assert ReviewPlan.objects.filter(review=cast.review).values().first() == before


@time_machine.travel(datetime.datetime(2027, 4, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_the_timeline_reads_done_due_and_overdue_from_the_review(cast, login):
    review = _create(cast, D(2027, 5, 10), D(2027, 5, 11))
    rows = {row.label: row for row in milestones(review, D(2027, 4, 1))}
    assert rows["Self-assessment due"].state == "overdue"  # 29 March has passed
    assert rows["Evidence pack due"].state == "not yet due"  # more than the warning window ahead
    evidence_due = rows["Evidence pack due"].date
    soon = {row.label: row for row in milestones(review, evidence_due - datetime.timedelta(days=14))}
    assert soon["Evidence pack due"].state == "due"
    later = {row.label: row for row in milestones(review, evidence_due - datetime.timedelta(days=15))}
    assert later["Evidence pack due"].state == "not yet due"
    SelfAssessment.objects.create(review=review, submitted_on=D(2027, 3, 30))
    review.stage = "evidence_review"
    review.save()
    rows = {row.label: row for row in milestones(review, D(2027, 4, 1))}
    assert rows["Self-assessment due"].state == "done"
    assert rows["On-site days"].detail == "to 11 May 2027"
    page = login(cast.review_manager).get(reverse("review_detail", args=[review.reference])).text
    plan = page.split(">Plan</h2>")[1].split("</table>")[0]
    assert "Self-assessment due" in plan
    assert "Done" in plan
    assert "3 August 2027" in plan  # publication due


def test_while_the_draft_is_out_the_comments_are_due_after_the_working_days(cast):
    review = _create(cast, D(2026, 10, 5), D(2026, 10, 6))
    report = Report.objects.create(
        review=review, status=ReportStatus.FACTUAL_ACCURACY, checking_since=D(2026, 11, 27)
    )
    plan = ReviewPlan.objects.get(review=review)
    assert comments_due(report, plan) == D(2026, 12, 7)  # over St Andrew's Day
    rows = {row.label: row for row in milestones(review, D(2026, 12, 1))}
    assert rows["Factual-accuracy comments due"].date == D(2026, 12, 7)
    assert rows["Factual-accuracy comments due"].detail == "5 working days from 27 November 2026"
    report.status = ReportStatus.DRAFT
    assert comments_due(report, plan) is None  # back with the team: no window runs


@time_machine.travel(datetime.datetime(2027, 5, 10, 12, tzinfo=datetime.UTC), tick=False)
def test_moving_on_before_the_visit_ends_asks_why_and_records_it(cast, login):
    review = _create(cast, D(2027, 5, 10), D(2027, 5, 11))
    Review.objects.filter(pk=review.pk).update(stage=Stage.ON_SITE_REVIEW)
    client = login(cast.review_manager)
    url = reverse("stage_advance", args=[review.reference])
    asked = client.post(url)
    assert asked.status_code == 200
    assert "The on-site days end on 11 May 2027." in asked.text
    assert "There is a problem" not in asked.text  # a question first, not an error
    assert client.post(url, {"reason": " "}).status_code == 200  # a reason is needed
    assert Review.objects.get(pk=review.pk).stage == Stage.ON_SITE_REVIEW
    moved = client.post(url, {"reason": "The second day was cancelled by the council."})
    assert moved.status_code == 302
    review.refresh_from_db()
    assert review.stage == Stage.KEY_FINDINGS
    move = StageTransition.objects.filter(review=review).latest("pk")
    assert (move.to_stage, move.reason) == (
        Stage.KEY_FINDINGS,
        "The second day was cancelled by the council.",
    )


@time_machine.travel(datetime.datetime(2027, 5, 12, 12, tzinfo=datetime.UTC), tick=False)
def test_after_the_visit_the_review_moves_on_without_a_question(cast, login):
    review = _create(cast, D(2027, 5, 10), D(2027, 5, 11))
    Review.objects.filter(pk=review.pk).update(stage=Stage.ON_SITE_REVIEW)
    response = login(cast.review_manager).post(reverse("stage_advance", args=[review.reference]))
    assert response.status_code == 302
    assert Review.objects.get(pk=review.pk).stage == Stage.KEY_FINDINGS
