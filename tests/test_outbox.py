"""E-mail goes through the outbox: stored, delivered by a background task at most once, retried
when the mail server fails, and given up (visibly) after the last attempt."""

import datetime
import re
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from peerreview.outbox.models import OutboundEmail
from peerreview.outbox.services import email_queue
from peerreview.outbox.tasks import DeliveryFailed, deliver_email
from tests.factories import UserFactory

PRODUCTION_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class FlakyBackend(EmailBackend):
    """A mail server that refuses the first ``failures`` messages, then accepts."""

    failures = 0

    def send_messages(self, messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def flaky():
    def _fail(times: int) -> None:
        FlakyBackend.failures = times

    with override_settings(EMAIL_BACKEND="tests.test_outbox.FlakyBackend"):
        yield _fail
    FlakyBackend.failures = 0


@pytest.mark.django_db
def test_a_queued_e_mail_is_sent_with_its_calendar_file():
    calendar = {"filename": "interview.ics", "content": "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"}
    email = email_queue(
        to="spoc@ardlarich.example.org",
        subject="Invitation",
        body="You are invited.",
        attachments=[calendar | {"subtype": "calendar", "params": {"method": "REQUEST"}}],
    )
    (message,) = mail.outbox
    assert (message.to, message.subject, message.body) == (
        ["spoc@ardlarich.example.org"],
        "Invitation",
        "You are invited.",
    )
    part = message.attachments[0]
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 1)


@pytest.mark.django_db
def test_a_delivery_run_twice_sends_one_e_mail():
    email = email_queue(to="a@example.org", subject="Once", body="Only once.")
    deliver_email.call(email.pk)
    deliver_email.call(email.pk)
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.attempts == 1


@pytest.mark.django_db
def test_a_failing_server_is_retried_until_it_accepts(flaky):
    flaky(2)
    email = email_queue(to="a@example.org", subject="Retried", body="Third time lucky.")
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 3)
    assert "SMTPServerDisconnected" in email.last_error
    assert len(mail.outbox) == 1


@pytest.mark.django_db
@override_settings(OUTBOX_ATTEMPTS=3)
@pytest.mark.tasks_may_fail  # the last attempt fails the task, as administrators should see
def test_after_the_last_attempt_it_is_given_up_visibly(flaky, login):
    flaky(99)
    email_queue(to="a@example.org", subject="Lost", body="Never arrives.")
    email = OutboundEmail.objects.get()
    assert (email.status, email.attempts, mail.outbox) == ("failed", 3, [])
    administrator = UserFactory(is_staff=True, is_superuser=True)
    page = login(administrator).get(reverse("admin:outbox_outboundemail_changelist")).text
    assert "Lost" in page
    assert "failed" in page
    # The last attempt also fails its task, so the worker's own records show it: run it again
    # from one short of the limit to see that.
    OutboundEmail.objects.filter(pk=email.pk).update(attempts=2, failed_at=None)
    with pytest.raises(DeliveryFailed, match="after 3 attempts"):
        deliver_email.call(email.pk)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_production_settings_the_worker_sends_and_retries(cast, login, flaky):
    """A request queues the invitation; nothing is sent until the real worker runs, which
    retries after the mail server fails once."""
    flaky(1)
    with override_settings(TASKS=PRODUCTION_TASKS, OUTBOX_RETRY_SECONDS=60):
        response = login(cast.review_manager).post(
            reverse("review_people", args=[cast.review.reference]),
            {
                "role": "peer",
                "email": "new.peer@glenbrae.example.org",
                "full_name": "Niamh Kerr",
                "job_title": "Safer Communities Officer",
                "organisation_name": "Glenbrae Council",
                "details": "1",
            },
        )
        assert response.status_code == 302
        email = OutboundEmail.objects.get(to="new.peer@glenbrae.example.org")
        assert (email.status, mail.outbox) == ("waiting", [])  # queued, not sent by the request

        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        email.refresh_from_db()
        assert (email.status, email.attempts, mail.outbox) == ("waiting", 1, [])  # failed, retry due

        later = timezone.now() + datetime.timedelta(minutes=2)
        with time_machine.travel(later, tick=False):
            call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        email.refresh_from_db()
        assert (email.status, email.attempts) == ("sent", 2)
        (message,) = mail.outbox
        assert message.to == ["new.peer@glenbrae.example.org"]
        assert "/accounts/invitation/" in message.body


@pytest.mark.django_db
def test_no_usable_invitation_link_is_ever_stored(client):
    """F4 of the security probe: an invitation link read from the outbox took over the account.
    The stored body holds only a marker; the link is made as the e-mail is sent."""
    from peerreview.accounts.services import invitation_send
    from peerreview.outbox.links import LINK

    user = UserFactory(email="new.peer@example.org", password=None)
    invitation_send(user=user)
    stored = OutboundEmail.objects.get(to=user.email)
    assert LINK in stored.body
    assert "/accounts/invitation/" not in stored.body
    assert stored.link == {"kind": "invitation", "user": user.pk}
    (message,) = mail.outbox
    path = re.search(r"https?://[^/]+(/accounts/invitation/\S+/)", message.body).group(1)
    assert client.get(path, follow=True).status_code == 200  # the link sent works
    assert "Set your password" in client.get(path, follow=True).text


@pytest.mark.django_db
def test_an_invitation_sent_after_the_password_was_set_points_to_sign_in():
    from peerreview.accounts.services import invitation_send

    user = UserFactory(email="someone@example.org")  # has a password already
    invitation_send(user=user)
    (message,) = mail.outbox
    assert "/accounts/invitation/" not in message.body
    assert "/accounts/login/" in message.body


@pytest.mark.django_db
def test_links_stored_before_are_removed_and_unsent_invitations_still_work(client):
    """The data migration: a link kept in an old row is taken out; an invitation not yet sent
    keeps working, its link made when it goes."""
    import importlib

    from django.apps import apps

    from peerreview.accounts.services import invitation_url

    migration = importlib.import_module("peerreview.outbox.migrations.0002_links_made_when_sent")
    user = UserFactory(email="late@example.org", password=None)
    sent = OutboundEmail.objects.create(
        to="a@example.org", subject="Old", body=f"Open {invitation_url(user)} now", sent_at=timezone.now()
    )
    waiting = OutboundEmail.objects.create(
        to=user.email, subject="Waiting", body=f"Open\n{invitation_url(user)}\n"
    )
    two_factor = OutboundEmail.objects.create(
        to="b@example.org",
        subject="App",
        body="Open https://x.example/accounts/two-factor/set-up/link/abc:def/ now",
    )
    migration._remove_stored_links(apps, None)
    for email in (sent, waiting, two_factor):
        email.refresh_from_db()
        assert "/accounts/" not in email.body
    assert migration.REMOVED in sent.body
    assert migration.REMOVED in two_factor.body
    assert waiting.link == {"kind": "invitation", "user": user.pk}
    deliver_email.call(waiting.pk)
    path = re.search(r"https?://[^/]+(/accounts/invitation/\S+/)", mail.outbox[-1].body).group(1)
    assert "Set your password" in client.get(path, follow=True).text
