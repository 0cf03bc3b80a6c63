"""The review manager's journey of issue 9: sets a review up, invites the team and the council,
moves the stages (planning the visit first), builds the timetable, publishes the report and
reads the national overview. Run with the mouse and with the keyboard (``test_journeys.py``)."""

from pathlib import Path

from django.core import mail
from icalendar import Calendar
from playwright.sync_api import expect

from assessments.models import Review, Stage
from peerreview.accounts.models import User
from tests.browser.drivers import Driver
from tests.browser.journeys import an_improvement, answer_all, set_up_review, sign_in


def _invite_the_team_and_host(ui: Driver, cast) -> User:
    """Adds the lead peer (who has an account) and the host's SPOC (who is invited): returns
    the SPOC's new account."""
    page = ui.page
    ui.follow("People")
    for role, email, name, title in (
        ("Lead peer", "lead@strathkeld.example.org", None, None),
        ("SPOC", "spoc@kilbrannan.example.org", "Ruth Baird", "Prevent Lead"),
    ):
        ui.tick(role, exact=True)
        ui.fill("E-mail address", email)
        ui.press("Continue")
        if name is None:  # the lead peer has an account: its details are shown, not asked for
            expect(page.get_by_role("heading", name=f"Add {cast.lead_peer.full_name}?")).to_be_visible()
            ui.press(f"Add {cast.lead_peer.full_name}")
        else:
            ui.fill("Full name", name)
            ui.fill("Job title", title)
            ui.press("Add person")
        expect(page.locator(".govuk-notification-banner")).to_be_visible()
    ui.screenshot("people")
    assert any("spoc@kilbrannan.example.org" in message.to for message in mail.outbox), "host invited"
    return User.objects.get(email="spoc@kilbrannan.example.org")


def _enquiry_and_stakeholder(ui: Driver) -> None:
    """A line of enquiry, and a stakeholder to interview."""
    page = ui.page
    ui.follow("Lines of enquiry")
    ui.fill("Line of enquiry", "How is the Prevent training plan agreed?")
    ui.tick("4. ")
    ui.press("Add line of enquiry")
    expect(page.get_by_text("How is the Prevent training plan agreed?").first).to_be_visible()
    ui.follow("Interviews")
    ui.follow("Stakeholders")
    ui.fill("Job title", "Detective Inspector")
    ui.tick("Police Scotland", exact=True)
    ui.press("Save stakeholder")
    expect(page.get_by_text("Detective Inspector").first).to_be_visible()


def _timetable(ui: Driver, cast) -> None:
    """Two interviews for the lead peer: the second, clashing, is refused, then moved; the lead
    peer's calendar file holds both."""
    page = ui.page
    ui.follow("Interviews")
    lead = cast.lead_peer.full_name
    for starts, ends in (("09:30", "10:30"), ("10:00", "11:00")):
        ui.follow("Add an interview")
        ui.tick("Tuesday 2 June 2026", exact=True)
        ui.fill("Start time", starts)
        ui.fill("End time", ends)
        ui.fill("Room or remote link", "Committee Room 2" if starts == "09:30" else "Committee Room 3")
        ui.tick("Detective Inspector, Police Scotland")
        ui.tick(lead)
        ui.press("Save interview")
    # The lead peer cannot be in two rooms at once: refused in plain words, then moved.
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        f"{lead} is already interviewing from 09:30 to 10:30 in Committee Room 2"
    )
    ui.fill("Start time", "10:30")
    ui.fill("End time", "11:30")
    ui.press("Save interview")
    expect(page.get_by_text("The interview is saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="Tuesday 2 June 2026")).to_be_visible()
    ui.screenshot("timetable")
    calendar = ui.download(f"calendar file for {lead}")
    events = Calendar.from_ical(Path(calendar.path()).read_bytes()).walk("VEVENT")
    assert sorted(event.decoded("DTSTART").strftime("%H:%M") for event in events) == ["09:30", "10:30"]


def _move_to(ui: Driver, stage: str) -> None:
    """Moves the review to ``stage`` from its page, which says it has."""
    ui.press(f"Move to {stage}")
    expect(ui.page.get_by_text(f"The review is now at {stage}.")).to_be_visible()


def _publish(ui: Driver) -> None:
    """Sends the draft to the council, then publishes it before its check is over, with a reason."""
    page = ui.page
    ui.follow("Report", exact=True)
    # One road to publication: the host checks the draft first.
    ui.press("Send to the council for a factual-accuracy check")
    expect(page.get_by_text("The draft is with the council for a factual-accuracy check.")).to_be_visible()
    ui.follow("Publish the report")
    expect(page.get_by_role("heading", name="Publish the report?")).to_be_visible()
    # The council's check has only just begun: publishing now takes a reason, kept with it.
    expect(page.get_by_text("factual-accuracy check is open until", exact=False)).to_be_visible()
    ui.fill("Why publish before the council's check is over?", "The council asked for it at once.")
    ui.press("Publish the report")
    expect(page.get_by_text("The report is published as version 1.")).to_be_visible()
    expect(page.get_by_role("link", name="Version 1 (PDF)")).to_be_visible()
    ui.screenshot("report")


def _set_up_a_june_visit(ui: Driver, cast) -> Review:
    """Signs in and sets up a review whose visit is in June: its self-assessment date is behind
    it already, and the home page says so."""
    page = ui.page
    sign_in(ui, cast.review_manager)
    review = set_up_review(
        ui,
        "Kilbrannan Council",
        first_day="2",
        last_day="3",
        month="6",
        year="2026",
        venue="Kilbrannan House",
    )
    ui.follow("Reviews", exact=True)
    overdue = page.locator(".govuk-task-list__item", has_text="Self-assessment due: the date has passed")
    expect(overdue.filter(has_text="Kilbrannan Council")).to_contain_text("Overdue")
    return review


def review_manager(ui: Driver, cast, folder: Path) -> None:
    """Sets up a review, invites the team and the host, moves the stages, builds the timetable,
    publishes the report and reads the national overview."""
    page = ui.page
    review = _set_up_a_june_visit(ui, cast)
    ui.follow("Kilbrannan Council", exact=False)
    answer_all(review, _invite_the_team_and_host(ui, cast))
    ui.follow("Kilbrannan Council", exact=False)
    _move_to(ui, "Stage 2: Evidence Review")
    # The visit cannot start without its lines of enquiry and timetable: the page says so.
    expect(page.get_by_text("The team has not yet set any key lines of enquiry.").first).to_be_visible()
    ui.screenshot("review-page")
    _enquiry_and_stakeholder(ui)
    _timetable(ui, cast)
    ui.follow("Kilbrannan Council", exact=False)
    _move_to(ui, "Stage 3: On-Site Review")
    _move_to(ui, "Stage 4: Presentation of key findings")
    an_improvement(review, cast.lead_peer)  # the team's findings
    ui.follow("Kilbrannan Council", exact=False)
    _move_to(ui, "Stage 5: Review Report")
    _publish(ui)
    ui.follow("Kilbrannan Council", exact=False)
    _move_to(ui, "Stage 6: Follow-up support")
    assert Review.objects.get(pk=review.pk).stage == Stage.FOLLOW_UP
    ui.follow("National overview")
    expect(page.get_by_role("heading", name="National overview")).to_be_visible()
    improvements = page.get_by_role("table", name="Suggested improvements by delivery area")
    expect(improvements).to_contain_text("Capabilities")
    ui.screenshot("national-overview")
