"""The review page's task list: each viewer's work at the review's stage, read from its data."""

import re

import pytest
from django.urls import reverse

from assessments.models import Review
from assessments.reads.review_tasks import CANNOT_START, COMPLETED, IN_PROGRESS, NOT_STARTED, work_for
from assessments.rules import access
from assessments.rules.facts import facts_of
from reports.publishing.steps import report_check_finish, report_publish, report_send_for_checking
from tests.lifecycle import answer_every_aspect, bring_to


def nav_labels(html: str) -> list[str]:
    nav = html.split('aria-label="This review"')[1].split("</nav>")[0]
    return re.findall(r'<li><a class="govuk-link" href="[^"]+"(?: aria-current="page")?>([^<]+)</a>', nav)


@pytest.fixture
def people(cast):
    return {"manager": cast.review_manager, "spoc": cast.spoc, "lead": cast.lead_peer}


def _tasks(user, review):
    review = Review.objects.select_related("host", "framework").get(pk=review.pk)
    tasks = work_for(user, review, facts_of(review), access.permitted_actions(user, review))
    return [(task.label, task.status) for task in tasks]


def test_the_spoc_answers_uploads_then_submits(cast):
    assert _tasks(cast.spoc, cast.review) == [
        ("Answer the aspects", NOT_STARTED),
        ("Upload your evidence", NOT_STARTED),
        ("Check and submit the self-assessment", CANNOT_START),
    ]
    answer_every_aspect(cast.review, by=cast.spoc)
    assert _tasks(cast.deputy, cast.review) == [
        ("Answer the aspects", COMPLETED),
        ("Upload your evidence", NOT_STARTED),
        ("Check and submit the self-assessment", NOT_STARTED),
    ]
    assert _tasks(cast.senior, cast.review) == []  # senior officers only read


def test_the_team_waits_for_the_submission_and_the_manager_to_move(cast, people):
    assert _tasks(cast.peer, cast.review) == [("Read the self-assessment", CANNOT_START)]
    manager = _tasks(cast.review_manager, cast.review)
    assert manager[-1] == ("Move the review to Stage 2: Evidence Review", CANNOT_START)
    bring_to(cast.review, "s1_submitted", **people)
    assert _tasks(cast.peer, cast.review) == [("Read the self-assessment", NOT_STARTED)]
    assert _tasks(cast.review_manager, cast.review)[-1][1] == NOT_STARTED


def test_at_the_report_stage_the_council_checks_only_once_the_draft_is_out(cast, people):
    review = bring_to(cast.review, "s5_draft", **people)
    assert _tasks(cast.spoc, review) == [("Check the draft report", CANNOT_START)]
    assert ("Write the findings", IN_PROGRESS) in _tasks(cast.lead_peer, review)
    manager = dict(_tasks(cast.review_manager, review))
    assert manager["Send the draft to the council for its check"] == NOT_STARTED
    assert manager["Publish the report"] == CANNOT_START
    report_send_for_checking(review=review, by=cast.review_manager)
    # The council chooses what to share from the published wording, so not yet.
    assert _tasks(cast.spoc, review) == [("Check the draft report and send any comments", NOT_STARTED)]
    manager = dict(_tasks(cast.review_manager, review))
    assert manager["Send the draft to the council for its check"] == COMPLETED
    assert manager["Publish the report"] == NOT_STARTED
    report_check_finish(review=review, by=cast.spoc)
    report_publish(review=review, by=cast.review_manager)
    assert ("Choose the good practice to share", NOT_STARTED) in _tasks(cast.spoc, review)


def test_at_follow_up_the_council_keeps_its_action_plan(cast, people):
    review = bring_to(cast.review, "s6", **people)
    assert _tasks(cast.spoc, review) == [("Keep the action plan", NOT_STARTED)]
    assert _tasks(cast.peer, review) == []


def test_a_closed_review_has_no_tasks(cast, people):
    review = bring_to(cast.review, "closed", **people)
    assert _tasks(cast.review_manager, review) == []
    assert _tasks(cast.spoc, review) == []


def test_the_review_page_shows_the_viewer_s_task_list(cast, login):
    page = login(cast.spoc).get(reverse("review_detail", args=[cast.review.reference])).text
    assert "Your tasks at this stage" in page
    assert 'class="govuk-link govuk-task-list__link"' in page
    assert "Check and submit the self-assessment" in page
    assert "govuk-task-list__status--cannot-start-yet" in page
    quiet = login(cast.senior).get(reverse("review_detail", args=[cast.review.reference])).text
    assert "Nothing needs you at this stage." in quiet


def test_the_navigation_puts_the_stage_s_sections_first(cast, people, login):
    url = reverse("review_detail", args=[cast.review.reference])
    assert nav_labels(login(cast.lead_peer).get(url).text)[:3] == ["Overview", "Self-assessment", "Evidence"]
    bring_to(cast.review, "s5_draft", **people)
    assert nav_labels(login(cast.lead_peer).get(url).text)[:3] == ["Overview", "Report", "Findings"]
