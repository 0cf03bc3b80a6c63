import re

import pytest
from django.core import mail
from django.urls import reverse

from peerreview.audit.models import AuditEvent
from tests.factories import TEST_PASSWORD, UserFactory

URL = reverse("accounts:login")
PRODUCTION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "peerreview.accounts.backends.AccountBackend",
    "peerreview.accounts.backends.PasskeyBackend",
]


@pytest.fixture
def throttled(settings):
    assert settings.AUTHENTICATION_BACKENDS == PRODUCTION_BACKENDS  # as in production
    settings.AXES_FAILURE_LIMIT = 3


@pytest.mark.django_db
def test_repeated_failures_lock_the_address_out_with_a_generic_message(client, throttled):
    user = UserFactory(email="spoc@example.org")
    for _ in range(2):
        response = client.post(URL, {"username": user.email, "password": "wrong"})
        assert "Enter a correct e-mail address and password" in response.text
    response = client.post(URL, {"username": user.email, "password": "wrong"})
    assert response.status_code == 429
    assert "too many failed attempts to sign in" in response.text
    # Locked out even with the right password, until the cool-off ends.
    response = client.post(URL, {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_unknown_address_is_locked_out_the_same_way(client, throttled):
    for _ in range(3):
        response = client.post(URL, {"username": "nobody@example.org", "password": "wrong"})
    assert response.status_code == 429
    assert "too many failed attempts to sign in" in response.text


@pytest.mark.django_db
def test_a_success_before_the_limit_clears_the_count(client, throttled):
    user = UserFactory(email="deputy@example.org")
    client.post(URL, {"username": user.email, "password": "wrong"})
    client.post(URL, {"username": user.email, "password": "wrong"})
    assert client.post(URL, {"username": user.email, "password": TEST_PASSWORD}).status_code == 302
    client.logout()
    client.post(URL, {"username": user.email, "password": "wrong"})
    assert client.post(URL, {"username": user.email, "password": TEST_PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_retyping_the_address_does_not_earn_more_tries(client, throttled):
    """Sign-in ignores case and surrounding spaces, so the count must too (issue 13, defect 7)."""
    user = UserFactory(email="spoc@example.org")
    for spelling in ("SPOC@example.org", " spoc@Example.org "):
        response = client.post(URL, {"username": spelling, "password": "wrong"})
        assert "Enter a correct e-mail address and password" in response.text
    response = client.post(URL, {"username": "Spoc@EXAMPLE.ORG", "password": "wrong"})
    assert response.status_code == 429
    response = client.post(URL, {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 429


@pytest.mark.django_db
def test_spraying_a_few_guesses_at_many_accounts_is_stopped_by_network_address(client, settings):
    """As the probe found: 3 accounts, 4 guesses each, each under the per-account limit."""
    assert settings.AXES_FAILURE_LIMIT == 5
    users = [UserFactory(email=f"officer{number}@example.org") for number in range(3)]
    answers = [
        client.post(URL, {"username": user.email, "password": f"guess-{guess}"}).status_code
        for guess in range(4)
        for user in users
    ]
    assert answers[:4] == [200] * 4
    assert answers[4:] == [429] * 8
    # The network is refused for every account, a correct password included; another is not.
    assert client.post(URL, {"username": users[0].email, "password": TEST_PASSWORD}).status_code == 429
    other = client.post(
        URL, {"username": users[1].email, "password": TEST_PASSWORD}, REMOTE_ADDR="192.0.2.77"
    )
    assert other.status_code == 302


@pytest.mark.django_db
def test_an_account_is_locked_from_every_network_but_its_owner_gets_back_in_by_a_reset(client, throttled):
    user = UserFactory(email="spoc@example.org")
    for number in range(3):  # guesses from three addresses
        client.post(URL, {"username": user.email, "password": "wrong"}, REMOTE_ADDR=f"198.51.100.{number}")
    owner = client.post(URL, {"username": user.email, "password": TEST_PASSWORD}, REMOTE_ADDR="203.0.113.9")
    assert owner.status_code == 429
    assert "set a new password" in owner.text
    client.post(reverse("accounts:password_reset"), {"email": user.email}, REMOTE_ADDR="203.0.113.9")
    link = re.search(r"https?://[^/]+(/accounts/password-reset/\S+/)", mail.outbox[-1].body).group(1)
    form = client.get(link, follow=True, REMOTE_ADDR="203.0.113.9")
    new = "a-new-and-long-passphrase-9"
    client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    back = client.post(URL, {"username": user.email, "password": new}, REMOTE_ADDR="203.0.113.9")
    assert back.status_code == 302
    assert AuditEvent.objects.filter(summary="Failed sign-ins forgotten for spoc@example.org").exists()
