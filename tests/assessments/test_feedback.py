"""The council's feedback on its review: asked of its contacts when the report is first published,
one reminder two weeks on, the answers read only by review managers, in aggregate."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assessments.models import ReviewFeedback, Stage
from assessments.services.feedback import feedback_give, feedback_remind
from peerreview.inbox.models import Notification
from reports.publishing import steps as report_services
from tests.factories import ReviewFactory
from tests.lifecycle import bring_to

HOST = {"spoc@ardlarich.example.org", "deputy@ardlarich.example.org", "senior@ardlarich.example.org"}
# Asked at publication (stage 5): about the stages so far, not follow-up support, still to come.
SO_FAR = [stage for stage in Stage if stage != Stage.FOLLOW_UP]
ALL_FIVES = {stage.value: 5 for stage in SO_FAR}


@pytest.fixture
def people(cast):
    return {"manager": cast.review_manager, "spoc": cast.spoc, "lead": cast.lead_peer}


@pytest.fixture
def published(cast, people):
    return bring_to(cast.review, "s5_published", **people)


def _asked() -> set[str]:
    return set(
        Notification.objects.filter(subject__startswith="How useful").values_list("user__email", flat=True)
    )


def test_the_first_publication_asks_the_council_s_contacts_only(published, cast, people):
    assert _asked() == HOST
    assert {m.to[0] for m in mail.outbox if m.subject.startswith("How useful")} == HOST
    # A later version does not ask again.
    review = bring_to(published, "s5_new_draft", start="s5_published", **people)
    report_services.report_send_for_checking(review=review, by=cast.review_manager)
    report_services.report_check_finish(review=review, by=cast.spoc)
    report_services.report_publish(review=review, by=cast.review_manager)
    assert Notification.objects.filter(subject__startswith="How useful").count() == len(HOST)


def test_one_reminder_two_weeks_on_to_those_who_have_not_answered(published, cast):
    feedback_give(review=published, ratings=ALL_FIVES, to_change="", by=cast.deputy)
    assert feedback_remind(now=timezone.now()) == 0  # too soon
    later = timezone.now() + datetime.timedelta(days=15)
    assert feedback_remind(now=later) == 2
    reminded = Notification.objects.filter(subject__startswith="Reminder: how useful")
    assert set(reminded.values_list("user__email", flat=True)) == HOST - {cast.deputy.email}
    assert feedback_remind(now=later + datetime.timedelta(days=1)) == 0  # once


def test_a_contact_answers_once_and_the_team_may_not(published, cast, login, check_access):
    url = reverse("feedback", args=[published.reference])
    check_access(url, outsider=cast.other_spoc, forbidden=cast.lead_peer, allowed=cast.senior)
    client = login(cast.spoc)
    incomplete = client.post(url, {Stage.SELF_ASSESSMENT.value: "4"})
    assert f"Say how useful {Stage.EVIDENCE_REVIEW.label} was" in incomplete.text
    assert f"How useful was {Stage.FOLLOW_UP.label}?" not in incomplete.text  # not happened yet
    answers = {stage.value: "4" for stage in SO_FAR} | {"to_change": "Shorter interviews."}
    assert client.post(url, answers).status_code == 302
    (feedback,) = ReviewFeedback.objects.all()
    assert feedback.ratings == {stage.value: 4 for stage in SO_FAR}
    assert "You told us how the review went" in client.get(url).text


def test_not_before_publication(cast, check_access):
    url = reverse("feedback", args=[cast.review.reference])
    check_access(
        url, outsider=cast.other_spoc, forbidden=cast.spoc, allowed=cast.review_manager, allowed_status=403
    )


def _answer_for_another_council(cast, people, to_change, ratings=ALL_FIVES):
    from tests.factories import OrganisationFactory, ReviewPersonFactory, UserFactory

    council = OrganisationFactory()
    review = ReviewFactory(host=council)
    spoc = UserFactory(organisation=council)
    ReviewPersonFactory(review=review, user=spoc, role="spoc")
    ReviewPersonFactory(review=review, user=cast.review_manager, role="review_manager")
    ReviewFeedback.objects.create(review=review, respondent=spoc, ratings=ratings, to_change=to_change)


def test_the_overview_shows_averages_by_stage_and_year_and_comments_only_from_three(
    published, cast, people, login
):
    feedback_give(
        review=published,
        ratings={stage.value: 3 for stage in SO_FAR},
        to_change="Fewer forms, please.",
        by=cast.spoc,
    )
    _answer_for_another_council(cast, people, "More time on site.")
    page = login(cast.review_manager).get(reverse("overview")).text
    year = timezone.localdate().year
    assert f"{year}: 2 answers" in page
    assert ">4.0<" in page  # (3 + 5) / 2 for every stage
    assert "Fewer forms, please." not in page  # two answers: could be traced
    assert "shown once a year has three answers or more" in page
    _answer_for_another_council(cast, people, "A clearer timetable.")
    page = login(cast.review_manager).get(reverse("overview")).text
    comments = page[page.index("What councils would change") :]
    assert "Fewer forms, please." in comments
    assert "Ardlarich" not in comments[: comments.index("</details>")]
    assert login(cast.spoc).get(reverse("overview")).status_code == 404


@time_machine.travel(datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC))
def test_answers_count_in_the_year_they_were_given(published, cast, login):
    feedback_give(review=published, ratings=ALL_FIVES, to_change="", by=cast.spoc)
    assert "2026: 1 answer" in login(cast.review_manager).get(reverse("overview")).text
