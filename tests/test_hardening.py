"""Protections every response carries, sessions' lifetimes, and a clean deployment check."""

import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.functional import LazyObject

from tests.factories import UserFactory
from tests.two_factor import app_for, force_login

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_signed_in_pages_carry_the_security_headers(client):
    force_login(client, UserFactory())
    response = client.get(reverse("dashboard"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_public_pages_may_be_cached_but_carry_the_policy(client):
    response = client.get(reverse("accessibility"))
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Content-Security-Policy" in response


@pytest.mark.django_db
def test_a_session_ends_after_30_idle_minutes_and_lives_on_while_used(client, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    dashboard = reverse("dashboard")
    with time_machine.travel(time.time(), tick=False) as clock:
        force_login(client, UserFactory())
        for _ in range(3):  # an hour and a half in all, never 30 minutes without a request
            clock.shift(29 * 60)
            assert client.get(dashboard).status_code == 200
        clock.shift(10)
        assert client.get(dashboard).status_code == 200, "a request soon after keeps the session"
        clock.shift(30 * 60 + 1)
        response = client.get(dashboard)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_a_session_has_an_absolute_lifetime(client, settings):
    force_login(client, UserFactory())
    assert client.get(reverse("dashboard")).status_code == 200
    session = client.session
    session["signed_in_at"] = time.time() - settings.SESSION_MAX_SECONDS - 1
    session.save()
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_signing_in_gives_a_new_session_key(client):
    user = UserFactory(email="rotate@example.org")
    client.get(reverse("accounts:login"))
    client.session.save()
    before = client.session.session_key
    client.post(
        reverse("accounts:login"), {"username": user.email, "password": "correct horse battery staple"}
    )
    assert client.session.session_key != before


PRODUCTION_ENV = {
    "PATH": "/usr/bin:/bin",
    "HOME": "/tmp",
    "DJANGO_SETTINGS_MODULE": "peerreview.settings",
    "DJANGO_SECRET_KEY": "k" * 64 + "-a-long-random-production-secret",
    "DJANGO_ALLOWED_HOSTS": "peer-reviews.example.org",
    "CLAMAV_ADDRESS": "/run/clamav/clamd.ctl",
    "SITE_URL": "https://peer-reviews.example.org",
}


def _deploy_check(env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_check():
    result = _deploy_check(PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deployment_check_warns_when_uploads_are_not_scanned():
    result = _deploy_check({key: value for key, value in PRODUCTION_ENV.items() if key != "CLAMAV_ADDRESS"})
    assert result.returncode != 0
    assert "accounts.W002" in result.stderr + result.stdout
    assert "CLAMAV_ADDRESS is not set" in result.stderr + result.stdout


@pytest.mark.django_db
def test_a_view_is_given_the_signed_in_user_itself_with_their_second_step(client):
    user = UserFactory()
    app_for(user)
    force_login(client, user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    seen = response.wsgi_request.user
    # The user, not a proxy for it: each of a page's many reads of it went through two.
    assert not isinstance(seen, LazyObject)
    assert seen == user
    assert seen.is_verified()
    assert seen.otp_device == app_for(user)


@pytest.mark.django_db
def test_an_anonymous_request_is_given_an_anonymous_user_without_a_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    seen = response.wsgi_request.user
    assert isinstance(seen, AnonymousUser)
    assert not seen.is_verified()
