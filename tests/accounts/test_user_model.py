import pytest
from django.db import IntegrityError

from peerreview.accounts.models import User
from tests.factories import UserFactory


@pytest.mark.django_db
def test_email_is_stored_lower_case_and_unique_without_regard_to_case():
    user = User.objects.create_user(email="Joan.Tranent@Example.ORG", full_name="Joan Tranent")
    assert user.email == "joan.tranent@example.org"
    with pytest.raises(IntegrityError):
        User.objects.create_user(email="JOAN.TRANENT@example.org", full_name="Someone Else")


@pytest.mark.django_db
def test_natural_key_lookup_ignores_case():
    user = UserFactory(email="deputy@example.org")
    assert User.objects.get_by_natural_key("DEPUTY@Example.org") == user


@pytest.mark.django_db
def test_a_user_created_without_a_password_cannot_log_in():
    user = User.objects.create_user(email="new@example.org", full_name="New Person")
    assert not user.has_usable_password()
