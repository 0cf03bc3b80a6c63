"""The four journeys of issue 9, written once and run with the mouse and with the keyboard alone
(``tests/browser/drivers.py``). Each asserts on what the user sees.

Where a journey needs work another person does in between (the SPOC's answers before the review
manager moves the stage, say), the test does that work through the service functions, as that
person's own journey already proves it through the browser.
"""

import datetime
import re
from pathlib import Path

from django.utils import timezone
from django.utils.formats import date_format
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook
from playwright.sync_api import expect

from assessments.lifecycle.working_days import add_working_days
from assessments.models import (
    Action,
    AspectResponse,
    Evidence,
    Finding,
    InterviewNote,
    LineOfEnquiry,
    ReportComment,
    ReportVersion,
    Review,
    Stage,
)
from assessments.reads.answers import answers_by_area
from assessments.services.findings import finding_create
from assessments.services.interviews import Slot, interview_save
from assessments.services.self_assessment import self_assessment_submit
from peerreview.accounts.models import User
from peerreview.accounts.two_factor import two_factor_standing
from reports.publishing.steps import comment_resolve
from tests.browser.drivers import Driver
from tests.factories import TEST_PASSWORD
from tests.files import content
from tests.lifecycle import answer_every_aspect, bring_to
from tests.two_factor import app_for, code_now


def sign_in(ui: Driver, user: User, *, password: str = TEST_PASSWORD, on_code_page=None) -> None:
    """Signs in through the form, giving a code from the user's app where they need one;
    ``on_code_page()`` is called while the code page is showing."""
    has_app, must_have_app = two_factor_standing(user)
    device = app_for(user) if has_app or must_have_app else None
    ui.page.goto(f"{ui.base}/accounts/login/")
    ui.arrived()
    ui.fill("E-mail address", user.email)
    ui.fill("Password", password)
    ui.press("Sign in")
    if device is not None:
        # A code is refused if its time step was used already; a test signs in again within
        # seconds, where a person would come back steps later.
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
        expect(ui.page.get_by_role("heading", name="Enter your sign-in code")).to_be_visible()
        if on_code_page is not None:
            on_code_page()
        ui.fill("Code from your authenticator app", code_now(device))
        ui.press("Continue")
    expect(ui.page.get_by_role("heading", name="Your reviews")).to_be_visible()


def aspects_in_list_order(review: Review) -> list[int]:
    """The aspects' numbers as the self-assessment lists them, by area: the order of its pages."""
    return [item["aspect"].number for area in answers_by_area(review, {}) for item in area["aspects"]]


def sign_out(ui: Driver) -> None:
    ui.press("Sign out")
    expect(ui.page.get_by_role("heading", name="Sign in")).to_be_visible()


def answer_all(review: Review, by: User) -> None:
    answer_every_aspect(review, by=by, rating_label="Established")
    self_assessment_submit(review=review, by=by)


def set_up_review(
    ui: Driver, host: str, *, first_day: str, last_day: str, month: str, year: str, venue: str = ""
) -> Review:
    """A review manager sets a review up through the form; returns it."""
    ui.follow("Set up a review")
    ui.fill("Council or organisation being reviewed", host)
    for legend, day in (("First on-site day", first_day), ("Last on-site day", last_day)):
        group = ui.page.get_by_role("group", name=legend)
        ui.fill_in(group, "Day", day)
        ui.fill_in(group, "Month", month)
        ui.fill_in(group, "Year", year)
    if venue:
        ui.fill("Venue", venue)
    ui.press("Set up review")
    expect(ui.page.get_by_text(f"The review of {host} is set up.")).to_be_visible()
    return Review.objects.get(host__name=host)


def an_improvement(review: Review, by: User) -> Finding:
    return finding_create(
        review=review,
        area=review.framework.areas.get(key="capabilities"),
        kind="improvement",
        text="Carry out a training needs analysis.",
        aspects=[5],
        lines_of_enquiry=[],
        by=by,
    )


def plan_an_action(ui: Driver, *, what: str, owner: str, due: tuple[str, str, str]) -> None:
    """From a review's page: adds an action against its (one) suggested improvement."""
    ui.follow("Action plan")
    ui.follow("Add an action for this improvement")
    ui.fill("What will be done", what)
    ui.fill("Owner's name or role", owner)
    for label, value in zip(("Day", "Month", "Year"), due, strict=True):
        ui.fill(label, value, exact=True)
    ui.press("Add action")
    expect(ui.page.get_by_text("The action is added to the plan.")).to_be_visible()


def record_progress(ui: Driver, *, action: str, text: str) -> None:
    ui.follow(action)
    ui.fill("Progress update", text)
    ui.press("Add update")
    expect(ui.page.get_by_text(text)).to_be_visible()


def spoc(ui: Driver, cast, folder: Path) -> None:
    """Self-assessment with evidence, submitted; a comment on the draft report; the action plan."""
    evidence = folder / "Prevent training plan.pdf"
    evidence.write_bytes(content("pdf"))
    page = ui.page

    sign_in(ui, cast.spoc)
    expect(page.get_by_text("0 of 14 aspects complete")).to_be_visible()
    ui.follow("Ardlarich Council", exact=False)
    ui.follow("Evidence")
    ui.upload("Choose a file", [evidence])
    ui.tick("5. The organisation has an agreed training programme")
    ui.press("Upload")
    expect(page.get_by_text("Uploaded Prevent training plan.pdf as E1.")).to_be_visible()

    ui.follow("Self-assessment")
    ui.follow("Aspect 1")
    for number in aspects_in_list_order(cast.review):  # "Save and continue" walks the list's order
        expect(page.get_by_text(f"Aspect {number} of 14")).to_be_visible()
        ui.tick("Established", exact=True)
        ui.fill("Describe how the council meets this aspect", f"What is in place for aspect {number}.")
        if number == 5:
            # Tagged on upload, so already chosen here: one link, seen from both sides.
            expect(page.get_by_label("E1: Prevent training plan")).to_be_checked()
            ui.screenshot("self-assessment-aspect")
        ui.press("Save and continue")
    # Colleagues rework an answer offline: the workbook goes out, is filled in and comes back.
    ui.follow("All aspects")
    download = ui.download("download the self-assessment as a workbook")
    assert download.suggested_filename == f"{cast.review.reference}-self-assessment.xlsx"
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
    ui.follow("Check your answers and submit")
    expect(page.get_by_role("heading", name="Check your answers before you submit")).to_be_visible()
    expect(page.get_by_text("Evidence: E1 Prevent training plan")).to_be_visible()
    ui.screenshot("self-assessment-check")
    ui.press("Submit the self-assessment")
    expect(page.get_by_text("The self-assessment is submitted.")).to_be_visible()
    assert AspectResponse.objects.filter(self_assessment__review=cast.review).count() == 14
    assert Evidence.objects.get().aspect_numbers == [5]

    # The team writes its findings and sends the draft for a factual-accuracy check.
    people = {"manager": cast.review_manager, "spoc": cast.spoc, "lead": cast.lead_peer}
    bring_to(cast.review, "s4", start="s1_submitted", **people)
    improvement = an_improvement(cast.review, cast.lead_peer)
    cast.review = bring_to(cast.review, "s5_checking", start="s4", **people)
    # The home page points the SPOC at the draft awaiting their check, and says by when.
    ui.follow("Reviews", exact=True)
    due = add_working_days(timezone.localdate(), 5)
    need = page.locator(".govuk-task-list__item", has_text="Check the draft report and send any comments")
    expect(need).to_contain_text(f"due {date_format(due, 'l j F Y')}")
    # The same news is among their notifications, counted in the header; opening it marks it read
    # and leads to the report.
    expect(page.locator(".app-count")).to_be_visible()
    ui.follow("Notifications", exact=False)
    ui.follow("The draft report is ready for your check: Ardlarich Council")
    expect(page).to_have_url(re.compile(f"/reviews/{cast.review.reference}/report/$"))
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
    # The council has no more comments, and says so: the team need not wait for the last day.
    ui.press("We have finished checking")
    expect(
        page.get_by_text("The review team is told the council has finished checking the draft.")
    ).to_be_visible()

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


def peer_reviewer(ui: Driver, cast, on_site) -> None:
    """Writes a line of enquiry, notes of an interview and a finding."""
    page = ui.page
    review = cast.review
    Review.objects.filter(pk=review.pk).update(stage=Stage.ON_SITE_REVIEW)
    starts = datetime.datetime(2025, 3, 31, 9, 30, tzinfo=datetime.UTC)
    interview_save(
        review=review,
        slot=Slot(
            starts=starts,
            ends=starts + datetime.timedelta(hours=1),
            location="Committee Room 2",
            interviewees=[on_site["stakeholders"]["police"]],
            interviewers=[on_site["peer"]],
        ),
        aspects=[1],
        lines_of_enquiry=[],
        by=cast.review_manager,
    )

    sign_in(ui, cast.peer)
    ui.follow("Ardlarich Council", exact=False)
    ui.follow("Lines of enquiry")
    ui.fill("Line of enquiry", "How are referrals from schools followed up?")
    ui.tick("3. ")
    ui.press("Add line of enquiry")
    expect(page.get_by_text("How are referrals from schools followed up?").first).to_be_visible()
    ui.screenshot("lines-of-enquiry")
    assert LineOfEnquiry.objects.get(review=review).aspects == [3]

    ui.follow("Ardlarich Council", exact=False)
    ui.follow("Interviews")
    ui.follow("10:30 to 11:30")
    ui.fill("Your notes", "Referral pathway well understood; no written procedure.")
    ui.press("Save notes")
    expect(page.get_by_text("Referral pathway well understood; no written procedure.")).to_be_visible()
    assert InterviewNote.objects.get().author == cast.peer

    ui.follow("Ardlarich Council", exact=False)
    ui.follow("Findings")
    ui.tick("Partnership", exact=True)
    ui.tick("Good practice", exact=True)
    ui.fill("Finding", "Schools and the police share one referral route.")
    ui.tick("How are referrals from schools followed up?")
    ui.press("Save finding")
    expect(page.get_by_text("Schools and the police share one referral route.").first).to_be_visible()
    ui.screenshot("findings")
    finding = Finding.objects.get(review=review)
    assert (finding.area.key, finding.kind, finding.updated_by) == ("partnership", "good_practice", cast.peer)


def senior_officer(ui: Driver, cast) -> None:
    """Downloads the published report."""
    Finding.objects.create(
        review=cast.review,
        area=cast.review.framework.areas.get(key="leadership"),
        kind="good_practice",
        text="The SPOC is visible and trusted.",
    )
    people = {"manager": cast.review_manager, "spoc": cast.spoc, "lead": cast.lead_peer}
    cast.review = bring_to(cast.review, "s5_published", **people)
    sign_in(ui, cast.senior)
    ui.follow("Ardlarich Council", exact=False)
    expect(ui.page.get_by_role("link", name="Findings")).to_have_count(0)
    ui.follow("Report", exact=True)
    expect(ui.page.get_by_text("Read the draft")).to_have_count(0)
    ui.screenshot("report-senior-officer")
    report = ui.download("Version 1 (PDF)")
    assert Path(report.path()).read_bytes() == bytes(ReportVersion.objects.get().pdf)


def good_practice_shared(ui: Driver, cast) -> None:
    """Once the report is published, a SPOC shares two pieces of good practice in its published
    wording; the SPOC of another council finds one by a word in it, with a way to ask about it."""
    area = cast.review.framework.areas.get(key="partnership")
    texts = [
        "Peer mentoring pairs every new Prevent lead with an experienced one.",
        "A shared referral form is used by schools, police and health.",
        "The community safety team briefs elected members each quarter.",
    ]
    for position, text in enumerate(texts, start=1):
        Finding.objects.create(
            review=cast.review, area=area, kind="good_practice", text=text, position=position
        )
    people = {"manager": cast.review_manager, "spoc": cast.spoc, "lead": cast.lead_peer}
    cast.review = bring_to(cast.review, "s5_published", **people)

    sign_in(ui, cast.spoc)
    ui.follow("Ardlarich Council", exact=False)
    ui.follow("Report", exact=True)
    ui.follow("Choose what your council shares")
    ui.tick(texts[0])
    ui.tick(texts[1])
    ui.tick("Other councils may e-mail me about the good practice we share")
    ui.press("Save what we share")
    expect(ui.page.get_by_text("Your council shares 2 pieces of good practice.")).to_be_visible()
    sign_out(ui)

    sign_in(ui, cast.other_spoc)
    ui.follow("Good practice")
    ui.fill("Words", "mentoring")
    ui.press("Show good practice")
    expect(ui.page.get_by_text(texts[0])).to_be_visible()
    expect(ui.page.get_by_text(texts[1])).to_have_count(0)  # shared, but not about mentoring
    expect(ui.page.get_by_text(texts[2])).to_have_count(0)
    expect(ui.page.get_by_role("link", name="Ask Ardlarich Council's SPOC about it")).to_have_attribute(
        "href", re.compile(f"^mailto:{re.escape(cast.spoc.email)}")
    )
    ui.screenshot("good-practice-library")
