import datetime
import json

import pytest
from django.urls import reverse

from assessments.exchange import export_review
from assessments.models import InterviewNote, Presentation, Report

SECRET = "CONFIDENTIAL-NOTE-7f3a"


@pytest.fixture
def interview(book_interview):
    return book_interview(9, 30, who=["spoc"], team=["lead", "peer"], aspects=[1])


def _detail(cast, interview):
    return reverse("interview_detail", args=[cast.review.reference, interview.pk])


def test_the_interview_page_checks_access(cast, interview, check_access):
    check_access(_detail(cast, interview), outsider=cast.other_spoc, forbidden=cast.senior, allowed=cast.spoc)


def test_an_interviewer_saves_notes_the_team_can_read(cast, interview, login):
    client = login(cast.lead_peer)
    response = client.post(_detail(cast, interview), {"text": f"Strong governance. {SECRET}", "version": 0})
    assert response.status_code == 302
    note = InterviewNote.objects.get()
    assert (note.author, note.version) == (cast.lead_peer, 1)
    assert SECRET in login(cast.peer).get(_detail(cast, interview)).text
    assert SECRET in login(cast.review_manager).get(_detail(cast, interview)).text


def test_notes_from_an_older_window_are_refused(cast, interview, login):
    client = login(cast.peer)
    client.post(_detail(cast, interview), {"text": "first", "version": 0})
    response = client.post(_detail(cast, interview), {"text": "from an old tab", "version": 0})
    assert response.status_code == 200
    assert "after you opened it" in response.text
    assert "from an old tab" in response.text  # kept in the form
    stored = response.text.split('class="app-conflict"')[1].split("<form")[0]
    assert "first" in stored  # the stored notes, beside the form rather than "reload"
    assert 'name="version" value="1"' in response.text
    assert InterviewNote.objects.get().text == "first"


@pytest.mark.parametrize("who", ["spoc", "deputy"])
def test_the_host_cannot_write_notes(cast, interview, login, who):
    assert (
        login(getattr(cast, who)).post(_detail(cast, interview), {"text": "x", "version": 0}).status_code
        == 403
    )
    assert not InterviewNote.objects.exists()


def test_notes_never_reach_the_host_on_any_page_or_download(cast, interview, login, pdf_text):
    InterviewNote.objects.create(interview=interview, author=cast.lead_peer, text=SECRET)
    Report.objects.create(review=cast.review, key_findings=["A finding."])
    Presentation.objects.create(review=cast.review, date=datetime.date(2025, 4, 1))
    ref = cast.review.reference
    urls = [
        reverse(name, args=[ref])
        for name in (
            "review_detail",
            "self_assessment",
            "evidence_list",
            "timetable",
            "stakeholders",
            "evidence_review",
            "lines_of_enquiry",
            "presentation",
            "review_people",
        )
    ] + [_detail(cast, interview), reverse("dashboard")]
    pdfs = [reverse("timetable_pdf", args=[ref]), reverse("presentation_handout", args=[ref])]
    for user in (cast.spoc, cast.deputy, cast.senior, cast.other_spoc):
        client = login(user)
        for url in urls:
            response = client.get(url)
            assert SECRET not in response.content.decode(), (user.email, url)
        for url in pdfs:
            response = client.get(url)
            if response.status_code == 200:
                assert all(SECRET not in page for page in pdf_text(response.content)), (user.email, url)
    assert SECRET not in json.dumps(export_review(cast.review))
