"""Signing in as issue 33 asks: a passkey added, then the whole sign-in on its own, then a
recovery code for someone without their app. The passkey lives in Chromium's own virtual
authenticator (DevTools' WebAuthn domain), which answers as a platform authenticator with the
person's fingerprint already given."""

import re

from playwright.sync_api import expect

from peerreview.accounts.models import User
from peerreview.audit.models import AuditEvent
from tests.browser.drivers import Driver
from tests.browser.journeys import sign_in, sign_out
from tests.factories import TEST_PASSWORD
from tests.two_factor import app_for


def add_virtual_authenticator(ui: Driver) -> None:
    session = ui.page.context.new_cdp_session(ui.page)
    session.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }
    session.send("WebAuthn.addVirtualAuthenticator", {"options": options})


def _recovery_codes(ui: Driver) -> list[str]:
    ui.follow("Two-factor authentication")
    ui.follow("See or make your recovery codes")
    ui.fill("Your password", TEST_PASSWORD)
    ui.press("Make new recovery codes")
    expect(ui.page.get_by_role("heading", name="Your new recovery codes")).to_be_visible()
    return re.findall(r"[a-z0-9]{5}-[a-z0-9]{5}", ui.page.locator("main").inner_text())


def _add_passkey(ui: Driver) -> None:
    ui.follow("Two-factor authentication")
    ui.follow("Add a passkey")
    expect(ui.page.get_by_role("heading", name="Add a passkey")).to_be_visible()
    ui.press("Add a passkey")
    expect(ui.page.get_by_text("Passkey 1 is added")).to_be_visible()
    ui.arrived()
    row = ui.page.get_by_role("row", name=re.compile("Passkey 1"))
    expect(row).to_contain_text("Not yet")  # added, not yet used to sign in


def _summaries(user: User) -> list[str]:
    return list(AuditEvent.objects.filter(user=user).order_by("pk").values_list("summary", flat=True))


def passkey_then_recovery_code(ui: Driver, user: User) -> None:
    """``user`` (with an authenticator app) adds a passkey, signs in with it alone, then signs in
    with a password and a recovery code; each step is in the audit log."""
    add_virtual_authenticator(ui)
    app_for(user)
    sign_in(ui, user)
    codes = _recovery_codes(ui)
    assert len(codes) == 10
    _add_passkey(ui)
    sign_out(ui)

    ui.press("Sign in with a passkey")
    expect(ui.page.get_by_role("heading", name="Your reviews")).to_be_visible()
    ui.arrived()
    ui.follow("Two-factor authentication")
    expect(ui.page.get_by_role("row", name=re.compile("Passkey 1"))).not_to_contain_text("Not yet")
    ui.follow("Remove Passkey 1")
    expect(ui.page.get_by_role("heading", name="Remove Passkey 1")).to_be_visible()
    ui.follow("Keep it and go back")
    sign_out(ui)

    ui.fill("E-mail address", user.email)
    ui.fill("Password", TEST_PASSWORD)
    ui.press("Sign in")
    expect(ui.page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    ui.reveal("I no longer have my app")
    ui.follow("Use a recovery code instead")
    ui.fill("Recovery code", codes[0])
    ui.press("Continue")
    expect(ui.page.get_by_role("heading", name="Your reviews")).to_be_visible()
    expect(ui.page.get_by_text("You signed in with a recovery code: 9 left")).to_be_visible()

    summaries = _summaries(user)
    steps = [
        "Passkey added (Passkey 1)",
        "Signed in with a passkey (Passkey 1)",
        "Signed in with a recovery code",
    ]
    found = [next(i for i, summary in enumerate(summaries) if summary.startswith(step)) for step in steps]
    assert found == sorted(found), f"the audit log has each step, in order: {summaries}"
