"""Reads one review out of the database as an exchange document.

Confidential interview notes, who saved what, and evidence file contents are not part of the
format, so they never leave through an export.
"""

from typing import cast

from django.db.models import Prefetch
from django.utils import timezone

from assessments.exchange import schema
from assessments.models import (
    Action,
    AspectResponse,
    EvidenceAspect,
    Finding,
    Interview,
    Review,
    ReviewPerson,
    SelfAssessment,
)


def build_document(review: Review) -> schema.Document:
    people = list(review.people.current().select_related("organisation").order_by("position", "pk"))
    findings = list(
        review.findings.select_related("area")
        .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("pk")))
        .order_by("position", "pk")
    )
    data = schema.Review(
        reference=review.reference,
        host=schema.Host(name=review.host.name, kind=cast(schema.OrganisationKind, review.host.kind)),
        protective_marking=cast(schema.Marking, review.protective_marking),
        stage=cast(schema.StageKey, review.stage),
        on_site=_on_site(review),
        team=[_person(p) for p in people if p.is_team],
        contacts=[_person(p) for p in people if not p.is_team],
        self_assessment=_self_assessment(review),
        evidence=[
            schema.Evidence(key=e.key, title=e.title, filename=e.filename or None, aspects=e.aspect_numbers)
            for e in review.evidence.current().with_aspects().order_by("position", "pk")
        ],
        lines_of_enquiry=[
            schema.LineOfEnquiry(aspects=line.aspects, text=line.text)
            for line in review.lines_of_enquiry.order_by("position", "pk")
        ],
        interviews=_interviews(review),
        presentation=_presentation(review),
        report=_report(review),
        findings=[
            schema.Finding(
                area=f.area.key, kind=cast(schema.FindingKindKey, f.kind), aspects=f.aspects, text=f.text
            )
            for f in findings
        ],
        actions=_actions(findings),
    )
    return schema.Document(format=schema.FORMAT, framework=review.framework.key, review=data)


def _actions(findings: list[Finding]) -> list[schema.Action]:
    """Each finding's actions, in the findings' order, each naming its finding by number."""
    return [
        schema.Action(
            finding=number,
            action=action.description,
            owner=action.owner,
            due=action.due,
            status=cast(schema.ActionStatusKey, action.status),
        )
        for number, finding in enumerate(findings, start=1)
        for action in finding.actions.all()
    ]


def _on_site(review: Review) -> schema.OnSite | None:
    if review.on_site_start is None or review.on_site_end is None:
        return None
    return schema.OnSite(start=review.on_site_start, end=review.on_site_end, venue=review.venue or None)


def _person(person: ReviewPerson) -> schema.Person:
    return schema.Person(
        name=person.name,
        job_title=person.job_title,
        organisation=person.organisation.name if person.organisation is not None else None,
        role=cast(schema.RoleKey, person.role),
        email=person.email or None,
    )


def _self_assessment(review: Review) -> schema.SelfAssessment | None:
    self_assessment = SelfAssessment.objects.filter(review=review).first()
    if self_assessment is None:
        return None
    responses = (
        AspectResponse.objects.filter(self_assessment=self_assessment)
        .select_related("aspect", "rating")
        .order_by("pk")
    )
    # Each link once in the service; the format names it from both sides.
    supporting = EvidenceAspect.objects.by_aspect(review)
    return schema.SelfAssessment(
        submitted_on=self_assessment.submitted_on,
        responses=[
            schema.Response(
                aspect=response.aspect.number,
                rating=response.rating.key if response.rating is not None else None,
                narrative=response.narrative,
                evidence=[e.key for e in supporting.get(response.aspect.number, [])],
            )
            for response in responses
        ],
    )


def _interviews(review: Review) -> list[schema.Interview]:
    interviews = Interview.objects.scheduled().filter(review=review).with_attendees().order_by("pk")
    zone = timezone.get_default_timezone()
    return [
        schema.Interview(
            starts=interview.starts.astimezone(zone),
            ends=interview.ends.astimezone(zone),
            location=interview.location,
            interviewees=[
                schema.Interviewee(
                    name=link.stakeholder.name or None,
                    job_title=link.stakeholder.job_title,
                    organisation=link.stakeholder.organisation.name,
                )
                for link in interview.interviewee_links.all()
            ],
            interviewers=[link.person.name for link in interview.interviewer_links.all()],
            aspects=interview.aspects,
        )
        for interview in interviews
    ]


def _presentation(review: Review) -> schema.Presentation | None:
    presentation = getattr(review, "presentation", None)
    if presentation is None:
        return None
    return schema.Presentation(date=presentation.date, attendees=presentation.attendees)


def _report(review: Review) -> schema.Report | None:
    report = getattr(review, "report", None)
    if report is None:
        return None
    return schema.Report(
        status=cast(schema.ReportStatusKey, report.status),
        published_on=report.published_on,
        context=report.context or None,
        executive_summary=report.executive_summary,
        key_findings=report.key_findings,
        acknowledgements=report.acknowledgements,
    )
