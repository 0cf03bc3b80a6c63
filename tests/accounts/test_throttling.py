import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory

URL = reverse("accounts:login")
PRODUCTION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "peerreview.accounts.backends.AccountBackend"]


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
    assert "too many attempts to sign in" in response.text
    # Locked out even with the right password, until the cool-off ends.
    response = client.post(URL, {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_unknown_address_is_locked_out_the_same_way(client, throttled):
    for _ in range(3):
        response = client.post(URL, {"username": "nobody@example.org", "password": "wrong"})
    assert response.status_code == 429
    assert "too many attempts to sign in" in response.text


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
