import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory
from tests.two_factor import sign_in_with_password

URL = reverse("accounts:password_reset")


@pytest.mark.django_db
def test_it_sends_a_link_that_sets_a_new_password(client):
    UserFactory(email="spoc@example.org")
    response = client.post(URL, {"email": "spoc@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.text
    new_password = "a much longer passphrase 42"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )
    assert done["Location"] == reverse("accounts:password_reset_complete")
    assert sign_in_with_password(client, "spoc@example.org", new_password)


@pytest.mark.django_db
def test_it_does_not_reveal_whether_an_address_has_an_account(client):
    UserFactory(email="spoc@example.org")
    known = client.post(URL, {"email": "spoc@example.org"}, follow=True)
    unknown = client.post(URL, {"email": "nobody@example.org"}, follow=True)
    assert known.text == unknown.text
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_used_or_forged_link_is_explained(client):
    user = UserFactory()
    response = client.get(reverse("accounts:password_reset_confirm", args=["MQ", "bad-token"]))
    assert "This link has expired or been used" in response.text
    assert user.check_password("correct horse battery staple")
