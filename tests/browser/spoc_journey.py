"""The SPOC's journey of issue 9: the self-assessment with evidence (and a round trip through
the workbook), submitted; a comment on the draft report; the action plan. Run with the mouse and
with the keyboard (``test_journeys.py``)."""

import re
from pathlib import Path

from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import load_workbook
from playwright.sync_api import expect

from assessments.lifecycle.working_days import add_working_days
from assessments.models import Action, AspectResponse, Evidence, ReportComment, Review
from reports.publishing.steps import comment_resolve
from tests.browser.drivers import Driver
from tests.browser.journeys import (
    an_improvement,
    aspects_in_list_order,
    plan_an_action,
    record_progress,
    sign_in,
)
from tests.files import content
from tests.lifecycle import bring_to


def _upload_evidence(ui: Driver, folder: Path) -> None:
    """A file of evidence, tagged to aspect 5 as it is uploaded."""
    evidence = folder / "Prevent training plan.pdf"
    evidence.write_bytes(content("pdf"))
    ui.follow("Evidence")
    ui.upload("Choose a file", [evidence])
    ui.tick("5. The organisation has an agreed training programme")
    ui.press("Upload")
    expect(ui.page.get_by_text("Uploaded Prevent training plan.pdf as E1.")).to_be_visible()


def _answer_every_aspect(ui: Driver, review: Review) -> None:
    """Each aspect answered in turn, "Save and continue" walking the list's order."""
    page = ui.page
    ui.follow("Self-assessment")
    ui.follow("Aspect 1")
    for number in aspects_in_list_order(review):
        expect(page.get_by_text(f"Aspect {number} of 14")).to_be_visible()
        ui.tick("Established", exact=True)
        ui.fill("Describe how the council meets this aspect", f"What is in place for aspect {number}.")
        if number == 5:
            # Tagged on upload, so already chosen here: one link, seen from both sides.
            expect(page.get_by_label("E1: Prevent training plan")).to_be_checked()
            ui.screenshot("self-assessment-aspect")
        ui.press("Save and continue")


def _workbook_round_trip(ui: Driver, review: Review, folder: Path) -> None:
    """Colleagues rework an answer offline: the workbook goes out, is filled in and comes back."""
    page = ui.page
    ui.follow("All aspects")
    download = ui.download("download the self-assessment as a workbook")
    assert download.suggested_filename == f"{review.reference}-self-assessment.xlsx"
    download.save_as(folder / download.suggested_filename)
    book = load_workbook(folder / download.suggested_filename)
    row = next(row for row in book["Aspects"].iter_rows(min_row=2) if row[0].value == 14)
    row[4].value = "Reworked offline by the Prevent delivery group."
    filled = folder / "self-assessment.xlsx"
    book.save(filled)
    ui.follow("upload the workbook")
    ui.upload("Upload the filled-in workbook", [filled])
    ui.press("Upload and check")
    expect(page.get_by_text("Reworked offline by the Prevent delivery group.")).to_be_visible()
    ui.screenshot("self-assessment-workbook-check")
    ui.press("Save 1 change")
    expect(page.get_by_text("1 aspect saved from the workbook.")).to_be_visible()


def _submit(ui: Driver, review: Review) -> None:
    """The answers checked, with their evidence, and submitted."""
    page = ui.page
    ui.follow("Check your answers and submit")
    expect(page.get_by_role("heading", name="Check your answers before you submit")).to_be_visible()
    expect(page.get_by_text("Evidence: E1 Prevent training plan")).to_be_visible()
    ui.screenshot("self-assessment-check")
    ui.press("Submit the self-assessment")
    expect(page.get_by_text("The self-assessment is submitted.")).to_be_visible()
    assert AspectResponse.objects.filter(self_assessment__review=review).count() == 14
    assert Evidence.objects.get().aspect_numbers == [5]


def _draft_found_from_home(ui: Driver, review: Review) -> None:
    """The home page points the SPOC at the draft awaiting their check, and says by when; the
    same news is among their notifications, counted in the header, and opening it marks it read
    and leads to the report."""
    page = ui.page
    ui.follow("Reviews", exact=True)
    due = add_working_days(timezone.localdate(), 5)
    need = page.locator(".govuk-task-list__item", has_text="Check the draft report and send any comments")
    expect(need).to_contain_text(f"due {date_format(due, 'l j F Y')}")
    expect(page.locator(".app-count")).to_be_visible()
    ui.follow("Notifications", exact=False)
    ui.follow("The draft report is ready for your check: Ardlarich Council")
    expect(page).to_have_url(re.compile(f"/reviews/{review.reference}/report/$"))


def _check_the_draft(ui: Driver, cast) -> ReportComment:
    """The draft read, a comment sent on it, and the check finished early: the council has no
    more comments, and says so, so the team need not wait for the last day."""
    page = ui.page
    ui.follow("Read the draft")
    expect(page.get_by_text("Carry out a training needs analysis.").first).to_be_visible()
    ui.back()
    ui.choose("Which section is your comment about?", "5. Summary of Findings")
    ui.fill("Your comment", "The training programme started in January, not March.", exact=True)
    ui.screenshot("report-factual-accuracy")
    ui.press("Send comment")
    expect(page.get_by_text("The training programme started in January, not March.")).to_be_visible()
    comment = ReportComment.objects.get()
    assert (comment.author, comment.section) == (cast.spoc, "findings")
    ui.press("We have finished checking")
    finished = "The review team is told the council has finished checking the draft."
    expect(page.get_by_text(finished)).to_be_visible()
    return comment


def spoc(ui: Driver, cast, folder: Path) -> None:
    """Self-assessment with evidence, submitted; a comment on the draft report; the action plan."""
    page = ui.page
    sign_in(ui, cast.spoc)
    expect(page.get_by_text("0 of 14 aspects complete")).to_be_visible()
    ui.follow("Ardlarich Council", exact=False)
    _upload_evidence(ui, folder)
    _answer_every_aspect(ui, cast.review)
    _workbook_round_trip(ui, cast.review, folder)
    _submit(ui, cast.review)

    # The team writes its findings and sends the draft for a factual-accuracy check.
    people = {"manager": cast.review_manager, "spoc": cast.spoc, "lead": cast.lead_peer}
    bring_to(cast.review, "s4", start="s1_submitted", **people)
    improvement = an_improvement(cast.review, cast.lead_peer)
    cast.review = bring_to(cast.review, "s5_checking", start="s4", **people)
    _draft_found_from_home(ui, cast.review)
    comment = _check_the_draft(ui, cast)

    # The team resolves the comment and publishes; the review moves to follow-up.
    comment_resolve(comment=comment, resolution="Corrected.", by=cast.lead_peer)
    cast.review = bring_to(cast.review, "s6", start="s5_checking", **people)
    ui.follow("Ardlarich Council", exact=False)
    what = "Run a training needs analysis with each directorate."
    plan_an_action(ui, what=what, owner="Public Protection Manager", due=("31", "3", "2020"))
    expect(page.get_by_text("Overdue", exact=True)).to_be_visible()
    ui.screenshot("action-plan")
    record_progress(ui, action=what, text="Four of six directorates done.")
    assert Action.objects.get(finding=improvement).updates.count() == 1
