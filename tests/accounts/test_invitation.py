import re

import pytest
from django.core import mail
from django.urls import reverse

from peerreview.accounts.models import User
from peerreview.accounts.services import invitation_send, user_get_or_invite
from tests.factories import OrganisationFactory, UserFactory


@pytest.mark.django_db
def test_inviting_a_new_address_creates_an_account_without_a_password():
    organisation = OrganisationFactory()
    user, created = user_get_or_invite(
        email="New.Person@Example.org", full_name="New Person", organisation=organisation
    )
    assert created
    assert user.email == "new.person@example.org"
    assert not user.has_usable_password()
    assert user.organisation == organisation


@pytest.mark.django_db
def test_inviting_an_existing_address_reuses_the_account_unchanged():
    existing = UserFactory(email="peer@example.org", full_name="Real Name")
    user, created = user_get_or_invite(email="PEER@example.org", full_name="Another Name")
    assert not created
    assert user == existing
    assert User.objects.get(pk=existing.pk).full_name == "Real Name"


@pytest.mark.django_db
def test_the_invitation_link_sets_a_password_and_signs_in(client):
    inviter = UserFactory(full_name="Alasdair Reid")
    user, _ = user_get_or_invite(email="spoc@example.org", full_name="Eilidh Fraser")
    invitation_send(user=user, invited_by=inviter, reason="SPOC for the Ardlarich Council review")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Alasdair Reid has invited you" in body
    link = re.search(r"https?://[^/]+(/accounts/invitation/\S+/)", body).group(1)
    page = client.get(link, follow=True)
    assert "Set your password" in page.text
    password = "a long and private passphrase"
    response = client.post(page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})
    assert response["Location"] == reverse("dashboard")
    assert int(client.session["_auth_user_id"]) == user.pk
    # The link works once.
    client.logout()
    assert "This invitation has expired or been used" in client.get(link, follow=True).text


@pytest.mark.django_db
def test_a_password_reset_link_is_not_an_invitation_link(client):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user, _ = user_get_or_invite(email="x@example.org", full_name="X")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    reset_token = default_token_generator.make_token(user)
    page = client.get(reverse("accounts:invitation", args=[uid, reset_token]), follow=True)
    assert "This invitation has expired or been used" in page.text
