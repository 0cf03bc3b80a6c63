"""A user's sessions end everywhere when their password changes or an administrator ends them."""

import pytest
from django.test import Client
from django.urls import reverse

from peerreview.audit.models import AuditEvent
from tests.factories import TEST_PASSWORD, UserFactory
from tests.two_factor import force_login

DASHBOARD = reverse("dashboard")


def _signed_in(user) -> Client:
    client = force_login(Client(), user)
    assert client.get(DASHBOARD).status_code == 200
    return client


def _signed_out(client) -> bool:
    response = client.get(DASHBOARD)
    return response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_a_new_password_ends_the_other_sessions_but_not_this_one():
    user = UserFactory()
    here, elsewhere = _signed_in(user), _signed_in(user)
    response = here.post(
        reverse("accounts:password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    assert not _signed_out(here)
    assert _signed_out(elsewhere)


@pytest.mark.django_db
def test_an_administrator_signs_a_user_out_everywhere():
    admin = UserFactory(is_staff=True, is_superuser=True)
    user, bystander = UserFactory(), UserFactory()
    phone, laptop, other = _signed_in(user), _signed_in(user), _signed_in(bystander)
    response = _signed_in(admin).post(
        reverse("admin:accounts_user_changelist"),
        {"action": "end_sessions", "_selected_action": [user.pk]},
        follow=True,
    )
    assert "1 user signed out of every browser." in response.text
    assert _signed_out(phone)
    assert _signed_out(laptop)
    assert not _signed_out(other)
    event = AuditEvent.objects.get(kind="sessions_ended")
    assert (event.user, event.object_id) == (admin, str(user.pk))
    # Signing in again works as before.
    user.refresh_from_db()
    assert force_login(Client(), user).get(DASHBOARD).status_code == 200


@pytest.mark.django_db
def test_only_administrators_reach_the_action():
    client = _signed_in(UserFactory())
    response = client.post(reverse("admin:accounts_user_changelist"), {"action": "end_sessions"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
