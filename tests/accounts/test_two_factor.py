"""Two-factor authentication: required for review managers and teams, optional for hosts."""

import re
import time
from base64 import b32decode

import pytest
import time_machine
from django.core import mail
from django.core.checks.registry import registry
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.models import ReviewPerson
from peerreview.accounts.checks import two_factor_required
from peerreview.accounts.enrolment import LINK_MINUTES
from peerreview.accounts.services import TOO_MANY_CODES, WRONG_CODE, invitation_send, user_get_or_invite
from peerreview.audit.models import AuditEvent
from tests.factories import TEST_PASSWORD
from tests.two_factor import app_for, code_now, force_login, prove_email, sign_in_with_password

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")
REMOVE = reverse("accounts:two_factor_remove")


def _password_only(client, user):
    """Signs in with the password through the sign-in form, as a person does."""
    assert sign_in_with_password(client, user.email, TEST_PASSWORD)
    return client


def _review_url(cast) -> str:
    return reverse("review_detail", args=[cast.review.reference])


def _code_from_page(html: str) -> str:
    """What the user's app would show after they typed in the key the page gives."""
    key = "".join(re.search(r'id="secret-key">(.*?)</p>', html).group(1).split("</span>")).replace(
        "<span>", ""
    )
    return f"{TOTP(b32decode(key.replace(' ', ''))).token():06d}"


@pytest.mark.parametrize("who", ["review_manager", "lead_peer", "peer"])
def test_team_members_without_an_app_are_sent_to_set_one_up(cast, client, who):
    response = _password_only(client, getattr(cast, who)).get(_review_url(cast))
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next={_review_url(cast).replace('/', '%2F')}"


def test_setting_up_an_app_shows_a_qr_code_and_key_and_needs_a_right_code(cast, client):
    _password_only(client, cast.lead_peer)
    prove_email(client)
    page = client.get(f"{SETUP}?next={_review_url(cast)}")
    assert "<svg" in page.text
    assert "QR code for your app" in page.text
    response = client.post(f"{SETUP}?next={_review_url(cast)}", {"code": "12345"})
    assert "Enter the code as 6 digits, like 123456" in response.text
    assert 'class="govuk-error-summary' in response.text
    wrong = f"{(int(_code_from_page(page.text)) + 1) % 1_000_000:06d}"
    response = client.post(f"{SETUP}?next={_review_url(cast)}", {"code": wrong})
    assert WRONG_CODE in response.text
    assert not TOTPDevice.objects.filter(user=cast.lead_peer, confirmed=True).exists()

    with time_machine.travel(time.time() + 2, tick=True):  # past the pause a wrong guess earns
        response = client.post(f"{SETUP}?next={_review_url(cast)}", {"code": _code_from_page(page.text)})
    assert response["Location"] == _review_url(cast)
    assert TOTPDevice.objects.get(user=cast.lead_peer).confirmed
    assert client.get(_review_url(cast)).status_code == 200
    summaries = list(AuditEvent.objects.filter(kind="two_factor").values_list("summary", flat=True))
    assert "Authenticator app set up" in summaries
    assert "Setting up an app: wrong code" in summaries


def test_a_new_app_replaces_the_old_one(cast, client):
    old = app_for(cast.peer)
    force_login(client, cast.peer)
    page = client.get(SETUP)
    client.post(SETUP, {"code": _code_from_page(page.text)})
    assert list(TOTPDevice.objects.filter(user=cast.peer)) != [old]
    assert TOTPDevice.objects.filter(user=cast.peer, confirmed=True).count() == 1


def test_a_password_alone_cannot_replace_an_app(cast, client):
    app_for(cast.peer)
    response = _password_only(client, cast.peer).get(SETUP)
    assert response["Location"].startswith(VERIFY)


def test_a_user_with_an_app_gives_a_code_at_sign_in(cast, client):
    device = app_for(cast.peer)
    response = _password_only(client, cast.peer).get(_review_url(cast))
    assert response["Location"].startswith(VERIFY)
    response = client.post(response["Location"], {"code": f"{(int(code_now(device)) + 1) % 1_000_000:06d}"})
    assert WRONG_CODE in response.text
    with time_machine.travel(time.time() + 2, tick=True):
        response = client.post(f"{VERIFY}?next={_review_url(cast)}", {"code": code_now(device)})
        assert response["Location"] == _review_url(cast)
        assert client.get(_review_url(cast)).status_code == 200


def test_a_code_works_once(cast, client):
    device = app_for(cast.peer)
    code = code_now(device)
    _password_only(client, cast.peer).post(VERIFY, {"code": code})
    client.logout()
    response = _password_only(client, cast.peer).post(VERIFY, {"code": code})
    assert WRONG_CODE in response.text


def test_repeated_wrong_codes_slow_the_next_tries(cast, client):
    device = app_for(cast.peer)
    _password_only(client, cast.peer)
    start = time.time()
    with time_machine.travel(start, tick=False):
        for _ in range(3):
            client.post(VERIFY, {"code": "000000" if code_now(device) != "000000" else "111111"})
        response = client.post(VERIFY, {"code": code_now(device)})
        assert TOO_MANY_CODES in response.text
    with time_machine.travel(start + 5, tick=False):  # the pause after 3 wrong codes is 4 s
        response = client.post(f"{VERIFY}?next=/", {"code": code_now(device)})
        assert response["Location"] == "/"


def test_a_next_address_elsewhere_is_ignored(cast, client):
    device = app_for(cast.peer)
    response = _password_only(client, cast.peer).post(
        f"{VERIFY}?next=https://evil.example/", {"code": code_now(device)}
    )
    assert response["Location"] == reverse("dashboard")


def test_before_the_second_step_only_signing_out_and_statements_are_open(cast, client):
    _password_only(client, cast.review_manager)
    assert client.get(reverse("accessibility")).status_code == 200
    assert client.get(reverse("accounts:password_change")).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 302
    assert client.post(reverse("accounts:logout"))["Location"] == reverse("accounts:login")


def test_host_users_need_no_app_but_may_choose_one_and_turn_it_off(cast, client):
    _password_only(client, cast.spoc)
    assert client.get(_review_url(cast)).status_code == 200
    prove_email(client)
    page = client.get(SETUP)
    client.post(SETUP, {"code": _code_from_page(page.text)})
    client.logout()
    response = _password_only(client, cast.spoc).get(_review_url(cast))
    assert response["Location"].startswith(VERIFY), "once chosen, the app is asked for"
    force_login(client, cast.spoc)
    response = client.post(REMOVE)
    assert response["Location"] == reverse("accounts:two_factor")
    assert not TOTPDevice.objects.filter(user=cast.spoc).exists()


def test_the_team_may_not_turn_it_off(cast, client):
    force_login(client, cast.lead_peer)
    assert client.post(REMOVE).status_code == 403
    assert TOTPDevice.objects.filter(user=cast.lead_peer).exists()


def test_the_status_page_says_what_is_set_up(cast, client):
    force_login(client, cast.senior)
    page = client.get(reverse("accounts:two_factor")).text
    assert "You sign in with your password alone" in page
    assert "Add a passkey" in page
    assert "Set up an authenticator app" in page
    force_login(client, cast.lead_peer)
    page = client.get(reverse("accounts:two_factor")).text
    assert "Your ways to confirm a sign-in" in page
    assert "Test app" in page
    assert "Set up a different authenticator app" in page
    assert "Turn off" not in page


@pytest.mark.parametrize(("required", "ids"), [(True, []), (False, ["accounts.W001"])])
def test_the_deployment_check_warns_when_the_requirement_is_off(settings, required, ids):
    settings.TWO_FACTOR_REQUIRED = required
    assert two_factor_required in registry.get_checks(include_deployment_checks=True)
    assert [warning.id for warning in two_factor_required(None)] == ids


def test_a_password_alone_cannot_enrol_a_first_app(cast, client):
    """Issue 13, defect 10: whoever has only the password of a new team member's account
    cannot set up their own app on it."""
    _password_only(client, cast.lead_peer)
    assert client.get(_review_url(cast))["Location"].startswith(SETUP)
    assert client.get(SETUP)["Location"] == reverse("accounts:two_factor_email")
    assert client.post(SETUP, {"code": "123456"})["Location"] == reverse("accounts:two_factor_email")
    assert not TOTPDevice.objects.filter(user=cast.lead_peer).exists()
    assert mail.outbox == []  # nothing is sent until the person asks


def test_the_set_up_link_works_once_in_the_session_that_asked_within_its_time(cast, client):
    _password_only(client, cast.lead_peer)
    client.post(reverse("accounts:two_factor_email"))
    assert mail.outbox[-1].to == [cast.lead_peer.email]
    link = re.search(r"https?://[^/]+(/accounts/two-factor/set-up/link/\S+/)", mail.outbox[-1].body).group(1)
    # Another session (another browser, or whoever holds the password) cannot use it.
    other = Client()
    _password_only(other, cast.lead_peer)
    assert other.get(link).status_code == 400
    assert other.get(SETUP)["Location"] == reverse("accounts:two_factor_email")
    # Too late: the link lasts LINK_MINUTES (the session is kept alive meanwhile).
    with time_machine.travel(time.time() + LINK_MINUTES * 30, tick=False):
        assert client.get(reverse("accounts:two_factor_email")).status_code == 200
    with time_machine.travel(time.time() + LINK_MINUTES * 60 + 5, tick=False):
        assert client.get(link).status_code == 400
    client.post(reverse("accounts:two_factor_email"))
    fresh = re.search(r"https?://[^/]+(/accounts/two-factor/set-up/link/\S+/)", mail.outbox[-1].body).group(1)
    assert client.get(fresh)["Location"] == SETUP
    assert client.get(fresh).status_code == 400, "used once already"
    assert "<svg" in client.get(SETUP).text
    summaries = set(AuditEvent.objects.filter(kind="two_factor").values_list("summary", flat=True))
    assert {"Set-up link e-mailed", "Set-up link used", "Set-up link refused"} <= summaries


def test_an_invitation_link_is_the_proof_for_a_first_app(cast, client):
    user, _ = user_get_or_invite(email="new.peer@strathkeld.example.org", full_name="New Peer")
    ReviewPerson.objects.create(
        review=cast.review, user=user, role="peer", name="New Peer", job_title="Officer"
    )
    invitation_send(user=user, reason="Peer for the Ardlarich Council review")
    link = re.search(r"https?://[^/]+(/accounts/invitation/\S+/)", mail.outbox[-1].body).group(1)
    page = client.get(link, follow=True)
    password = "a long and private passphrase"
    client.post(page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})
    assert client.get(_review_url(cast))["Location"].startswith(SETUP)
    assert "<svg" in client.get(SETUP).text


def test_a_new_team_role_asks_for_an_app_on_the_next_request(cast, client):
    """Issue 13, defect 10: no grace window for a password-only session."""
    _password_only(client, cast.spoc)
    assert client.get(_review_url(cast)).status_code == 200
    ReviewPerson.objects.create(
        review=cast.other_review, user=cast.spoc, role="peer", name="S", job_title="Officer"
    )
    assert client.get(_review_url(cast))["Location"].startswith(SETUP)
