"""Every change of rights is audited, with old and new values, wherever it is made (F3 of the
security probe): passwords set, changed and reset, invitations accepted, programme rights and
groups granted or removed, in the service, the admin or a shell."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from peerreview.accounts.services import invitation_send
from peerreview.audit.models import AuditEvent
from tests.factories import TEST_PASSWORD, UserFactory

NEW_PASSWORD = "a-new-and-long-passphrase-9"


def _events(user, kind):
    """The events of ``kind`` about ``user``, newest first (a factory's own saves come first)."""
    return list(AuditEvent.objects.filter(kind=kind, object_type="accounts.User", object_id=str(user.pk)))


def _latest(user, kind):
    return _events(user, kind)[0]


def _no_secret_in(event):
    assert "pbkdf2" not in str(event.before) + str(event.after) + event.summary
    assert "md5$" not in str(event.before) + str(event.after) + event.summary


@pytest.mark.django_db
def test_a_password_changed_by_its_owner(login):
    user = UserFactory(email="spoc@example.org")
    response = login(user).post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    event = _latest(user, "password")
    assert event.summary == "Password changed by its owner for spoc@example.org"
    assert event.user == user
    _no_secret_in(event)


@pytest.mark.django_db
def test_a_password_reset_through_its_link(client):
    user = UserFactory(email="deputy@example.org")
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    link = re.search(r"https?://[^/]+(/accounts/password-reset/\S+/)", mail.outbox[-1].body).group(1)
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    event = _latest(user, "password")
    assert event.summary == "Password reset through an e-mailed link for deputy@example.org"
    _no_secret_in(event)


@pytest.mark.django_db
def test_an_invitation_accepted(client):
    user = UserFactory(email="new.peer@example.org", password=None)
    invitation_send(user=user)
    link = re.search(r"https?://[^/]+(/accounts/invitation/\S+/)", mail.outbox[-1].body).group(1)
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    event = _latest(user, "password")
    assert event.summary == "Password set on accepting an invitation for new.peer@example.org"


@pytest.mark.django_db
def test_an_administrator_granting_review_manager_in_the_admin(login):
    administrator = UserFactory(is_staff=True, is_superuser=True)
    user = UserFactory(email="officer@example.org", full_name="Officer")
    response = login(administrator).post(
        reverse("admin:accounts_user_change", args=[user.pk]),
        {"email": user.email, "full_name": "Officer", "is_active": "on", "is_review_manager": "on"},
    )
    assert response.status_code == 302
    event = _latest(user, "rights")
    assert event.summary == "Rights of officer@example.org changed: Review manager: no → yes"
    assert (event.before, event.after) == ({"is_review_manager": False}, {"is_review_manager": True})
    assert event.user == administrator


@pytest.mark.django_db
def test_an_administrator_setting_a_password_in_the_admin(login):
    administrator = UserFactory(is_staff=True, is_superuser=True)
    user = UserFactory(email="officer@example.org")
    login(administrator).post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    event = _latest(user, "password")
    assert event.summary == "Password set by an administrator for officer@example.org"
    assert event.user == administrator


@pytest.mark.django_db
def test_rights_changed_from_a_shell_and_accounts_created():
    user = UserFactory(email="someone@example.org")
    assert _events(user, "rights")[0].summary == "Account created for someone@example.org (Active)"
    user.is_staff = user.is_superuser = True
    user.is_active = False
    user.save()
    event = _latest(user, "rights")
    assert event.summary == (
        "Rights of someone@example.org changed: "
        "Active: yes → no; Administrator: no → yes; Superuser: no → yes"
    )
    assert event.user is None  # no one signed in: a shell or a command
    user.full_name = "Renamed"
    user.save(update_fields=["full_name"])
    assert len(_events(user, "rights")) == 2  # a change of name is not a change of rights


@pytest.mark.django_db
def test_groups_given_and_taken_from_either_side():
    user, other = UserFactory(email="a@example.org"), UserFactory(email="b@example.org")
    editors = Group.objects.create(name="Editors")
    user.groups.add(editors)
    editors.user_set.add(other)
    user.groups.clear()
    summaries = [event.summary for event in AuditEvent.objects.filter(kind="rights").order_by("pk")][2:]
    assert summaries == [
        "Groups given to a@example.org: Editors",
        "Groups given to b@example.org: Editors",
        "Groups taken from a@example.org: Editors",
    ]
