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
    # Plain values: three columns a row, no model instances to build (the review page asks).
    links = (
        InterviewInterviewee.objects.filter(interview__review=review, interview__cancelled_at__isnull=True)
        .order_by("interview__starts", "interview__pk", "pk")
        .values_list(
            "stakeholder__organisation_id", "stakeholder__organisation__name", "stakeholder__job_title"
        )
    )
    titles: dict[int, list[str]] = {}
    names: dict[int, str] = {}
    for organisation, name, job_title in links:
        names[organisation] = name
        seen = titles.setdefault(organisation, [])
        if job_title not in seen:
            seen.append(job_title)
    order = sorted(titles, key=lambda pk: pk != review.host_id)  # stable: keeps first-seen order
    return [Agency(name=names[pk], job_titles=titles[pk]) for pk in order]
