"""The interview queryset's reads: who is in each interview, in a fixed number of queries."""

import datetime

from django.utils import timezone

from assessments.models import Interview
from assessments.services.interviews import Slot, interview_save

LONDON = timezone.get_default_timezone()


def _book(cast, on_site, hour, *, interviewees, interviewers):
    starts = datetime.datetime(2025, 3, 31, hour, 0, tzinfo=LONDON)
    slot = Slot(
        starts=starts,
        ends=starts + datetime.timedelta(hours=1),
        location=f"Room {hour}",
        interviewees=[on_site["stakeholders"][key] for key in interviewees],
        interviewers=[on_site[key] for key in interviewers],
    )
    interview_save(review=cast.review, slot=slot, aspects=[], lines_of_enquiry=[], by=cast.review_manager)


def _attendees(interviews) -> list[tuple[list[str], list[str]]]:
    return [
        (
            [link.person.name for link in interview.interviewer_links.all()],
            [
                f"{link.stakeholder} ({link.stakeholder.organisation.name})"
                for link in interview.interviewee_links.all()
            ],
        )
        for interview in interviews
    ]


def test_with_attendees_reads_everyone_and_their_organisations_in_three_queries(
    cast, on_site, django_assert_num_queries
):
    _book(cast, on_site, 9, interviewees=["spoc"], interviewers=["lead"])
    _book(cast, on_site, 10, interviewees=["police", "education"], interviewers=["lead", "peer"])
    _book(cast, on_site, 11, interviewees=["education"], interviewers=["peer"])
    lead, peer = on_site["lead"].name, on_site["peer"].name
    host, police = cast.host.name, "Police Scotland"
    # The interviews, their interviewers with the team's rows, their interviewees with theirs
    # and their organisations: the same three for one interview or for a day of them.
    with django_assert_num_queries(3):
        read = _attendees(Interview.objects.with_attendees().order_by("starts"))
    assert read == [
        ([lead], [f"Eilidh Fraser ({host})"]),
        ([lead, peer], [f"Detective Inspector ({police})", f"Education Manager ({host})"]),
        ([peer], [f"Education Manager ({host})"]),
    ]
