"""The report's content as plain data: the one builder both the browser preview and the PDF
render from, so that the two never drift apart.

Only facts come from here. Standard wording lives in the templates (``templates/reports/``)
and the framework's text in the framework rows.
"""

from dataclasses import dataclass, field

from django.utils.formats import date_format

from assessments.models import Finding, FindingKind, Report, Review, ReviewPerson, Role
from reports.documents.agencies import Agency, participating_agencies
from reports.documents.dates import day_span, length_in_days

ROLE_SUFFIX: dict[str, str] = {Role.LEAD_PEER: "Lead Peer", Role.REVIEW_MANAGER: "Review Manager"}


@dataclass(frozen=True)
class Section:
    """A chapter of the report, in the order it is read: the one declaration that the contents
    list, the headings, the bookmarks, the Word document and the council's comments follow."""

    key: str  # what a factual-accuracy comment names
    title: str
    anchor: str  # the chapter's id: the contents' link and the PDF's bookmark

    @property
    def template(self) -> str:
        """The chapter's body (``templates/reports/sections/``)."""
        return f"reports/sections/{self.key}.html"


SECTIONS = (
    Section("executive_summary", "1. Executive Summary", "executive-summary"),
    Section("background", "2. Prevent Peer Reviews – Background", "background"),
    Section("review_process", "3. Review Process", "review-process"),
    Section("framework", "4. Self-Assessment Framework", "framework"),
    Section("findings", "5. Summary of Findings", "findings"),
    Section("next_steps", "6. Next Steps and Further Support", "next-steps"),
    Section("appendix", "Appendix A – Participating Agencies", "appendix-a"),
)
SECTION_TITLES = {section.key: section.title for section in SECTIONS}


@dataclass
class TeamMember:
    name: str
    job_title: str
    organisation: str
    role_label: str  # "Lead Peer", "Review Manager" or "" for a peer


@dataclass
class AreaFindings:
    key: str
    title: str
    description: str
    good_practice: list[str] = field(default_factory=list)
    improvements: list[str] = field(default_factory=list)


@dataclass
class ReportContent:
    host: str
    reference: str
    marking: str
    month_year: str
    days: str
    visit_length: str
    context: str
    executive_summary: list[str]
    key_findings: list[str]
    acknowledgements: list[str] | None  # None: the standard text
    spoc_name: str | None
    team: list[TeamMember]
    areas: list[AreaFindings]
    aspects: list[str]
    agencies: list[Agency]
    status: str
    published_on: str | None
    # How the report heads each kind of finding within an area (FindingKind.heading).
    kind_headings: dict[str, str] = field(
        default_factory=lambda: {kind: kind.heading for kind in FindingKind}
    )


def build_report(review: Review) -> ReportContent:
    report = Report.objects.filter(review=review).first() or Report(review=review)
    people = list(
        review.people.current().select_related("organisation", "review__host").order_by("position", "pk")
    )
    spoc = next((p for p in people if p.role == Role.SPOC), None)
    start, end = review.on_site_start, review.on_site_end
    return ReportContent(
        host=review.host.name,
        reference=review.reference,
        marking=review.protective_marking,
        month_year=f"{start:%B %Y}" if start else "",
        days=day_span(start, end) if start and end else "",
        visit_length=length_in_days(start, end) if start and end else "",
        context=report.context.strip().rstrip("."),
        executive_summary=list(report.executive_summary),
        key_findings=list(report.key_findings),
        acknowledgements=list(report.acknowledgements) if report.acknowledgements else None,
        spoc_name=spoc.name if spoc else None,
        team=[_member(p) for p in people if p.is_team],
        areas=_areas(review),
        aspects=[aspect.text for aspect in review.framework.aspects.order_by("number")],
        agencies=participating_agencies(review),
        status=report.status,
        published_on=date_format(report.published_on, "j F Y") if report.published_on else None,
    )


def _member(person: ReviewPerson) -> TeamMember:
    return TeamMember(
        name=person.name,
        job_title=person.job_title,
        organisation=person.organisation_name,
        role_label=ROLE_SUFFIX.get(person.role, ""),
    )


def _areas(review: Review) -> list[AreaFindings]:
    areas = {
        area.pk: AreaFindings(key=area.key, title=area.title, description=area.description)
        for area in review.framework.areas.order_by("position")
    }
    for finding in Finding.objects.filter(review=review).order_by("position", "pk"):
        bucket = areas[finding.area_id]
        (bucket.good_practice if finding.kind == FindingKind.GOOD_PRACTICE else bucket.improvements).append(
            finding.text
        )
    return list(areas.values())
