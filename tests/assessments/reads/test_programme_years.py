"""The programme year by year on the national overview (issue 32): reviews by stage, suggested
improvements by area, actions done on time and mentoring, each by year, and the aspects named."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from assessments.exchange import import_review
from assessments.models import Action, ActionStatus, MentoringMatch, Review, SupportRequest
from assessments.reads.programme_years import (
    DateYear,
    actions_by_year,
    improvements_by_year,
    mentoring_by_year,
    reviews_by_year,
)
from assessments.services.follow_up import action_update
from tests.assessments.exchange.documents import demo_document
from tests.lifecycle import bring_to, plan_an_action


def _row(table, year: int) -> dict[str, int]:
    return dict(zip(table.columns, dict(table.rows)[year], strict=True))


def test_reviews_and_improvements_by_year(db):
    import_review(demo_document("ardlarich-2025"))  # on site in 2025, at stage 6
    import_review(demo_document("ardlarich-2027"))  # on site in 2027, at stage 1
    reviews = reviews_by_year()
    assert [year for year, _ in reviews.rows] == [2027, 2025]  # newest first
    assert _row(reviews, 2025)["Stage 6: Follow-up support"] == 1
    assert _row(reviews, 2027)["Stage 1: Self-Assessment"] == 1
    assert sum(reviews.totals()) == 2
    improvements = improvements_by_year()
    assert improvements.columns[:4] == ["Leadership", "Capabilities", "Partnership", "Information Sharing"]
    assert sum(_row(improvements, 2025).values()) > 0
    assert 2027 not in dict(improvements.rows)


def _action_done_on(cast, review, *, due: datetime.date, done_on: datetime.date | None) -> Action:
    action = plan_an_action(review, by=cast.spoc, due=due)
    if done_on is not None:
        with time_machine.travel(datetime.datetime.combine(done_on, datetime.time(12)), tick=False):
            action_update(
                action=action, description=action.description, owner=action.owner, owner_user=None, due=due,
                status=ActionStatus.DONE, expected_version=action.version, by=cast.spoc,
            )  # fmt: skip
    return Action.objects.get(pk=action.pk)


def test_actions_done_by_their_date_late_or_not_at_all(cast):
    review = bring_to(
        cast.review, "s5_published", manager=cast.review_manager, spoc=cast.spoc, lead=cast.lead_peer
    )
    on_time = _action_done_on(
        cast, review, due=datetime.date(2026, 3, 31), done_on=datetime.date(2026, 3, 30)
    )
    assert on_time.completed_on == datetime.date(2026, 3, 30)
    _action_done_on(cast, review, due=datetime.date(2026, 3, 31), done_on=datetime.date(2026, 4, 2))
    _action_done_on(cast, review, due=datetime.date(2026, 5, 1), done_on=None)
    legacy = _action_done_on(cast, review, due=datetime.date(2025, 5, 1), done_on=None)
    Action.objects.filter(pk=legacy.pk).update(status=ActionStatus.DONE)  # done before dates were kept
    _action_done_on(cast, review, due=datetime.date(2026, 12, 31), done_on=None)  # not yet due
    table = actions_by_year(datetime.date(2026, 6, 1))
    assert _row(table, 2026) == {
        "Due": 3,
        "Done by their date": 1,
        "Done late": 1,
        "Done, date not recorded": 0,
        "Not done, overdue": 1,
    }
    assert _row(table, 2025)["Done, date not recorded"] == 1


def test_an_action_no_longer_done_loses_its_date(cast):
    review = bring_to(
        cast.review, "s5_published", manager=cast.review_manager, spoc=cast.spoc, lead=cast.lead_peer
    )
    action = _action_done_on(cast, review, due=datetime.date(2026, 3, 31), done_on=datetime.date(2026, 3, 1))
    action_update(
        action=action, description=action.description, owner=action.owner, owner_user=None, due=action.due,
        status=ActionStatus.IN_PROGRESS, expected_version=action.version, by=cast.spoc,
    )  # fmt: skip
    assert Action.objects.get(pk=action.pk).completed_on is None


def test_mentoring_by_year_and_the_overview_page_and_files(cast, login):
    support = SupportRequest.objects.create(
        review=cast.review, kind="mentoring", description="x", requested_by=cast.spoc
    )
    asked = {"support": support, "proposed_by": cast.review_manager}
    MentoringMatch.objects.create(**asked, mentor=cast.peer_elsewhere, status="declined")
    MentoringMatch.objects.create(**asked, mentor=cast.peer, status="accepted", outcome="Helped.")
    year = datetime.date.today().year
    assert _row(mentoring_by_year(), year) == {"Mentors asked": 2, "Accepted": 1, "Outcomes recorded": 1}
    manager = login(cast.review_manager)
    page = manager.get(reverse("overview")).text
    assert "The programme year by year" in page
    assert "Peer-to-peer mentoring by year" in page
    csv = manager.get(reverse("overview_csv")).content.decode()
    assert f"peer-to-peer mentoring by year,{year}: Accepted,1" in csv


@pytest.mark.parametrize(
    "due", [datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), datetime.date(1999, 6, 30)]
)
def test_a_dates_year_is_read_by_the_database_itself_as_django_reads_it(cast, due):
    from django.db.models.functions import ExtractYear

    cast.review.on_site_start = due
    cast.review.save()
    read = Review.objects.filter(pk=cast.review.pk).annotate(
        ours=DateYear("on_site_start"), djangos=ExtractYear("on_site_start")
    )
    assert list(read.values_list("ours", "djangos")) == [(due.year, due.year)]
