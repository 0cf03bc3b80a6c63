"""What administrators delete or change in the admin is audited (F4 of the security probe), and
audit rows cannot be changed or deleted, in Python everywhere and by the database on PostgreSQL."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from peerreview.audit.models import AuditEvent
from peerreview.inbox.models import Notification
from peerreview.outbox.services import email_queue
from tests.factories import UserFactory

POSTGRESQL_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger is PostgreSQL's; .ci/run runs the suite on it"
)


@pytest.fixture
def administrator(db):
    return UserFactory(is_staff=True, is_superuser=True)


def test_deleting_a_notification_in_the_admin_is_recorded_with_what_it_said(administrator, login):
    reader = UserFactory()
    notification = Notification.objects.create(user=reader, topic="x", subject="Your draft", body="Read it")
    response = login(administrator).post(
        reverse("admin:inbox_notification_delete", args=[notification.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Notification.objects.exists()
    event = AuditEvent.objects.get(kind="delete", object_type="inbox.Notification")
    assert (event.user, event.object_id) == (administrator, str(notification.pk))
    assert event.before["subject"] == "Your draft"
    assert event.before["body"] == "Read it"


def test_deleting_outbox_e_mails_in_bulk_in_the_admin_records_each(administrator, login):
    emails = [email_queue(to=f"a{number}@example.org", subject="Hello", body="x") for number in range(2)]
    login(administrator).post(
        reverse("admin:outbox_outboundemail_changelist"),
        {"action": "delete_selected", "_selected_action": [e.pk for e in emails], "post": "yes"},
    )
    deleted = AuditEvent.objects.filter(kind="delete", object_type="outbox.OutboundEmail")
    assert sorted(event.before["to"] for event in deleted) == ["a0@example.org", "a1@example.org"]


def test_the_same_deletion_outside_the_admin_is_the_service_s_own_business(db):
    Notification.objects.create(user=UserFactory(), topic="x", subject="s", body="b").delete()
    assert not AuditEvent.objects.filter(object_type="inbox.Notification").exists()


def test_secrets_are_never_copied_into_the_audit_log(administrator, login):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=UserFactory(), name="Phone", confirmed=True)
    login(administrator).post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    event = AuditEvent.objects.get(kind="delete", object_type="otp_totp.TOTPDevice")
    assert event.before["key"].startswith("[withheld:")
    assert device.key not in str(event.before)


def test_python_refuses_to_change_or_delete_an_audit_row(db):
    event = AuditEvent.objects.create(kind="login", summary="someone")
    with pytest.raises(ValueError, match="never changed"):
        event.save()
    with pytest.raises(ValueError, match="never deleted"):
        event.delete()


@POSTGRESQL_ONLY
def test_postgresql_refuses_a_raw_update_or_delete_of_an_audit_row(db):
    event = AuditEvent.objects.create(kind="login", summary="someone")
    for statement in (
        "UPDATE audit_auditevent SET summary = 'rewritten' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        refused = pytest.raises(DatabaseError, match="audit events are only ever added")
        with refused, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(summary="rewritten")  # a shell's bulk update
    assert AuditEvent.objects.get(pk=event.pk).summary == "someone"


@POSTGRESQL_ONLY
def test_an_account_deleted_keeps_its_audit_rows_as_they_were(db):
    user = UserFactory()
    AuditEvent.objects.create(kind="login", user=user, summary=user.email)
    user_id = user.pk
    user.delete()
    assert AuditEvent.objects.filter(user_id=user_id, kind="login").count() == 1


def test_an_administrator_removes_a_lost_passkey_and_revokes_a_token_audited(administrator, login):
    from django_otp_webauthn.models import WebAuthnCredential

    from api.tokens import api_token_create

    owner = UserFactory()
    passkey = WebAuthnCredential.objects.create(
        user=owner, name="Passkey 1", credential_id=b"id", public_key=b"key", sign_count=0, confirmed=True
    )
    client = login(administrator)
    client.post(
        reverse("admin:django_otp_webauthn_webauthncredential_delete", args=[passkey.pk]), {"post": "yes"}
    )
    assert not WebAuthnCredential.objects.filter(pk=passkey.pk).exists()
    assert AuditEvent.objects.filter(
        kind="delete", object_type="django_otp_webauthn.WebAuthnCredential"
    ).exists()
    row, token = api_token_create(user=owner, name="Sync", writes=False, days=30)
    page = client.get(reverse("admin:api_apitoken_change", args=[row.pk])).text
    assert row.token_hash not in page
    assert token not in page
