"""Recovery codes (issue 33, in part): ten one-time codes, shown once, stored hashed, each usable
once, made again after the password is given again; using one tells the person by e-mail."""

import re

import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from peerreview.accounts.models import RecoveryCode
from peerreview.accounts.recovery import code_hash
from peerreview.accounts.services import WRONG_PASSWORD, WRONG_RECOVERY_CODE
from peerreview.audit.models import AuditEvent
from tests.factories import TEST_PASSWORD
from tests.two_factor import app_for, force_login, sign_in_with_password

CODES = reverse("accounts:recovery_codes")
RECOVERY = reverse("accounts:two_factor_recovery")
VERIFY = reverse("accounts:two_factor_verify")


def _make_codes(user) -> list[str]:
    app_for(user)
    client = force_login(Client(), user)
    page = client.post(CODES, {"password": TEST_PASSWORD}).text
    return re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", page)


def _summaries(user) -> list[str]:
    return list(AuditEvent.objects.filter(user=user, kind="two_factor").values_list("summary", flat=True))


def test_codes_are_made_after_the_password_and_kept_only_as_hashes(cast):
    app_for(cast.lead_peer)
    client = force_login(Client(), cast.lead_peer)
    refused = client.post(CODES, {"password": "not my password"})
    assert WRONG_PASSWORD in refused.text
    assert not RecoveryCode.objects.exists()
    codes = _make_codes(cast.lead_peer)
    assert len(set(codes)) == 10
    stored = set(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert stored == {code_hash(code) for code in codes}
    assert not any(code in str(stored) for code in codes)
    assert "10</strong> unused recovery codes" in client.get(CODES).text
    assert "Recovery codes made" in _summaries(cast.lead_peer)


def test_a_code_signs_in_once_and_tells_the_person(cast):
    codes = _make_codes(cast.lead_peer)
    client = Client()
    assert sign_in_with_password(client, cast.lead_peer.email, TEST_PASSWORD)
    assert "Use a recovery code instead" in client.get(VERIFY).text
    mail.outbox.clear()
    typed = codes[3].upper().replace("-", " ")  # as read back from paper
    assert client.post(RECOVERY, {"code": typed})["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200  # the second step is passed
    (told,) = [m for m in mail.outbox if m.subject == "A recovery code was used to sign in"]
    assert told.to == [cast.lead_peer.email]
    assert "You have 9 left" in told.body
    assert "Signed in with a recovery code (9 left)" in _summaries(cast.lead_peer)
    again = Client()
    assert sign_in_with_password(again, cast.lead_peer.email, TEST_PASSWORD)
    assert WRONG_RECOVERY_CODE in again.post(RECOVERY, {"code": codes[3]}).text.replace("&#x27;", "'")


def test_wrong_codes_slow_down_the_next_try(cast):
    codes = _make_codes(cast.peer)
    client = Client()
    assert sign_in_with_password(client, cast.peer.email, TEST_PASSWORD)
    with time_machine.travel("2026-06-01 10:00:00", tick=False):
        assert WRONG_RECOVERY_CODE in client.post(RECOVERY, {"code": "aaaaa-aaaaa"}).text.replace(
            "&#x27;", "'"
        )
        slowed = client.post(RECOVERY, {"code": codes[0]})
        assert "Too many wrong codes" in slowed.text
    with time_machine.travel("2026-06-01 10:00:05", tick=False):
        assert client.post(RECOVERY, {"code": codes[0]}).status_code == 302


def test_a_new_set_stops_the_old_and_turning_off_the_app_removes_them(cast):
    old = _make_codes(cast.spoc)
    new = _make_codes(cast.spoc)
    assert code_hash(old[0]) not in set(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert RecoveryCode.objects.count() == len(new) == 10
    client = force_login(Client(), cast.spoc)  # a council user: the app is theirs to turn off
    client.post(reverse("accounts:two_factor_remove"))
    assert not RecoveryCode.objects.exists()


def test_without_an_app_there_are_no_codes_to_make(cast):
    client = force_login(Client(), cast.senior)
    page = client.get(CODES).text
    assert "Set up two-factor authentication</a> first" in page
    assert client.post(CODES, {"password": TEST_PASSWORD}).status_code == 403
    assert not RecoveryCode.objects.exists()
