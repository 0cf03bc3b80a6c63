"""A review manager builds a two-day timetable, meets a clash, resolves it, and downloads a
calendar file."""

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from assessments.models import Interview
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _add(page, *, day, starts, ends, room, interviewee, interviewers):
    page.get_by_role("link", name="Add an interview").click()
    page.get_by_label(day).check()
    page.get_by_label("Start time").fill(starts)
    page.get_by_label("End time").fill(ends)
    page.get_by_label("Room or remote link").fill(room)
    page.get_by_label(interviewee).check()
    for name in interviewers:
        page.get_by_label(name, exact=False).first.check()
    page.get_by_role("button", name="Save interview").click()


def test_manager_builds_a_timetable(cast, on_site, page, sign_in, tmp_path):
    sign_in(cast.review_manager, TEST_PASSWORD)
    page.get_by_role("link", name="Ardlarich Council").click()
    page.get_by_role("link", name="Interviews").click()

    _add(
        page,
        day="Monday 31 March 2025",
        starts="09:30",
        ends="10:30",
        room="Committee Room 2",
        interviewee="Eilidh Fraser, Prevent SPOC",
        interviewers=[on_site["lead"].name],
    )
    expect(page.get_by_text("The interview is saved.")).to_be_visible()

    # The same lead peer, half an hour later, in another room: refused in plain words.
    _add(
        page,
        day="Monday 31 March 2025",
        starts="10:00",
        ends="11:00",
        room="Committee Room 3",
        interviewee="Detective Inspector, Police Scotland",
        interviewers=[on_site["lead"].name],
    )
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        f"{on_site['lead'].name} is already interviewing from 09:30 to 10:30 in Committee Room 2"
    )
    page.get_by_label("Start time").fill("10:30")
    page.get_by_label("End time").fill("11:30")
    page.get_by_role("button", name="Save interview").click()
    expect(page.get_by_text("The interview is saved.")).to_be_visible()

    _add(
        page,
        day="Tuesday 1 April 2025",
        starts="09:30",
        ends="10:30",
        room="Committee Room 2",
        interviewee="Education Manager, Ardlarich Council",
        interviewers=[on_site["peer"].name],
    )
    expect(page.get_by_role("heading", name="Tuesday 1 April 2025")).to_be_visible()
    expect(page.get_by_role("heading", name="Monday 31 March 2025")).to_be_visible()
    assert Interview.objects.count() == 3

    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"calendar file for {on_site['lead'].name}").click()
    path = tmp_path / "schedule.ics"
    download_info.value.save_as(path)
    events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert sorted(e.decoded("DTSTART").strftime("%H:%M") for e in events) == ["09:30", "10:30"]
