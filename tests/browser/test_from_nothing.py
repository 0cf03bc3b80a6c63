"""A new council's review, run by new people from their invitation e-mails, on production
settings, through to the published report and a first progress update (issue 14).

Only the review manager's account exists beforehand. Everyone else is invited by the service,
opens the link in their own e-mail, chooses a password, sets up an authenticator app where their
role needs one (the test reads the key off the page, as a person's app would), and does their
part. No demo data, no ``force_login``. ``.ci/run`` runs it on SQLite and on PostgreSQL.
"""

import re
from base64 import b32decode
from pathlib import Path

from django.core import mail
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from assessments.models import Action, Finding, Review, ReviewPerson
from peerreview.accounts.models import Organisation, User
from peerreview.inbox.models import Notification
from tests.browser import journeys
from tests.browser.drivers import Mouse
from tests.factories import TEST_PASSWORD, UserFactory
from tests.two_factor import app_for

PASSWORD = "a long passphrase of my own"
PEOPLE = [  # role label on the people page, e-mail, name, job title, organisation (None: the host)
    (
        "Lead peer",
        "lead@strathkeld.example.org",
        "Alasdair Reid",
        "Community Safety Manager",
        "Strathkeld Council",
    ),
    ("Peer", "peer@glenbrae.example.org", "Niamh Kerr", "Safer Communities Officer", "Glenbrae Council"),
    ("SPOC", "spoc@kilbrannan.example.org", "Ruth Baird", "Prevent Lead", None),
    ("Deputy SPOC", "deputy@kilbrannan.example.org", "Iain Munro", "Public Protection Officer", None),
    ("Senior officer", "director@kilbrannan.example.org", "Fiona Grant", "Director of Communities", None),
]
TEAM = {"Lead peer", "Peer"}


def _the_invitation_link(email: str) -> str:
    message = next(m for m in reversed(mail.outbox) if email in m.to and "/accounts/invitation/" in m.body)
    return re.search(r"https?://[^/\s]+(/accounts/invitation/\S+/)", message.body).group(1)


def _accept(ui, email: str, *, team: bool) -> None:
    """Opens the invitation, chooses a password, and (for the team) sets up an app."""
    page = ui.page
    page.goto(ui.base + _the_invitation_link(email))
    ui.arrived()
    ui.screenshot("invitation-set-password")
    ui.fill("New password", PASSWORD, exact=True)
    ui.fill("Confirm new password", PASSWORD, exact=True)
    ui.press("Set password")
    if team:
        expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
        key = page.locator("#secret-key").inner_text().replace(" ", "")
        ui.fill("Code from your authenticator app", f"{TOTP(b32decode(key)).token():06d}")
        ui.press("Continue")
    expect(page.get_by_role("heading", name="Your reviews")).to_be_visible()
    expect(page.get_by_role("link", name="Kilbrannan Council")).to_be_visible()
    journeys.sign_out(ui)


def _sign_in(ui, email: str) -> None:
    journeys.sign_in(ui, User.objects.get(email=email), password=PASSWORD)


def _said(ui, text: str) -> None:
    """A message the person reads: shown, and once (issue 28: each message asserted once)."""
    expect(ui.page.get_by_text(text, exact=False)).to_have_count(1)


def _notified(ui, subject: str) -> None:
    """A notification among the person's, once."""
    ui.follow("Notifications", exact=False)
    expect(ui.page.get_by_role("link", name=subject, exact=True)).to_have_count(1)
    ui.follow("Reviews", exact=True)


def _needs(ui, text: str) -> None:
    """What the home page's "what needs you" lists for the person signed in."""
    ui.follow("Reviews", exact=True)
    expect(ui.page.get_by_role("region", name="What needs you")).to_contain_text(text)


def _add_people(ui, review) -> None:
    page = ui.page
    # The council is not invited before the review has its team: refused, in words.
    ui.tick("SPOC", exact=True)
    ui.fill("E-mail address", "spoc@kilbrannan.example.org")
    ui.press("Continue")
    ui.fill("Full name", "Ruth Baird")
    ui.fill("Job title", "Prevent Lead")
    ui.press("Add person")
    _said(ui, "The review's team has no lead peer. Add them before inviting the council.")
    assert not User.objects.filter(email="spoc@kilbrannan.example.org").exists()
    ui.follow("People")
    for role, email, name, title, organisation in PEOPLE:
        ui.tick(role, exact=True)
        ui.fill("E-mail address", email)
        ui.press("Continue")
        if role == "Peer":
            ui.screenshot("person-add-details")
        ui.fill("Full name", name)
        ui.fill("Job title", title)
        if organisation is not None:  # asked of the team only: contacts belong to the council
            ui.fill("Organisation", organisation)
        ui.press("Add person")
        expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{name} is now")


def _plan_the_visit(ui, manager) -> None:
    """Stage 2: the lead peer sets a line of enquiry; the manager schedules an interview."""
    _sign_in(ui, "lead@strathkeld.example.org")
    ui.follow("Kilbrannan Council", exact=False)
    ui.follow("Lines of enquiry")
    ui.fill("Line of enquiry", "How is the Prevent training plan agreed?")
    ui.tick("4. ")
    ui.press("Add line of enquiry")
    expect(ui.page.get_by_text("How is the Prevent training plan agreed?").first).to_be_visible()
    journeys.sign_out(ui)
    journeys.sign_in(ui, manager, password=TEST_PASSWORD)
    ui.follow("Kilbrannan Council", exact=False)
    ui.follow("Interviews")
    ui.follow("Stakeholders")
    ui.fill("Job title", "Education Manager")
    ui.tick("Kilbrannan Council", exact=True)
    ui.press("Save stakeholder")
    ui.follow("Interviews")
    ui.follow("Add an interview")
    ui.tick("Tuesday 2 June 2026", exact=True)
    ui.fill("Start time", "09:30")
    ui.fill("End time", "10:30")
    ui.fill("Room or remote link", "Committee Room 2")
    ui.tick("Education Manager, Kilbrannan Council")
    ui.tick("Alasdair Reid")
    ui.press("Save interview")
    _said(ui, "The interview is saved.")
    journeys.sign_out(ui)


def _set_up(ui, manager) -> Review:
    # The review manager sets the review up and invites everyone, the team first.
    journeys.sign_in(ui, manager, password=TEST_PASSWORD)
    review = journeys.set_up_review(
        ui, "Kilbrannan Council", first_day="2", last_day="3", month="6", year="2026"
    )
    # The manager who set it up is on its team from the start (issue 28).
    assert ReviewPerson.objects.filter(review=review, role="review_manager", user=manager).exists()
    _needs(ui, "Build the team: add a lead peer")
    ui.follow("Kilbrannan Council", exact=False)
    ui.follow("People")
    _add_people(ui, review)
    assert ReviewPerson.objects.filter(review=review).count() == len(PEOPLE) + 1
    journeys.sign_out(ui)

    # Each of them accepts their own invitation.
    for role, email, *_ in PEOPLE:
        _accept(ui, email, team=role in TEAM)
    assert set(TOTPDevice.objects.filter(confirmed=True).values_list("user__email", flat=True)) == {
        manager.email,
        "lead@strathkeld.example.org",
        "peer@glenbrae.example.org",
    }
    return review


def _self_assessment(ui, review, manager) -> None:
    # The SPOC answers the fourteen aspects, in the list's order, and submits.
    _sign_in(ui, "spoc@kilbrannan.example.org")
    _needs(ui, "Finish the self-assessment (14 aspects left) and submit it")
    ui.follow("Kilbrannan Council", exact=False)
    ui.follow("Self-assessment")
    ui.follow("Aspect 1")
    for number in journeys.aspects_in_list_order(review):
        expect(ui.page.get_by_text(f"Aspect {number} of 14")).to_be_visible()
        ui.tick("Developing", exact=True)
        ui.fill("Describe how the council meets this aspect", f"Kilbrannan's work on aspect {number}.")
        ui.press("Save and continue")
    ui.press("Submit the self-assessment")
    _said(ui, "The self-assessment is submitted.")
    journeys.sign_out(ui)


def _to_the_visit(ui, review, manager) -> None:
    # The manager hears of it, moves to stage 2, and is told what the visit needs first.
    journeys.sign_in(ui, manager, password=TEST_PASSWORD)
    _notified(ui, "Self-assessment submitted: Kilbrannan Council")
    ui.follow("Kilbrannan Council", exact=False)
    ui.press("Move to Stage 2: Evidence Review")
    _said(ui, "The review is now at Stage 2: Evidence Review.")
    _said(ui, "The team has not yet set any key lines of enquiry.")
    journeys.sign_out(ui)
    _plan_the_visit(ui, manager)
    _manager_moves(ui, manager, ["Stage 3: On-Site Review", "Stage 4: Presentation of key findings"])


def _a_finding(ui, review, manager) -> None:
    # The lead peer records a finding.
    _sign_in(ui, "lead@strathkeld.example.org")
    ui.follow("Kilbrannan Council", exact=False)
    ui.follow("Findings")
    ui.tick("Capabilities", exact=True)
    ui.tick("Suggested area of improvement", exact=True)
    ui.fill("Finding", "Agree a Prevent training plan for front-line staff.")
    ui.press("Save finding")
    _said(ui, "The finding is added.")
    journeys.sign_out(ui)


def _the_report(ui, review, manager) -> None:
    # The manager sends the draft for the council's check; publishing waits for it.
    _manager_moves(ui, manager, ["Stage 5: Review Report"], sign_out=False)
    ui.follow("Report", exact=True)
    ui.press("Send to the council for a factual-accuracy check")
    _said(ui, "The draft is with the council for a factual-accuracy check.")
    ui.follow("Publish the report")
    _said(ui, "and the council has not said it has finished checking.")
    ui.follow("Cancel")
    journeys.sign_out(ui)

    # The SPOC reads the draft and says the council has finished checking.
    _sign_in(ui, "spoc@kilbrannan.example.org")
    _needs(ui, "Check the draft report and send any comments")
    ui.follow("Kilbrannan Council", exact=False)
    ui.follow("Report", exact=True)
    ui.press("We have finished checking")
    _said(ui, "The review team is told the council has finished checking the draft.")
    journeys.sign_out(ui)

    # Now the manager publishes without a reason, and moves to follow-up.
    journeys.sign_in(ui, manager, password=TEST_PASSWORD)
    _notified(ui, "The council has finished checking the draft report: Kilbrannan Council")
    ui.follow("Kilbrannan Council", exact=False)
    ui.follow("Report", exact=True)
    ui.follow("Publish the report")
    expect(ui.page.get_by_text("Why publish before the council's check is over?")).to_have_count(0)
    ui.press("Publish the report")
    _said(ui, "The report is published as version 1.")
    ui.follow("Kilbrannan Council", exact=False)
    ui.press("Move to Stage 6: Follow-up support")
    _said(ui, "The review is now at Stage 6: Follow-up support.")
    journeys.sign_out(ui)


def _follow_up(ui, review, manager) -> None:
    # The council's work in follow-up is listed for it: actions to plan, feedback to give.
    _sign_in(ui, "deputy@kilbrannan.example.org")
    _needs(ui, "Add actions to the plan for 1 suggested improvement")
    ui.follow("Kilbrannan Council", exact=False)
    what = "Train every front-line team by March."
    journeys.plan_an_action(ui, what=what, owner="Public Protection Manager", due=("31", "3", "2027"))
    journeys.record_progress(ui, action=what, text="Two teams trained.")
    action = Action.objects.get(finding__review=review)
    assert action.finding == Finding.objects.get(review=review)
    assert [u.text for u in action.updates.all()] == ["Two teams trained."]
    journeys.sign_out(ui)

    _sign_in(ui, "director@kilbrannan.example.org")
    _needs(ui, "Tell the Scottish Government how the review went")
    ui.follow("Kilbrannan Council", exact=False)
    expect(ui.page.get_by_role("navigation").get_by_role("link", name="Feedback")).to_be_visible()
    ui.follow("Report", exact=True)
    report = ui.download("Version 1 (PDF)")
    assert Path(report.path()).read_bytes() == bytes(review.report.versions.get().pdf)
    journeys.sign_out(ui)


def _close(ui, review, manager) -> None:
    # The manager closes the review before its progress review: that takes a reason.
    journeys.sign_in(ui, manager, password=TEST_PASSWORD)
    ui.follow("Kilbrannan Council", exact=False)
    ui.follow("Close the review")
    _said(ui, "The progress review is planned for")
    ui.press("Close the review")
    # A GOV.UK error: once in the summary, once by the field.
    expect(ui.page.locator(".govuk-error-summary")).to_contain_text("Enter why the review is closing now")
    expect(ui.page.locator("#reason-error")).to_contain_text("Enter why the review is closing now")
    ui.fill("Why close the review now?", "The council reports its progress to the programme board.")
    ui.press("Close the review")
    _said(ui, "The review is closed.")
    assert Review.objects.get(pk=review.pk).closed_at is not None


def test_a_new_councils_review_from_invitation_e_mails(live_server, page, tmp_path):
    government = Organisation.objects.create(name="Scottish Government", kind=Organisation.Kind.GOVERNMENT)
    manager = UserFactory(email="manager@gov.example.org", is_review_manager=True, organisation=government)
    app_for(manager)
    ui = Mouse(page, base=live_server.url)
    review = _set_up(ui, manager)
    for step in (_self_assessment, _to_the_visit, _a_finding, _the_report, _follow_up, _close):
        step(ui, review, manager)

    # Nobody was e-mailed the same thing twice, nor told of one event twice in the service.
    sent = [(message.to[0], message.subject, message.body) for message in mail.outbox]
    assert len(sent) == len(set(sent)), "someone was e-mailed the same thing twice"
    told = list(Notification.objects.values_list("user", "subject", "body"))
    assert len(told) == len(set(told)), "someone was told the same thing twice"


def _manager_moves(ui, manager, stages: list[str], *, sign_out: bool = True) -> None:
    journeys.sign_in(ui, manager, password=TEST_PASSWORD)
    ui.follow("Kilbrannan Council", exact=False)
    for stage in stages:
        ui.press(f"Move to {stage}")
        expect(ui.page.get_by_text(f"The review is now at {stage}.")).to_be_visible()
    if sign_out:
        journeys.sign_out(ui)
