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


def test_a_new_councils_review_from_invitation_e_mails(live_server, page, tmp_path):
    government = Organisation.objects.create(name="Scottish Government", kind=Organisation.Kind.GOVERNMENT)
    manager = UserFactory(email="manager@gov.example.org", is_review_manager=True, organisation=government)
    app_for(manager)
    ui = Mouse(page, base=live_server.url, shots=tmp_path)

    # The review manager sets the review up and invites everyone.
    journeys.sign_in(ui, manager, password=TEST_PASSWORD)
    review = journeys.set_up_review(
        ui, "Kilbrannan Council", first_day="2", last_day="3", month="6", year="2026"
    )
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
    # Those added, and the manager who set the review up, on its team from the start (issue 28).
    assert ReviewPerson.objects.filter(review=review).count() == len(PEOPLE) + 1
    assert ReviewPerson.objects.filter(review=review, role="review_manager", user=manager).exists()
    journeys.sign_out(ui)

    # Each of them accepts their own invitation.
    for role, email, *_ in PEOPLE:
        _accept(ui, email, team=role in TEAM)
    assert set(TOTPDevice.objects.filter(confirmed=True).values_list("user__email", flat=True)) == {
        manager.email,
        "lead@strathkeld.example.org",
        "peer@glenbrae.example.org",
    }

    # The SPOC answers the fourteen aspects and submits.
    _sign_in(ui, "spoc@kilbrannan.example.org")
    ui.follow("Kilbrannan Council", exact=False)
    ui.follow("Self-assessment")
    ui.follow("Aspect 1")
    review = Review.objects.get(host__name="Kilbrannan Council")
    for number in journeys.aspects_in_list_order(review):
        expect(page.get_by_text(f"Aspect {number} of 14")).to_be_visible()
        ui.tick("Developing", exact=True)
        ui.fill("Describe how the council meets this aspect", f"Kilbrannan's work on aspect {number}.")
        ui.press("Save and continue")
    ui.press("Submit the self-assessment")
    expect(page.get_by_text("The self-assessment is submitted.")).to_be_visible()
    journeys.sign_out(ui)

    # The manager moves the review on; the lead peer records a finding.
    _manager_moves(
        ui,
        manager,
        ["Stage 2: Evidence Review", "Stage 3: On-Site Review", "Stage 4: Presentation of key findings"],
    )
    _sign_in(ui, "lead@strathkeld.example.org")
    ui.follow("Kilbrannan Council", exact=False)
    ui.follow("Findings")
    ui.tick("Capabilities", exact=True)
    ui.tick("Suggested area of improvement", exact=True)
    ui.fill("Finding", "Agree a Prevent training plan for front-line staff.")
    ui.press("Save finding")
    expect(page.get_by_text("The finding is added.")).to_be_visible()
    journeys.sign_out(ui)

    # The manager sends the draft for checking and publishes it, then moves to follow-up.
    _manager_moves(ui, manager, ["Stage 5: Review Report"], sign_out=False)
    ui.follow("Report", exact=True)
    ui.press("Send to the host for a factual-accuracy check")
    ui.follow("Publish the report")
    ui.fill("Why publish before the council's check is over?", "The council has agreed the draft by phone.")
    ui.press("Publish the report")
    expect(page.get_by_text("The report is published as version 1.")).to_be_visible()
    ui.follow("Kilbrannan Council", exact=False)
    ui.press("Move to Stage 6: Follow-up support")
    expect(page.get_by_text("The review is now at Stage 6: Follow-up support.")).to_be_visible()
    journeys.sign_out(ui)

    # The deputy SPOC plans an action and records the first progress.
    _sign_in(ui, "deputy@kilbrannan.example.org")
    ui.follow("Kilbrannan Council", exact=False)
    what = "Train every front-line team by March."
    journeys.plan_an_action(ui, what=what, owner="Public Protection Manager", due=("31", "3", "2027"))
    journeys.record_progress(ui, action=what, text="Two teams trained.")
    action = Action.objects.get(finding__review=review)
    assert action.finding == Finding.objects.get(review=review)
    assert [u.text for u in action.updates.all()] == ["Two teams trained."]
    journeys.sign_out(ui)

    # The senior officer downloads the published report.
    _sign_in(ui, "director@kilbrannan.example.org")
    ui.follow("Kilbrannan Council", exact=False)
    ui.follow("Report", exact=True)
    report = ui.download("Version 1 (PDF)")
    assert Path(report.path()).read_bytes() == bytes(review.report.versions.get().pdf)


def _manager_moves(ui, manager, stages: list[str], *, sign_out: bool = True) -> None:
    journeys.sign_in(ui, manager, password=TEST_PASSWORD)
    ui.follow("Kilbrannan Council", exact=False)
    for stage in stages:
        ui.press(f"Move to {stage}")
        expect(ui.page.get_by_text(f"The review is now at {stage}.")).to_be_visible()
    if sign_out:
        journeys.sign_out(ui)
