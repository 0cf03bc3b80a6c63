"""A SPOC completes the self-assessment with evidence and submits it; a review manager then
moves the review to evidence review."""

import pytest
from playwright.sync_api import expect

from assessments.models import Evidence, Review, Stage
from tests.factories import TEST_PASSWORD
from tests.files import content

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_spoc_submits_and_manager_moves_the_stage(
    cast, page, live_server, sign_in, sign_out, tmp_path, settings
):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    evidence_file = tmp_path / "Prevent training plan.pdf"
    evidence_file.write_bytes(content("pdf"))

    sign_in(cast.spoc, TEST_PASSWORD)
    expect(page.get_by_text("0 of 14 aspects complete")).to_be_visible()
    page.get_by_role("link", name="Ardlarich Council").click()
    page.get_by_role("link", name="Evidence", exact=True).click()

    page.get_by_label("Choose files").set_input_files(str(evidence_file))
    page.get_by_label("5. The organisation has an agreed training programme").check()
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Uploaded 1 file: Prevent training plan.pdf.")).to_be_visible()

    page.get_by_role("link", name="Self-assessment", exact=True).click()
    page.get_by_role("link", name="Aspect 1", exact=True).click()
    for number in range(1, 15):
        expect(page.get_by_text(f"Aspect {number} of 14")).to_be_visible()
        page.get_by_label("Established").check()
        page.get_by_label("Describe how the council meets this aspect").fill(
            f"What is in place for aspect {number}."
        )
        if number == 5:
            page.get_by_label("E1: Prevent training plan").check()
        page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Check your answers before you submit")).to_be_visible()
    expect(page.get_by_text("What is in place for aspect 14.")).to_be_visible()
    expect(page.get_by_text("Evidence: E1 Prevent training plan")).to_be_visible()
    page.get_by_role("button", name="Submit the self-assessment").click()
    expect(page.get_by_text("The self-assessment is submitted.")).to_be_visible()
    expect(page.get_by_text("14 of 14 aspects complete")).to_be_visible()
    sign_out()

    sign_in(cast.review_manager, TEST_PASSWORD)
    page.get_by_role("link", name="Ardlarich Council").click()
    page.get_by_role("button", name="Move to Stage 2: Evidence Review").click()
    expect(page.get_by_text("The review is now at Stage 2: Evidence Review.")).to_be_visible()

    assert Review.objects.get(pk=cast.review.pk).stage == Stage.EVIDENCE_REVIEW
    assert Evidence.objects.get().responses.get().aspect.number == 5
