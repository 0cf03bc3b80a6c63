"""The programme calendar and each person's calendar feed (issue 32): the managers see every
review's dates in a year; everyone subscribes to their own reviews' dates and interviews by a
secret address they can make again, which stops the old one."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from assessments.models import CalendarFeed, Review
from assessments.services.plan import plan_fill
from peerreview.audit.models import AuditEvent
from tests.lifecycle import plan_the_visit

CALENDAR = reverse("calendar")
SUBSCRIBE = reverse("calendar_subscribe")


@pytest.fixture
def planned(cast) -> Review:
    """The cast's review with on-site days (31 March, 1 April 2025), its plan and an interview;
    the other council's review on site in June 2025."""
    plan_the_visit(cast.review, by=cast.review_manager)
    plan_fill(review=cast.review)
    other = cast.other_review
    other.on_site_start, other.on_site_end = datetime.date(2025, 6, 2), datetime.date(2025, 6, 3)
    other.save()
    return Review.objects.get(pk=cast.review.pk)


def test_the_programme_calendar_is_the_managers(cast, check_access):
    check_access(CALENDAR, outsider=cast.spoc, allowed=cast.review_manager)
    check_access(CALENDAR, outsider=cast.lead_peer, allowed=cast.review_manager)


def test_it_shows_every_reviews_dates_by_month_and_narrows(cast, planned, login):
    manager = login(cast.review_manager)
    page = manager.get(CALENDAR, {"year": 2025}).text
    assert page.index("March 2025") < page.index("June 2025")
    assert "31 Mar to 1 Apr" in page
    assert "2 Jun to 3 Jun" in page
    assert "Self-assessment due" in page
    only_theirs = manager.get(CALENDAR, {"year": 2025, "person": cast.lead_peer.pk}).text
    assert "Glenbrae Council" not in only_theirs
    assert "Ardlarich Council" in only_theirs
    assert "No dates in 2031" in manager.get(CALENDAR, {"year": 2031}).text


def test_it_narrows_to_people_on_open_reviews(cast, planned, login):
    from django.utils import timezone

    manager = login(cast.review_manager)
    offered = f'<option value="{cast.other_spoc.pk}">'
    assert offered in manager.get(CALENDAR).text
    Review.objects.filter(pk=cast.other_review.pk).update(closed_at=timezone.now())
    page = manager.get(CALENDAR).text
    assert offered not in page  # on a closed review only: history, not work to come
    assert f'<option value="{cast.lead_peer.pk}">' in page
    assert "Someone with a role on an open review" in page
    assert "Enter the year as four digits" in manager.get(CALENDAR, {"year": "soon"}).text


def _address(client) -> str:
    page = client.post(SUBSCRIBE).text
    return page.split('id="calendar-address" type="text" value="')[1].split('"')[0]


def _events(client, address: str) -> list:
    response = client.get(address.split("testserver")[1])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_a_person_subscribes_to_their_own_dates_and_interviews(cast, planned, login, client):
    address = _address(login(cast.lead_peer))
    assert "Copy it now: it is shown only once." in login(cast.lead_peer).post(SUBSCRIBE).text
    address = _address(login(cast.lead_peer))  # a new one; the one before stops working
    client.logout()
    events = _events(client, address)
    summaries = [str(event["SUMMARY"]) for event in events]
    assert "On-site days: Ardlarich Council Prevent peer review" in summaries
    assert "Prevent peer review interview: Ardlarich Council" in summaries
    assert not any("Glenbrae" in summary for summary in summaries)
    on_site = next(event for event in events if str(event["SUMMARY"]).startswith("On-site days"))
    assert on_site.decoded("DTSTART") == datetime.date(2025, 3, 31)
    assert on_site.decoded("DTEND") == datetime.date(2025, 4, 2)  # all-day: the end is exclusive
    assert CalendarFeed.objects.get(user=cast.lead_peer).last_read_at is not None


def test_a_new_address_stops_the_old_one(cast, planned, login, client):
    old = _address(login(cast.spoc))
    new = _address(login(cast.spoc))
    client.logout()
    assert client.get(old.split("testserver")[1]).status_code == 404
    assert client.get(new.split("testserver")[1]).status_code == 200
    events = AuditEvent.objects.filter(object_type="assessments.CalendarFeed", user=cast.spoc)
    assert events.count() == 2
    assert all(old.rsplit("/", 1)[1][:-4] not in str(event.after) for event in events)


def test_the_senior_officer_gets_dates_but_no_interviews(cast, planned, login, client):
    address = _address(login(cast.senior))
    client.logout()
    summaries = [str(event["SUMMARY"]) for event in _events(client, address)]
    assert "On-site days: Ardlarich Council Prevent peer review" in summaries
    assert not any("interview" in summary for summary in summaries)


def test_a_deactivated_persons_feed_is_gone(cast, planned, login, client):
    address = _address(login(cast.peer))
    cast.peer.is_active = False
    cast.peer.save()
    client.logout()
    assert client.get(address.split("testserver")[1]).status_code == 404
