"""The programme calendar and each person's calendar feed (issue 32): the managers see every
review's dates in a year; everyone subscribes to their own reviews' dates and interviews by a
secret address they can make again, which stops the old one."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from assessments.models import CalendarFeed, Review, Stage
from assessments.services.plan import plan_fill
from assessments.views.calendar import DATES_PER_PAGE
from peerreview.audit.models import AuditEvent
from tests.factories import OrganisationFactory, ReviewFactory
from tests.lifecycle import plan_the_visit
from tests.queries import statements

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
    only_theirs = manager.get(CALENDAR, {"year": 2025, "person": cast.lead_peer.email}).text
    assert "Glenbrae Council" not in only_theirs
    assert "Ardlarich Council" in only_theirs
    assert "No dates in 2031" in manager.get(CALENDAR, {"year": 2031}).text


def test_it_narrows_to_someone_by_part_of_their_name_or_email(cast, planned, login):
    manager = login(cast.review_manager)
    by_email = manager.get(CALENDAR, {"year": 2025, "person": "SPOC@glenbrae"}).text
    assert "Glenbrae Council" in by_email
    assert "Ardlarich Council" not in by_email
    cast.lead_peer.full_name = "Morven Achterlonie"
    cast.lead_peer.save()
    by_name = manager.get(CALENDAR, {"year": 2025, "person": " achterl "}).text
    assert "Ardlarich Council" in by_name
    assert "Glenbrae Council" not in by_name
    cast.review.people.filter(user=cast.lead_peer).update(removed_at=cast.review.created_at)
    gone = manager.get(CALENDAR, {"year": 2025, "person": cast.lead_peer.email}).text
    assert "No dates in 2025 for these choices" in gone  # a role no longer held
    assert 'name="person"' in manager.get(CALENDAR).text
    assert "<option" not in manager.get(CALENDAR).text.split('name="person"')[1].split("</div>")[0]
    assert "Enter the year as four digits" in manager.get(CALENDAR, {"year": "soon"}).text


YEAR = 2031  # a year of the dated reviews below and of none of the cast's


def _dated_reviews(count: int) -> list[str]:
    """``count`` reviews with two on-site days in ``YEAR``, spread over its months; their
    councils' names in the order of those days."""
    names = []
    for number in range(count):
        day = datetime.date(YEAR, 1, 1) + datetime.timedelta(days=number * 360 // count)
        host = OrganisationFactory(name=f"Council {number:03}")
        ReviewFactory(host=host, on_site_start=day, on_site_end=day + datetime.timedelta(days=1))
        names.append(host.name)
    return names


def _councils_listed(page: str) -> list[str]:
    return re.findall(r'<a class="govuk-link" href="/reviews/[^"]+/">(Council \d+)</a>', page)


def test_a_year_of_many_dates_is_paged_in_date_order(cast, login):
    names = _dated_reviews(DATES_PER_PAGE + 7)
    manager = login(cast.review_manager)
    first = manager.get(CALENDAR, {"year": YEAR, "stage": Stage.SELF_ASSESSMENT}).text
    assert _councils_listed(first) == names[:DATES_PER_PAGE]
    assert f"1 to {DATES_PER_PAGE} of {len(names)}, in date order" in first
    assert 'aria-label="Pages of dates"' in first
    next_page = f"?year={YEAR}&amp;stage={Stage.SELF_ASSESSMENT}&amp;page=2"
    assert f'href="{next_page}" rel="next"' in first  # the choices kept
    second = manager.get(CALENDAR, {"year": YEAR, "stage": Stage.SELF_ASSESSMENT, "page": 2}).text
    assert _councils_listed(second) == names[DATES_PER_PAGE:]
    assert ("January 2031" in first, "January 2031" in second) == (True, False)
    assert ("December 2031" in first, "December 2031" in second) == (False, True)
    stage = f"stage={Stage.SELF_ASSESSMENT}"
    assert f'href="?year=2030&amp;{stage}">2030</a>' in second  # other years keep the choices
    assert f'href="?year=2032&amp;{stage}">2032</a>' in second  # from their first page


def test_on_site_days_from_the_year_before_are_under_january(cast, login):
    ReviewFactory(
        host=OrganisationFactory(name="Council 900"),
        on_site_start=datetime.date(YEAR - 1, 12, 30),
        on_site_end=datetime.date(YEAR, 1, 2),
    )
    page = login(cast.review_manager).get(CALENDAR, {"year": YEAR}).text
    assert page.index("January 2031") < page.index("30 Dec to 2 Jan") < page.index("Council 900")
    assert "December 2030" not in page


def _calendar_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(CALENDAR, {"year": YEAR}).status_code == 200
    return len(statements(captured))


def test_the_calendar_reads_the_same_queries_however_many_dates(cast, planned, login):
    manager = login(cast.review_manager)
    manager.get(CALENDAR)  # the session's first save, once
    _dated_reviews(2)
    few = _calendar_queries(manager)
    _dated_reviews(3 * DATES_PER_PAGE)
    assert _calendar_queries(manager) == few


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
