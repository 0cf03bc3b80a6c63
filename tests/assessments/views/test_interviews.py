import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from assessments.models import Interview, Stakeholder
from tests.factories import UserFactory
from tests.two_factor import force_login


def _url(name, cast, *args):
    return reverse(name, args=[cast.review.reference, *args])


def _form(on_site, **overrides):
    return {
        "day": "2025-03-31",
        "starts": "09:30",
        "ends": "10:30",
        "location": "Committee Room 2",
        "interviewees": [on_site["stakeholders"]["spoc"].pk],
        "interviewers": [on_site["lead"].pk, on_site["manager"].pk],
        "aspects": [1, 2],
        **overrides,
    }


def test_the_timetable_checks_access(cast, on_site, check_access):
    response = check_access(
        _url("timetable", cast), outsider=cast.other_spoc, forbidden=cast.senior, allowed=cast.spoc
    )
    assert "No interviews are scheduled yet." in response.text
    check_access(
        _url("timetable", cast), outsider=cast.peer_elsewhere, forbidden=cast.senior, allowed=cast.peer
    )


def test_the_timetable_is_a_grid_by_day_time_and_room(cast, book_interview, login):
    book_interview(9, room="Room A", who=["education"], team=["peer"])
    book_interview(9, room="Room B", who=["police"], team=["lead"])
    book_interview(11, room="Room A", who=["police"], team=["peer"])
    text = login(cast.spoc).get(_url("timetable", cast)).text
    assert "Monday 31 March 2025" in text
    header = text.split("<thead")[1].split("</thead>")[0]
    assert header.index("Room A") < header.index("Room B")
    rows = text.split("<tbody")[1].split("</tbody>")[0].split('<tr class="govuk-table__row">')[1:]
    assert ["09:00" in rows[0], "11:00" in rows[1]] == [True, True]
    assert "Detective Inspector (Police Scotland)" in rows[0]
    assert "Education Manager" in rows[0]


def test_the_timetable_query_count_is_flat(cast, book_interview, login, django_assert_max_num_queries):
    client = login(cast.peer)
    book_interview(9)
    with django_assert_max_num_queries(20) as few:
        client.get(_url("timetable", cast))
    baseline = len(few.captured_queries)  # read now: each request resets the query log
    for hour in range(10, 17):
        book_interview(hour, who=["police" if hour % 2 else "education"])
    with django_assert_max_num_queries(baseline):
        response = client.get(_url("timetable", cast))
    assert response.text.count('class="app-slot"') == 8


def test_the_timetable_pdf_carries_the_marking(cast, book_interview, login, pdf_text):
    book_interview(9)
    response = login(cast.spoc).get(_url("timetable_pdf", cast))
    assert response["Content-Type"] == "application/pdf"
    pages = pdf_text(response.content)
    assert "Interview timetable: Ardlarich Council" in pages[0]
    assert all(page.count("OFFICIAL") >= 2 for page in pages)


def test_creating_an_interview_is_for_review_managers(cast, on_site, check_access):
    check_access(
        _url("interview_create", cast),
        outsider=cast.other_spoc,
        forbidden=cast.spoc,
        allowed=cast.review_manager,
    )
    check_access(
        _url("interview_create", cast),
        outsider=cast.peer_elsewhere,
        forbidden=cast.lead_peer,
        allowed=cast.review_manager,
    )


def test_saving_an_interview_sends_invitations_with_a_calendar_file(
    cast, on_site, login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(cast.review_manager).post(_url("interview_create", cast), _form(on_site))
    assert response["Location"] == _url("timetable", cast)
    interview = Interview.objects.get()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [cast.lead_peer.email, cast.review_manager.email, cast.spoc.email]
    )
    message = mail.outbox[0]
    assert (
        message.subject
        == "Invitation: Prevent peer review interview, Ardlarich Council, Monday 31 March 2025, 09:30"
    )
    part = _calendar_part(message)
    assert part.get_filename() == "interview.ics"
    # One charset parameter, and the method (issue 14, item 12).
    assert part["Content-Type"].lower().count("charset=") == 1
    assert (part.get_content_charset(), part.get_param("method")) == ("utf-8", "REQUEST")
    parsed = Calendar.from_ical(part.get_payload(decode=True))
    assert str(parsed.walk("VEVENT")[0]["UID"]) == interview.uid
    assert all(a.params.get("RSVP") == "TRUE" for a in parsed.walk("VEVENT")[0].get("ATTENDEE"))


def _calendar_part(message):
    """The calendar part of an e-mail as it is sent, headers and all."""
    return next(part for part in message.message().walk() if part.get_content_type() == "text/calendar")


def test_a_person_clash_is_refused_in_plain_words(cast, on_site, book_interview, login):
    book_interview(9, room="Room B", who=["spoc"], team=["peer"])
    response = login(cast.review_manager).post(_url("interview_create", cast), _form(on_site))
    assert response.status_code == 200
    assert "Eilidh Fraser is already being interviewed from 09:00 to 10:00 in Room B" in response.text
    assert Interview.objects.count() == 1


def test_a_room_clash_can_be_booked_knowingly(cast, on_site, book_interview, login):
    book_interview(9, room="Committee Room 2", who=["education"], team=["peer"])
    client = login(cast.review_manager)
    response = client.post(_url("interview_create", cast), _form(on_site))
    assert "Committee Room 2 is already booked from 09:00 to 10:00" in response.text
    assert "Book the room anyway" in response.text
    assert Interview.objects.count() == 1
    response = client.post(_url("interview_create", cast), _form(on_site, book_room_anyway="on"))
    assert response.status_code == 302
    assert Interview.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"starts": "9.75"}, "Enter the start time as a 24-hour time, like 09:30 or 14:00"),
        ({"ends": "09:00"}, "The end time must be after the start time"),
        ({"day": "2025-04-02"}, "Select a valid choice"),
        ({"day": ""}, "Choose the day of the interview"),
        ({"starts": ""}, "Enter the start time"),
        ({"ends": ""}, "Enter the end time"),
        ({"interviewers": []}, "Choose at least one interviewer"),
    ],
)
def test_bad_times_and_missing_people_are_explained(cast, on_site, login, overrides, message):
    response = login(cast.review_manager).post(_url("interview_create", cast), _form(on_site, **overrides))
    assert message in response.text
    assert not Interview.objects.exists()


def test_the_days_offered_are_the_on_site_days(cast, on_site, login):
    page = login(cast.review_manager).get(_url("interview_create", cast)).text
    offered = re.findall(r'type="radio"\s+name="day"[^>]*value="([0-9-]+)"', page)
    assert offered == ["2025-03-31", "2025-04-01"]
    assert "Monday 31 March 2025" in page
    assert "Tuesday 1 April 2025" in page


def test_changing_and_cancelling_send_updates(
    cast, on_site, book_interview, login, django_capture_on_commit_callbacks
):
    interview = book_interview(9, who=["spoc"], team=["lead"])
    client = login(cast.review_manager)
    with django_capture_on_commit_callbacks(execute=True):
        changed = client.post(
            _url("interview_edit", cast, interview.pk),
            _form(
                on_site,
                starts="14:00",
                ends="15:00",
                interviewers=[on_site["lead"].pk],
                version=interview.version,
            ),
            follow=True,
        )
    assert mail.outbox[-1].subject.startswith("Changed: Prevent peer review interview")
    # Issue 14, item 9: the message says a change went out, not an invitation.
    assert "Attendees with an e-mail address have been sent the change." in changed.text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("interview_cancel", cast, interview.pk))
    cancel = mail.outbox[-1]
    assert cancel.subject.startswith("Cancelled:")
    assert _calendar_part(cancel).get_param("method") == "CANCEL"
    assert Interview.objects.get().cancelled_at is not None


def test_a_person_schedule_and_its_calendar_file(cast, on_site, book_interview, login, check_access):
    book_interview(9, team=["peer"])
    book_interview(11, team=["lead"], who=["police"])
    url = _url("person_schedule", cast, on_site["peer"].pk)
    response = check_access(url, outsider=cast.other_spoc, forbidden=cast.senior, allowed=cast.peer)
    assert "09:00" in response.text
    assert "11:00" not in response.text
    ics = login(cast.peer).get(url + "?format=ics")
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    assert len(Calendar.from_ical(ics.content).walk("VEVENT")) == 1


def test_stakeholders_are_listed_for_the_host_and_added_by_managers(cast, on_site, check_access, login):
    url = _url("stakeholders", cast)
    check_access(url, outsider=cast.other_spoc, forbidden=cast.senior, allowed=cast.deputy)
    assert (
        login(cast.spoc).post(url, {"job_title": "x", "organisation": "Ardlarich Council"}).status_code == 403
    )
    response = login(cast.review_manager).post(
        url,
        {"job_title": "Lead Nurse", "organisation": "__other__", "other_organisation": "NHS Highland Coast"},
    )
    assert response.status_code == 302
    assert Stakeholder.objects.get(job_title="Lead Nurse").organisation.name == "NHS Highland Coast"


def test_a_change_from_an_older_copy_is_refused_with_both_versions_shown(
    cast, on_site, book_interview, login
):
    interview = book_interview(9, room="Room A")
    url = _url("interview_edit", cast, interview.pk)
    colleague = UserFactory(is_review_manager=True, full_name="Ailsa Grant")
    mine = _form(on_site, starts="09:00", ends="10:00", location="Room B", version=interview.version)
    theirs = _form(on_site, starts="09:00", ends="10:00", location="Room C", version=interview.version)
    assert force_login(Client(), colleague).post(url, theirs).status_code == 302

    client = login(cast.review_manager)
    response = client.post(url, mine)
    assert response.status_code == 200
    assert "Their version is shown beside yours; nothing of yours is saved yet." in response.text
    conflict = response.text.split('class="app-conflict"')[1].split("<form")[0]
    assert "The version Ailsa Grant saved" in conflict
    assert "Room C" in conflict
    assert 'value="Room B"' in response.text, "the user's own entry is kept"
    assert Interview.objects.get(pk=interview.pk).location == "Room C"

    # The form now carries the stored version: saving again, having seen theirs, goes through.
    version = re.search(r'name="version" value="(\d+)"', response.text).group(1)
    assert version == str(Interview.objects.get(pk=interview.pk).version)
    assert client.post(url, dict(mine, version=version)).status_code == 302
    assert Interview.objects.get(pk=interview.pk).location == "Room B"


def test_a_stakeholder_can_be_changed(cast, on_site, login, check_access):
    """Issue 14, item 8."""
    education = on_site["stakeholders"]["education"]
    url = _url("stakeholder_edit", cast, education.pk)
    check_access(url, outsider=cast.other_spoc, forbidden=cast.spoc, allowed=cast.review_manager)
    page = login(cast.review_manager).get(url).text
    assert 'value="Education Manager"' in page
    response = login(cast.review_manager).post(
        url,
        {
            "name": "Morag Bain",
            "job_title": "Head of Education",
            "organisation": "__other__",
            "other_organisation": "Ardlarich Schools Trust",
            "email": "",
        },
    )
    assert response["Location"] == _url("stakeholders", cast)
    education.refresh_from_db()
    assert (education.name, education.job_title, education.organisation.name) == (
        "Morag Bain",
        "Head of Education",
        "Ardlarich Schools Trust",
    )


def test_a_stakeholder_is_removed_only_when_no_interview_lists_them(cast, on_site, book_interview, login):
    """Issue 14, item 8: the confirmation page first; refused while an interview lists them."""
    police, education = on_site["stakeholders"]["police"], on_site["stakeholders"]["education"]
    book_interview(9, who=["police"], team=["lead"])
    manager = login(cast.review_manager)
    listed = manager.get(_url("stakeholder_remove", cast, police.pk), follow=True)
    assert "cannot be removed while an interview lists them" in listed.text
    manager.post(_url("stakeholder_remove", cast, police.pk))
    assert Stakeholder.objects.filter(pk=police.pk).exists()
    page = manager.get(_url("stakeholder_remove", cast, education.pk))
    assert "Remove Education Manager from the stakeholders?" in page.text
    assert manager.post(_url("stakeholder_remove", cast, education.pk))["Location"] == _url(
        "stakeholders", cast
    )
    assert not Stakeholder.objects.filter(pk=education.pk).exists()
    assert login(cast.spoc).post(_url("stakeholder_remove", cast, police.pk)).status_code == 403
