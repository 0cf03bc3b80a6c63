"""The report's Appendix A, derived from the interviews: never stored, always current."""

from dataclasses import dataclass

from assessments.models import InterviewInterviewee, Review


@dataclass(frozen=True)
class Agency:
    name: str
    job_titles: list[str]


def participating_agencies(review: Review) -> list[Agency]:
    """The organisations interviewed with the job titles seen, host first, then in the order
    each was first interviewed; job titles in the order first seen, without repeats."""
    links = (
        InterviewInterviewee.objects.filter(interview__review=review, interview__cancelled_at__isnull=True)
        .select_related("stakeholder__organisation")
        .order_by("interview__starts", "interview__pk", "pk")
    )
    titles: dict[int, list[str]] = {}
    names: dict[int, str] = {}
    for link in links:
        organisation = link.stakeholder.organisation
        names[organisation.pk] = organisation.name
        seen = titles.setdefault(organisation.pk, [])
        if link.stakeholder.job_title not in seen:
            seen.append(link.stakeholder.job_title)
    order = sorted(titles, key=lambda pk: pk != review.host_id)  # stable: keeps first-seen order
    return [Agency(name=names[pk], job_titles=titles[pk]) for pk in order]
