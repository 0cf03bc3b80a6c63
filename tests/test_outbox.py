"""E-mail goes through the outbox: stored, delivered by a background task at most once, retried
when the mail server fails, and given up (visibly) after the last attempt."""

import datetime
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
