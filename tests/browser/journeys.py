"""The journeys of issue 9 and the steps they share, written once and run with the mouse and with
the keyboard alone (``tests/browser/drivers.py``). Each asserts on what the user sees. The SPOC's
and the review manager's journeys, the longest, have modules of their own.

Where a journey needs work another person does in between (the SPOC's answers before the review
manager moves the stage, say), the test does that work through the service functions, as that
person's own journey already proves it through the browser.
"""

import datetime
import re
from pathlib import Path

from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from assessments.models import (
    Finding,
    InterviewNote,
    LineOfEnquiry,
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
from tests.browser.drivers import Driver
from tests.factories import TEST_PASSWORD
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


def _an_interview_on_site(cast, on_site) -> None:
    """The review on site, with an interview of the police on the peer's panel."""
    Review.objects.filter(pk=cast.review.pk).update(stage=Stage.ON_SITE_REVIEW)
    starts = datetime.datetime(2025, 3, 31, 9, 30, tzinfo=datetime.UTC)
    slot = Slot(
        starts=starts,
        ends=starts + datetime.timedelta(hours=1),
        location="Committee Room 2",
        interviewees=[on_site["stakeholders"]["police"]],
        interviewers=[on_site["peer"]],
    )
    interview_save(review=cast.review, slot=slot, aspects=[1], lines_of_enquiry=[], by=cast.review_manager)


def peer_reviewer(ui: Driver, cast, on_site) -> None:
    """Writes a line of enquiry, notes of an interview and a finding."""
    page = ui.page
    review = cast.review
    _an_interview_on_site(cast, on_site)
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
