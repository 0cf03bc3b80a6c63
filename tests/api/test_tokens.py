"""API tokens: made by their person (in the browser or on the command line), shown once, kept
hashed, listed with their last use, revoked; a token acts only as its person."""

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from api.models import ApiToken
from peerreview.audit.models import AuditEvent
from tests.two_factor import force_login

REVIEWS = "/api/v1/reviews/"


def test_a_token_is_made_shown_once_and_kept_only_as_a_hash(cast):
    client = force_login(Client(), cast.spoc)
    page = client.post(reverse("api:tokens"), {"name": "Pentana sync", "writes": "false", "days": "90"})
    token = page.context["token"]
    assert token.startswith("ppr_")
    assert token in page.text
    row = ApiToken.objects.get(user=cast.spoc)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(ApiToken.objects.values()))
    listed = client.get(reverse("api:tokens")).text
    assert "Pentana sync" in listed
    assert token not in listed
    assert "Not yet" in listed
    assert AuditEvent.objects.filter(kind="create", object_type="api.ApiToken", user=cast.spoc).exists()


def test_a_token_form_with_mistakes_says_what_to_do(cast):
    client = force_login(Client(), cast.spoc)
    page = client.post(reverse("api:tokens"), {"name": "", "days": "7"})
    assert "Say what the token is for" in page.text
    assert "Choose what the token may do" in page.text
    assert not ApiToken.objects.exists()


def test_a_revoked_or_expired_token_no_longer_works(cast, script, time_machine):
    caller = script(cast.spoc)
    assert caller.get(REVIEWS).status_code == 200
    client = force_login(Client(), cast.spoc)
    assert client.post(reverse("api:token_revoke", args=[caller.row.pk]))["Location"] == reverse("api:tokens")
    refused = caller.get(REVIEWS)
    assert refused.status_code == 401
    assert refused["Content-Type"] == "application/problem+json"
    later = script(cast.spoc)
    time_machine.move_to(later.row.expires_on.isoformat() + "T23:00:00", tick=False)
    assert later.get(REVIEWS).status_code == 200
    time_machine.shift(86400 * 2)
    assert later.get(REVIEWS).status_code == 401


def test_nobody_revokes_anyone_elses_token(cast, script):
    caller = script(cast.spoc)
    client = force_login(Client(), cast.other_spoc)
    assert client.post(reverse("api:token_revoke", args=[caller.row.pk])).status_code == 404
    assert caller.get(REVIEWS).status_code == 200


def test_a_token_of_a_deactivated_person_stops_working(cast, script):
    caller = script(cast.spoc)
    cast.spoc.is_active = False
    cast.spoc.save()
    assert caller.get(REVIEWS).status_code == 401


def test_the_command_line_makes_a_token_and_prints_it_last(cast):
    out = StringIO()
    call_command(
        "create_api_token", cast.review_manager.email.upper(), "--writes", "--days", "30", stdout=out
    )
    token = out.getvalue().strip().splitlines()[-1]
    row = ApiToken.objects.get(user=cast.review_manager)
    assert row.writes
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/overview/").status_code == 200


def test_the_command_line_refuses_an_unknown_address(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no active account"):
        call_command("create_api_token", "nobody@example.org", stdout=StringIO())


def test_each_call_is_audited_as_the_person_and_throttled_per_token(cast, script, settings):
    caller = script(cast.spoc)
    assert caller.get(REVIEWS).status_code == 200
    event = AuditEvent.objects.filter(kind="api").latest("pk")
    assert event.user == cast.spoc
    assert event.summary == f"API GET {REVIEWS}: 200 (token “Test script”)"
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    SimpleRateThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, "token": "3/minute"}
    try:
        answers = [caller.get(REVIEWS).status_code for _ in range(4)]
        other = script(cast.spoc).get(REVIEWS).status_code
    finally:
        SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    assert answers[-1] == 429
    assert AuditEvent.objects.filter(kind="api", summary__contains=": 429").count() == 0
    assert other == 200  # another token has its own count
