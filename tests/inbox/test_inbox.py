"""Each person's notifications: told in the service and by e-mail (at once or in the day's
digest), the count in every page's header, the list, marking read, and withdrawal."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from peerreview.accounts.models import EmailFrequency
from peerreview.inbox.models import Notification
from peerreview.inbox.services import notify, withdraw
from peerreview.inbox.tasks import send_digests
from tests.factories import UserFactory
from tests.two_factor import force_login


def _tell(user, subject="The draft is ready", topic="ardlarich-2025", url="/reviews/ardlarich-2025/report/"):
    return notify(
        user=user, topic=topic, subject=subject, body="Please check it.", url=url, marking="OFFICIAL"
    )


@pytest.fixture
def reader(db):
    return UserFactory(email="reader@example.org")


@pytest.fixture
def daily(db):
    return UserFactory(email="daily@example.org", email_notifications=EmailFrequency.DAILY)


def test_someone_who_chose_at_once_is_e_mailed_at_once(reader):
    mail.outbox.clear()
    notification = _tell(reader)
    (message,) = mail.outbox
    assert message.to == [reader.email]
    assert message.subject == "The draft is ready"
    assert "Please check it." in message.body
    assert "/reviews/ardlarich-2025/report/" in message.body
    assert "Protective marking: OFFICIAL." in message.body
    assert notification.emailed_at is not None


def test_someone_who_chose_a_digest_gets_one_e_mail_a_day_with_everything(daily, reader):
    mail.outbox.clear()
    _tell(daily, "First news")
    _tell(daily, "Second news", topic="glenbrae-2025")
    _tell(reader, "At once")
    assert [message.to for message in mail.outbox] == [[reader.email]]
    mail.outbox.clear()
    assert send_digests.call() == 1
    (digest,) = mail.outbox
    assert digest.to == [daily.email]
    assert digest.subject == "Prevent peer reviews: 2 updates for you"
    assert "First news" in digest.body
    assert "Second news" in digest.body
    assert digest.body.count("Protective marking") == 1
    assert send_digests.call() == 0  # run twice, sent once
    assert len(mail.outbox) == 1


def test_the_digest_leaves_out_what_was_withdrawn_and_inactive_people(daily):
    _tell(daily, "Withdrawn", topic="gone-2025")
    withdraw(user=daily, topic="gone-2025")
    mail.outbox.clear()
    assert send_digests.call() == 0
    _tell(daily, "Kept")
    daily.is_active = False
    daily.save()
    assert send_digests.call() == 0
    assert mail.outbox == []


def test_the_digest_command_queues_the_task(daily, capsys):
    _tell(daily)
    mail.outbox.clear()
    call_command("send_digests")  # tests run tasks as they are queued
    assert "Queued the daily digest" in capsys.readouterr().out
    assert [message.to for message in mail.outbox] == [[daily.email]]


def test_the_header_counts_unread_notifications_without_a_query_more(reader, client):
    def page_queries(user):
        force_login(client, user)
        client.get("/accounts/password/")  # the session settles (two-factor, throttling) first
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/accounts/password/")
        client.logout()
        return response.text, len(queries.captured_queries)

    quiet = UserFactory()
    _tell(reader)
    _tell(reader, "Another")
    _tell(reader, "Read")
    Notification.objects.filter(subject="Read").update(read_at=timezone.now())
    quiet_page, quiet_count = page_queries(quiet)
    told_page, told_count = page_queries(reader)
    assert "app-count" not in quiet_page
    assert '<span class="app-count">2<span class="govuk-visually-hidden"> unread</span></span>' in told_page
    assert told_count == quiet_count


def test_the_list_shows_only_the_readers_own_and_opening_one_marks_it_read(reader, login):
    other = UserFactory()
    mine = _tell(reader, "Mine")
    theirs = _tell(other, "Theirs")
    client = login(reader)
    page = client.get("/notifications/").text
    assert "Mine" in page
    assert "Theirs" not in page
    assert client.get(f"/notifications/{theirs.pk}/").status_code == 404
    opened = client.get(f"/notifications/{mine.pk}/")
    assert opened.status_code == 302
    assert opened["Location"] == "/reviews/ardlarich-2025/report/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_one_or_all_as_read(reader, login):
    first, second, third = _tell(reader, "1"), _tell(reader, "2"), _tell(reader, "3")
    client = login(reader)
    client.post("/notifications/read/", {"notification": first.pk})
    assert list(Notification.objects.unread().order_by("pk")) == [second, third]
    response = client.post("/notifications/read/", follow=True)
    assert "2 notifications marked as read" in response.text
    assert not Notification.objects.unread().exists()


def test_marking_someone_elses_notification_is_not_found(reader, login):
    theirs = _tell(UserFactory(), "Theirs")
    mine = _tell(reader, "Mine")
    assert login(reader).post("/notifications/read/", {"notification": theirs.pk}).status_code == 404
    assert login(reader).post("/notifications/read/", {"notification": "all"}).status_code == 404
    mine.refresh_from_db()
    assert mine.read_at is None  # a malformed choice marks nothing
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_withdrawn_notification_leaves_the_list_and_the_count(reader, login):
    _tell(reader, "About a review they left", topic="left-2025")
    withdraw(user=reader, topic="left-2025")
    page = login(reader).get("/notifications/").text
    assert "About a review they left" not in page
    assert "app-count" not in page


def test_the_list_is_paged_and_its_query_count_is_flat(reader, login, django_assert_max_num_queries):
    client = login(reader)
    _tell(reader)
    with django_assert_max_num_queries(10) as few:
        client.get("/notifications/")
    for n in range(60):
        _tell(reader, f"News {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/notifications/").text
    assert "News 59" in page
    assert "News 30" not in page
    assert "News 30" in client.get("/notifications/?page=2").text


def test_choosing_how_notifications_are_e_mailed(reader, login):
    client = login(reader)
    assert client.post("/notifications/e-mail/", {}).status_code == 200  # nothing chosen
    assert "Choose when we should e-mail you" in client.post("/notifications/e-mail/", {}).text
    client.post("/notifications/e-mail/", {"frequency": "daily"})
    reader.refresh_from_db()
    assert reader.email_notifications == EmailFrequency.DAILY
    mail.outbox.clear()
    _tell(reader)
    assert mail.outbox == []
