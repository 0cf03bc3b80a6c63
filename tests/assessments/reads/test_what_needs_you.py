"""What needs you: each person's work now, read from their reviews, kind by kind."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Action, Review, ReviewPlan, SupportRequest
from assessments.reads.what_needs_you import groups_for, kinds_for
from reports.publishing.steps import report_send_for_checking
from tests.factories import ReviewFactory, ReviewPersonFactory, UserFactory
from tests.lifecycle import bring_to
from tests.needs import all_needs
from tests.queries import statements

D = datetime.date


@pytest.fixture
def people(cast):
    return {"manager": cast.review_manager, "spoc": cast.spoc, "lead": cast.lead_peer}


def _needs(user, today):
    return [(need.review.reference, need.text, need.due, need.state) for need in all_needs(user, today)]


def test_the_spoc_is_pointed_at_the_draft_and_by_when(cast, people):
    review = bring_to(cast.review, "s5_draft", **people)
    Review.objects.filter(pk=review.pk).update(stage="report")
    report = report_send_for_checking(review=review, by=cast.review_manager)
    sent = report.checking_since
    needs = _needs(cast.spoc, sent)
    assert ("ardlarich-2025", "Check the draft report and send any comments") in [n[:2] for n in needs]
    (check,) = [n for n in needs if n[1].startswith("Check the draft")]
    assert check[2] > sent
    assert _needs(cast.deputy, sent) == [n for n in needs if n[1].startswith("Check the draft")]
    assert not any(n[1].startswith("Check the draft") for n in _needs(cast.senior, sent))  # reads only
    assert all(n[0] == "glenbrae-2025" for n in _needs(cast.other_spoc, sent))  # only its own review


def test_a_manager_sees_passed_dates_comments_and_support_across_the_programme(cast):
    ReviewPlan.objects.create(
        review=cast.review, self_assessment_due=D(2026, 3, 1), publication_due=D(2027, 1, 1)
    )
    SupportRequest.objects.create(
        review=cast.review, kind="mentoring", description="Help", requested_by=cast.spoc
    )
    needs = _needs(cast.review_manager, D(2026, 4, 1))
    assert ("ardlarich-2025", "Self-assessment due: the date has passed", D(2026, 3, 1), "overdue") in needs
    assert ("ardlarich-2025", "Answer 1 request for support", None, "to do") in needs
    assert not any("Report published" in n[1] for n in needs)  # not due yet


def test_a_peer_is_asked_for_lines_of_enquiry_then_findings(cast, people):
    review = bring_to(cast.review, "s2", **people)
    assert [n[1] for n in _needs(cast.peer, D(2026, 1, 1))] == ["Set the key lines of enquiry"]
    Review.objects.filter(pk=review.pk).update(stage="key_findings")
    assert [n[1] for n in _needs(cast.peer, D(2026, 1, 1))] == ["Write the findings"]
    assert _needs(cast.spoc, D(2026, 1, 1)) == []  # the team's work is not the council's


def test_the_council_sees_its_actions_due_soon_or_overdue(cast, people):
    review = bring_to(cast.review, "s6", **people)
    finding = review.findings.filter(kind="improvement").first()
    for text, due in (("Late", D(2027, 1, 1)), ("Soon", D(2027, 1, 20)), ("Far", D(2027, 6, 1))):
        Action.objects.create(finding=finding, description=text, owner="SPOC", due=due)
    needs = _needs(cast.spoc, D(2027, 1, 10))
    actions = [(n[1], n[3]) for n in needs if n[1].startswith("Update the action")]
    assert actions == [("Update the action “Late”", "overdue"), ("Update the action “Soon”", "due")]


def test_the_home_page_lists_them_and_its_queries_stay_flat(
    cast, people, login, django_assert_max_num_queries
):
    bring_to(cast.review, "s2", **people)
    client = login(cast.peer)
    with django_assert_max_num_queries(20) as few:
        page = client.get(reverse("dashboard")).text
    baseline = len(few.captured_queries)
    assert "What needs you" in page
    assert "Set the key lines of enquiry" in page
    for _ in range(8):
        other = ReviewFactory(stage="evidence_review")
        ReviewPersonFactory(review=other, user=cast.peer, role="peer")
    with django_assert_max_num_queries(baseline):
        page = client.get(reverse("dashboard")).text
    # The first few of the kind, with how many there are and a page of them all.
    assert page.count("Set the key lines of enquiry") == 3
    assert "See all 9" in page
    see_all = reverse("needs", args=["lines-of-enquiry"])
    assert f'href="{see_all}"' in page
    with django_assert_max_num_queries(baseline):
        listed = client.get(see_all).text
    assert listed.count("Set the key lines of enquiry") == 9


def test_a_kind_s_page_pages_its_rows_in_order(cast, people, login):
    for number in range(30):
        other = ReviewFactory(
            stage="evidence_review", on_site_start=D(2026, 1, 1) + datetime.timedelta(days=number)
        )
        ReviewPersonFactory(review=other, user=cast.peer, role="peer")
    client = login(cast.peer)
    first = client.get(reverse("needs", args=["lines-of-enquiry"])).text
    second = client.get(reverse("needs", args=["lines-of-enquiry"]), {"page": 2}).text
    assert first.count("Set the key lines of enquiry") == 25
    assert second.count("Set the key lines of enquiry") == 5
    assert "Thursday 1 January 2026" in first  # soonest first
    assert "Thursday 1 January 2026" not in second
    assert client.get(reverse("needs", args=["no-such-kind"])).status_code == 404
    assert client.get(reverse("needs", args=["team"])).status_code == 404  # a manager's work


def test_each_kind_is_a_query_and_one_more_to_show_its_work_however_many_reviews(cast, people):
    """Every kind a manager and a lead peer (who is a contact elsewhere) have: one query for their
    roles, one per kind (the first few's keys and the count) and one more for each kind with work
    to show (those rows whole), at one review and at eleven."""
    today = D(2026, 1, 1)
    elsewhere = ReviewFactory(stage="follow_up")
    ReviewPersonFactory(review=elsewhere, user=cast.lead_peer, role="spoc")

    def queries_and_groups(user):
        with CaptureQueriesContext(connection) as run:
            groups = groups_for(user, today)
        assert len(statements(run)) == 1 + len(kinds_for(user)) + len(groups)
        return groups

    for user in (cast.review_manager, cast.lead_peer):
        queries_and_groups(user)
    for _ in range(10):
        other = ReviewFactory(stage="evidence_review")
        ReviewPersonFactory(review=other, user=cast.lead_peer, role="peer")
    queries_and_groups(cast.review_manager)
    groups = queries_and_groups(cast.lead_peer)
    assert [group.total for group in groups if group.kind.slug == "lines-of-enquiry"] == [10]


def test_a_narrowed_list_is_a_search_and_says_nothing_of_needs(cast, login):
    page = login(UserFactory(is_review_manager=True)).get(reverse("dashboard"), {"q": "ardlarich"}).text
    assert "What needs you" not in page


def test_the_spoc_sees_how_many_aspects_are_left_and_nothing_once_submitted(cast, people):
    from assessments.models import AspectResponse, RatingLevel, SelfAssessment

    ReviewPlan.objects.create(review=cast.review, self_assessment_due=D(2026, 2, 1))
    left = [n for n in _needs(cast.spoc, D(2026, 1, 1)) if n[1].startswith("Finish the self-assessment")]
    assert left == [
        (
            "ardlarich-2025",
            "Finish the self-assessment (14 aspects left) and submit it",
            D(2026, 2, 1),
            "not yet due",
        )
    ]
    sa = SelfAssessment.objects.get_or_create(review=cast.review)[0]
    rating = RatingLevel.objects.filter(framework=cast.review.framework).first()
    for aspect in cast.review.framework.aspects.order_by("number")[:13]:
        AspectResponse.objects.create(self_assessment=sa, aspect=aspect, rating=rating, narrative="Done.")
    texts = [n[1] for n in _needs(cast.spoc, D(2026, 1, 1))]
    assert "Finish the self-assessment (1 aspect left) and submit it" in texts
    AspectResponse.objects.all().delete()  # the lifecycle answers them by the service's own road
    bring_to(cast.review, "s1_submitted", **people)  # submitted, still at stage 1
    assert not [n for n in _needs(cast.spoc, D(2026, 1, 1)) if "self-assessment" in n[1]]


def test_a_manager_sees_a_review_ready_to_move_and_not_one_that_is_blocked(cast, people):
    today = D(2026, 1, 1)
    assert not any(n[1].startswith("Ready to move") for n in _needs(cast.review_manager, today))
    bring_to(cast.review, "s1_submitted", **people)  # nothing stops stage 2 now
    ready = [n for n in _needs(cast.review_manager, today) if n[1].startswith("Ready to move")]
    assert ready == [("ardlarich-2025", "Ready to move to Stage 2: Evidence Review", None, "to do")]
    assert not any(n[1].startswith("Ready to move") for n in _needs(cast.lead_peer, today))


def test_a_manager_is_not_told_a_review_is_ready_before_its_visit_is_over(cast, people):
    review = bring_to(cast.review, "s3", **people)
    end = review.on_site_end
    assert not any(
        n[1].startswith("Ready to move")
        for n in _needs(cast.review_manager, end - datetime.timedelta(days=1))
    )
    assert any(n[1].startswith("Ready to move") for n in _needs(cast.review_manager, end))


def test_a_peer_is_asked_for_notes_of_the_interviews_they_sat_in_on(cast, on_site):
    from django.utils import timezone

    from assessments.models import Interview, InterviewInterviewer, InterviewNote

    past = timezone.now() - datetime.timedelta(days=1)
    interviews = []
    for hours in (0, 2):
        interview = Interview.objects.create(
            review=cast.review,
            starts=past + datetime.timedelta(hours=hours),
            ends=past + datetime.timedelta(hours=hours + 1),
            location="Room",
        )
        InterviewInterviewer.objects.create(interview=interview, person=on_site["peer"])
        interviews.append(interview)
    future = Interview.objects.create(
        review=cast.review,
        starts=timezone.now() + datetime.timedelta(days=1),
        ends=timezone.now() + datetime.timedelta(days=1, hours=1),
        location="Room",
    )
    InterviewInterviewer.objects.create(interview=future, person=on_site["peer"])
    InterviewNote.objects.create(interview=interviews[0], author=cast.peer, text="Noted.")
    today = timezone.localdate()
    notes = [n for n in all_needs(cast.peer, today) if "notes" in n.text]
    assert [n.url for n in notes] == [
        reverse("interview_detail", args=[cast.review.reference, interviews[1].pk])
    ]
    assert not [n for n in _needs(cast.lead_peer, today) if "notes" in n[1]]  # not their interview
    type(cast.review).objects.filter(pk=cast.review.pk).update(closed_at=timezone.now())
    assert not [n for n in all_needs(cast.peer, today) if "notes" in n.text]  # closed: no work left


def test_the_council_s_actions_to_plan_and_feedback_cost_the_same_queries_however_many_reviews(
    cast, people, django_assert_max_num_queries
):
    """The improvements with no action and the feedback to give are counted for all of a SPOC's
    reviews at once, not review by review."""
    from assessments.models import Finding, PublishedFinding, Report, ReportVersion

    today = D(2027, 1, 10)

    def publish_one_more():
        review = ReviewFactory(host=cast.host, stage="follow_up")
        ReviewPersonFactory(review=review, user=cast.spoc, role="spoc")
        area = review.framework.areas.first()
        finding = Finding.objects.create(review=review, area=area, kind="improvement", text="Train.")
        version = ReportVersion.objects.create(
            report=Report.objects.create(review=review, status="published"), number=1, html="<p>.</p>"
        )
        PublishedFinding.objects.create(
            version=version, finding=finding, area=area, kind="improvement", text="Train."
        )

    publish_one_more()
    with django_assert_max_num_queries(20) as few:
        needs = _needs(cast.spoc, today)
    baseline = len(few.captured_queries)
    assert sum(n[1].startswith("Add actions to the plan") for n in needs) == 1
    for _ in range(5):
        publish_one_more()
    with django_assert_max_num_queries(baseline):
        needs = _needs(cast.spoc, today)
    assert sum(n[1] == "Add actions to the plan for 1 suggested improvement" for n in needs) == 6
    assert sum(n[1] == "Tell the Scottish Government how the review went" for n in needs) == 6


def test_a_kind_s_page_is_for_roles_on_open_reviews_only(cast, people, login):
    """Who and when: the lines of enquiry's page is a peer's while they are on an open review; once
    that review is closed it is no page of theirs (404), and nothing of it needs them."""
    review = bring_to(cast.review, "s2", **people)
    client = login(cast.peer)
    url = reverse("needs", args=["lines-of-enquiry"])
    assert client.get(url).status_code == 200
    bring_to(review, "closed", start="s2", **people)
    assert client.get(url).status_code == 404
    assert all_needs(cast.peer, D(2026, 1, 1)) == []
