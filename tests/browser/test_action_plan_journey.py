"""A SPOC adds an action and a progress update; a review manager reads the national overview."""

import pytest
from playwright.sync_api import expect

from assessments.models import Action, Finding, Review, Stage
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_spoc_keeps_the_action_plan_and_manager_reads_the_overview(cast, page, sign_in, sign_out):
    Finding.objects.create(
        review=cast.review,
        area=cast.review.framework.areas.get(key="capabilities"),
        kind="improvement",
        text="Carry out a training needs analysis.",
    )
    Review.objects.filter(pk=cast.review.pk).update(stage=Stage.FOLLOW_UP)

    sign_in(cast.spoc, TEST_PASSWORD)
    page.get_by_role("link", name="Ardlarich Council").click()
    page.get_by_role("link", name="Action plan").click()
    page.get_by_role("link", name="Add an action for this improvement").click()
    page.get_by_label("What will be done").fill("Run a training needs analysis with each directorate.")
    page.get_by_label("Owner's name or role").fill("Public Protection Manager")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2020")
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_text("The action is added to the plan.")).to_be_visible()
    expect(page.get_by_text("Overdue", exact=True)).to_be_visible()

    page.get_by_role("link", name="Run a training needs analysis with each directorate.").click()
    page.get_by_label("Progress update").fill("Four of six directorates done.")
    page.get_by_role("button", name="Add update").click()
    expect(page.get_by_text("Four of six directorates done.")).to_be_visible()
    assert Action.objects.get().updates.count() == 1
    sign_out()

    sign_in(cast.review_manager, TEST_PASSWORD)
    page.get_by_role("link", name="National overview").click()
    expect(page.get_by_role("heading", name="National overview")).to_be_visible()
    table = page.get_by_role("table", name="Overdue actions by council")
    expect(table).to_contain_text("Ardlarich Council")
    expect(page.get_by_role("table", name="Suggested improvements by delivery area")).to_contain_text(
        "Capabilities"
    )
