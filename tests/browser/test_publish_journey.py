"""The team publishes the report; a senior officer signs in and downloads it."""

import pytest
from playwright.sync_api import expect

from assessments.models import Finding, ReportVersion
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_team_publishes_and_senior_officer_downloads(cast, page, sign_in, sign_out, tmp_path):
    Finding.objects.create(
        review=cast.review,
        area=cast.review.framework.areas.get(key="leadership"),
        kind="good_practice",
        text="The SPOC is visible and trusted.",
    )
    sign_in(cast.review_manager, TEST_PASSWORD)
    page.get_by_role("link", name="Ardlarich Council").click()
    page.get_by_role("link", name="Report", exact=True).click()
    page.get_by_role("button", name="Publish the report").click()
    expect(page.get_by_text("The report is published.")).to_be_visible()
    expect(page.get_by_role("link", name="Version 1 (PDF)")).to_be_visible()
    sign_out()

    sign_in(cast.senior, TEST_PASSWORD)
    page.get_by_role("link", name="Ardlarich Council").click()
    expect(page.get_by_role("link", name="Findings")).to_have_count(0)
    page.get_by_role("link", name="Report", exact=True).click()
    expect(page.get_by_text("Read the draft")).to_have_count(0)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Version 1 (PDF)").click()
    path = tmp_path / "report.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes() == bytes(ReportVersion.objects.get().pdf)
