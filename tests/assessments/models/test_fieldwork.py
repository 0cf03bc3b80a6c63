"""The interview queryset's reads: who is in each interview, in a fixed number of queries."""

from assessments.models import Interview


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
    cast, on_site, book_interview, django_assert_num_queries
):
    book_interview(9, who=["spoc"], team=["lead"])
    book_interview(10, who=["police", "education"], team=["lead", "peer"])
    book_interview(11, who=["education"], team=["peer"])
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
