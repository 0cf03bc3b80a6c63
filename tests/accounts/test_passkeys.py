"""Passkeys (issue 33): added after a way to confirm sign-in (or, a first one, the e-mailed link),
a second factor and the whole sign-in, listed with when each was last used and removed after the
password again. The ceremonies run against a software authenticator (tests/webauthn_authenticator)
that signs as a real one does."""

import json

import pytest
from django.core import mail
from django.core.checks.registry import registry
from django.test import Client
from django.urls import reverse
from django_otp_webauthn.models import WebAuthnCredential

from peerreview.accounts.checks import passkeys_possible
from peerreview.accounts.passkeys import site_origin
from peerreview.accounts.services import LAST_WAY, WRONG_PASSWORD
from peerreview.audit.models import AuditEvent
from tests.factories import TEST_PASSWORD
from tests.two_factor import app_for, force_login, prove_email, sign_in_with_password
from tests.webauthn_authenticator import SoftPasskey

BEGIN_REGISTRATION = reverse("otp_webauthn:credential-registration-begin")
COMPLETE_REGISTRATION = reverse("otp_webauthn:credential-registration-complete")
BEGIN_SIGN_IN = reverse("otp_webauthn:credential-authentication-begin")
COMPLETE_SIGN_IN = reverse("otp_webauthn:credential-authentication-complete")
VERIFY = reverse("accounts:two_factor_verify")
TWO_FACTOR = reverse("accounts:two_factor")


def _post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def _register(client, passkey: SoftPasskey):
    options = _post(client, BEGIN_REGISTRATION).json()
    return _post(client, COMPLETE_REGISTRATION, passkey.create(options))


def _sign_in(client, passkey: SoftPasskey):
    options = _post(client, BEGIN_SIGN_IN).json()
    return _post(client, COMPLETE_SIGN_IN, passkey.get(options))


def _passkey_for(user) -> SoftPasskey:
    app_for(user)
    passkey = SoftPasskey(site_origin())
    assert _register(force_login(Client(), user), passkey).status_code == 200
    return passkey


def _audit(user, kind) -> list[str]:
    return list(AuditEvent.objects.filter(user=user, kind=kind).values_list("summary", flat=True))


def test_someone_who_confirmed_their_sign_in_adds_a_passkey_and_is_told(cast):
    app_for(cast.lead_peer)
    client = force_login(Client(), cast.lead_peer)
    mail.outbox.clear()
    response = _register(client, SoftPasskey(site_origin()))
    assert response.status_code == 200
    device = WebAuthnCredential.objects.get(user=cast.lead_peer)
    assert (device.pk, device.name, device.confirmed) == (response.json()["id"], "Passkey 1", True)
    assert "Passkey added (Passkey 1)" in _audit(cast.lead_peer, "two_factor")
    (told,) = mail.outbox
    assert told.to == [cast.lead_peer.email]
    assert told.subject == "A passkey was added to your account"
    page = client.get(TWO_FACTOR).text
    assert "Passkey 1 is added" in page
    assert "Test app" in page
    assert "Not yet" in page


def test_a_password_alone_adds_no_first_passkey_until_the_email_link_proves_the_address(cast):
    client = Client()
    assert sign_in_with_password(client, cast.spoc.email, TEST_PASSWORD)
    refused = _post(client, BEGIN_REGISTRATION)
    assert refused.status_code == 403
    assert "Confirm your e-mail address first" in refused.json()["detail"]
    assert any("Passkey refused: user_not_verified" in s for s in _audit(cast.spoc, "login_failed"))
    assert client.get(reverse("accounts:passkey_add"))["Location"] == reverse("accounts:two_factor_email")
    prove_email(client)
    assert client.get(reverse("accounts:passkey_add")).status_code == 200
    assert _register(client, SoftPasskey(site_origin())).status_code == 200
    assert client.get(reverse("dashboard")).status_code == 200  # the new passkey passed the step


def test_someone_with_an_app_must_use_it_before_adding_a_passkey(cast):
    app_for(cast.lead_peer)
    client = Client()
    assert sign_in_with_password(client, cast.lead_peer.email, TEST_PASSWORD)
    assert _post(client, BEGIN_REGISTRATION).status_code == 403
    assert client.get(reverse("accounts:passkey_add"))["Location"].startswith(VERIFY)
    assert not WebAuthnCredential.objects.exists()


def test_a_passkey_alone_signs_in_with_the_second_step_passed(cast):
    passkey = _passkey_for(cast.lead_peer)
    client = Client()
    response = _sign_in(client, passkey)
    assert response.status_code == 200
    assert response.json()["redirect_url"] == reverse("dashboard")
    assert client.get(reverse("review_detail", args=[cast.review.reference])).status_code == 200
    assert "Signed in with a passkey (Passkey 1)" in _audit(cast.lead_peer, "login")
    assert WebAuthnCredential.objects.get().last_used_at is not None


def test_a_passkey_confirms_a_password_sign_in(cast):
    passkey = _passkey_for(cast.lead_peer)
    client = Client()
    assert sign_in_with_password(client, cast.lead_peer.email, TEST_PASSWORD)
    page = client.get(VERIFY).text
    assert "Use your passkey" in page
    assert '<h1 class="govuk-heading-l">Confirm it is you</h1>' in page
    assert client.get(reverse("dashboard"))["Location"].startswith(VERIFY)
    assert _sign_in(client, passkey).status_code == 200
    assert client.get(reverse("dashboard")).status_code == 200
    assert "Sign-in confirmed with a passkey (Passkey 1)" in _audit(cast.lead_peer, "two_factor")


def test_someone_elses_passkey_does_not_confirm_my_sign_in(cast):
    theirs = _passkey_for(cast.peer_elsewhere)
    app_for(cast.lead_peer)
    client = Client()
    assert sign_in_with_password(client, cast.lead_peer.email, TEST_PASSWORD)
    assert _sign_in(client, theirs).status_code == 403
    assert client.get(reverse("dashboard"))["Location"].startswith(VERIFY)
    assert any("credential_user_mismatch" in s for s in _audit(cast.lead_peer, "login_failed"))


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(
            lambda passkey: setattr(passkey, "origin", "https://peer-reviews.example.com"), id="origin"
        ),
        pytest.param(lambda passkey: setattr(passkey, "key", SoftPasskey("x").key), id="signature"),
    ],
)
def test_an_assertion_from_another_site_or_key_signs_no_one_in(cast, tamper):
    passkey = _passkey_for(cast.lead_peer)
    tamper(passkey)
    client = Client()
    assert _sign_in(client, passkey).status_code in {400, 422}
    assert "_auth_user_id" not in client.session


def test_a_ceremony_is_answered_once(cast):
    passkey = _passkey_for(cast.lead_peer)
    client = Client()
    options = _post(client, BEGIN_SIGN_IN).json()
    answer = passkey.get(options)
    assert _post(client, COMPLETE_SIGN_IN, answer).status_code == 200
    client.logout()
    replayed = _post(client, COMPLETE_SIGN_IN, answer)
    assert replayed.status_code == 400
    assert replayed.json()["code"] == "invalid_state"


def test_a_deactivated_account_cannot_sign_in_with_its_passkey(cast):
    passkey = _passkey_for(cast.lead_peer)
    cast.lead_peer.is_active = False
    cast.lead_peer.save()
    client = Client()
    assert _sign_in(client, passkey).status_code == 403
    assert "_auth_user_id" not in client.session


def test_a_passkey_without_an_app_is_the_only_way_the_code_page_offers(cast):
    passkey = _passkey_for(cast.lead_peer)
    cast.lead_peer.totpdevice_set.all().delete()
    client = Client()
    assert sign_in_with_password(client, cast.lead_peer.email, TEST_PASSWORD)
    page = client.get(VERIFY)
    assert page.status_code == 200
    assert "Use your passkey" in page.text
    assert 'name="code"' not in page.text
    assert client.post(VERIFY, {"code": "123456"})["Location"] == VERIFY
    assert _sign_in(client, passkey).status_code == 200


def _remove_url(kind, device) -> str:
    return reverse("accounts:sign_in_way_remove", args=[kind, device.pk])


def test_removing_a_way_takes_the_password_again_and_tells_the_person(cast):
    _passkey_for(cast.lead_peer)
    device = WebAuthnCredential.objects.get(user=cast.lead_peer)
    client = force_login(Client(), cast.lead_peer)
    assert "Remove Passkey 1" in client.get(_remove_url("passkey", device)).text
    refused = client.post(_remove_url("passkey", device), {"password": "not mine"})
    assert WRONG_PASSWORD in refused.text
    assert WebAuthnCredential.objects.filter(pk=device.pk).exists()
    mail.outbox.clear()
    done = client.post(_remove_url("passkey", device), {"password": TEST_PASSWORD})
    assert done["Location"] == TWO_FACTOR
    assert not WebAuthnCredential.objects.filter(pk=device.pk).exists()
    assert "Passkey 1 removed" in _audit(cast.lead_peer, "two_factor")
    assert [m.subject for m in mail.outbox] == ["Passkey 1 was removed from your account"]


def test_a_role_that_needs_two_factors_keeps_its_last_way(cast):
    app = app_for(cast.lead_peer)
    client = force_login(Client(), cast.lead_peer)
    page = client.get(_remove_url("app", app)).text
    assert "is your only way to confirm a sign-in" in page
    assert 'name="password"' not in page
    refused = client.post(_remove_url("app", app), {"password": TEST_PASSWORD})
    assert LAST_WAY in refused.text
    assert app.__class__.objects.filter(pk=app.pk).exists()


def test_the_last_way_of_an_optional_user_takes_the_recovery_codes_with_it(cast):
    app = app_for(cast.spoc)
    client = force_login(Client(), cast.spoc)
    client.post(reverse("accounts:recovery_codes"), {"password": TEST_PASSWORD})
    assert cast.spoc.recoverycodedevice_set.exists()
    assert client.post(_remove_url("app", app), {"password": TEST_PASSWORD})["Location"] == TWO_FACTOR
    assert not cast.spoc.recoverycodedevice_set.exists()
    assert "You sign in with your password alone" in client.get(TWO_FACTOR).text


@pytest.mark.parametrize("kind", ["passkey", "app", "printer"])
def test_nobody_finds_anyone_elses_way_to_sign_in(cast, kind):
    _passkey_for(cast.lead_peer)
    device = (WebAuthnCredential if kind == "passkey" else app_for(cast.lead_peer).__class__).objects.get(
        user=cast.lead_peer
    )
    client = force_login(Client(), cast.review_manager)
    assert client.get(_remove_url(kind, device)).status_code == 404
    assert client.post(_remove_url(kind, device), {"password": TEST_PASSWORD}).status_code == 404
    assert device.__class__.objects.filter(pk=device.pk).exists()


def test_turning_two_factor_off_removes_passkeys_too(cast):
    _passkey_for(cast.spoc)
    client = force_login(Client(), cast.spoc)
    assert client.post(reverse("accounts:two_factor_remove"))["Location"] == TWO_FACTOR
    assert not WebAuthnCredential.objects.filter(user=cast.spoc).exists()


@pytest.mark.parametrize(
    ("site_url", "warned"),
    [
        ("https://peer-reviews.example.gov.scot", False),
        ("http://peer-reviews.example.gov.scot", True),
        ("https://10.0.0.7", True),
        ("http://127.0.0.1:8000", True),
    ],
)
def test_the_deployment_check_says_when_passkeys_cannot_work(settings, site_url, warned):
    settings.SITE_URL = site_url
    assert passkeys_possible in registry.get_checks(include_deployment_checks=True)
    assert [warning.id for warning in passkeys_possible(None)] == (["accounts.W004"] if warned else [])
