import re

import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory
from tests.two_factor import force_login

URL = reverse("accounts:login")


@pytest.mark.django_db
def test_it_shows_the_sign_in_form(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Sign in" in response.text
    assert 'name="username"' in response.text


@pytest.mark.django_db
def test_it_signs_in_by_email_ignoring_case(client):
    user = UserFactory(email="spoc@example.org")
    response = client.post(URL, {"username": "SPOC@Example.org", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.django_db
def test_it_gives_the_same_message_for_unknown_address_and_wrong_password(client):
    UserFactory(email="known@example.org")
    wrong_password = client.post(URL, {"username": "known@example.org", "password": "nope"})
    unknown = client.post(URL, {"username": "unknown@example.org", "password": "nope"})
    for response in (wrong_password, unknown):
        assert response.status_code == 200
        assert "Enter a correct e-mail address and password" in response.text
        assert "govuk-error-summary" in response.text
    assert _error_summary(wrong_password.text) == _error_summary(unknown.text)


def _error_summary(html: str) -> str:
    return re.search(r'<div class="govuk-error-summary".*?</div>\s*</div>', html, re.S).group(0)


@pytest.mark.django_db
def test_it_asks_for_missing_fields_in_govuk_style(client):
    response = client.post(URL, {"username": "", "password": ""})
    assert "Enter your e-mail address" in response.text
    assert "Enter your password" in response.text
    assert "Error:" in response.text  # the page title says there is an error


@pytest.mark.django_db
def test_it_sends_a_signed_in_user_to_the_dashboard(client):
    force_login(client, UserFactory())
    assert client.get(URL)["Location"] == reverse("dashboard")


@pytest.mark.django_db
def test_logout_requires_post(client):
    user = UserFactory()
    force_login(client, user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
