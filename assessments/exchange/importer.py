"""Writes a checked exchange document into the database as one review."""

from django.db import transaction

from assessments.exchange import schema
from assessments.lifecycle import stages
from assessments.models import (
    Action,
    AspectResponse,
    Evidence,
    EvidenceAspect,
    Finding,
    Framework,
    Interview,
    InterviewInterviewee,
    InterviewInterviewer,
    LineOfEnquiry,
    Presentation,
    Report,
    Review,
    ReviewPerson,
    SelfAssessment,
    Stage,
    Stakeholder,
)
from assessments.services.plan import plan_fill
from peerreview.accounts.models import Organisation, User, organisation_key
from peerreview.accounts.services import organisation_get_or_create, user_get_or_invite


class _Organisations:
    """Finds or creates organisations by name once per import."""

    def __init__(self) -> None:
        self._by_name: dict[str, Organisation] = {}

    def get(self, name: str, kind: str = Organisation.Kind.OTHER) -> Organisation:
        key = organisation_key(name)
        if key not in self._by_name:
            self._by_name[key] = organisation_get_or_create(name=name, kind=kind)
        return self._by_name[key]


@transaction.atomic
def write_review(
    doc: schema.Document, framework: Framework, *, replace: bool, by: User | None = None
) -> Review:
    data = doc.review
    existing = Review.objects.filter(reference=data.reference).first()
    if existing is not None:
        if not replace:
            raise FileExistsError(data.reference)
        existing.delete()
    organisations = _Organisations()
    host = _host(data.host, organisations)
    review = _write_review_row(data, framework, host, by)
    team = _write_people(review, data.team, organisations, host)
    _write_people(review, data.contacts, organisations, host, offset=len(data.team))
    evidence = _write_evidence(review, data.evidence)
    if data.self_assessment is not None:
        _write_self_assessment(review, framework, data.self_assessment)
    _write_evidence_links(framework, data, evidence)
    LineOfEnquiry.objects.bulk_create(
        LineOfEnquiry(review=review, text=line.text, aspects=line.aspects, position=position)
        for position, line in enumerate(data.lines_of_enquiry)
    )
    _write_interviews(review, data.interviews, team, organisations)
    if data.presentation is not None:
        Presentation.objects.create(
            review=review, date=data.presentation.date, attendees=data.presentation.attendees
        )
    if data.report is not None:
        _write_report(review, data.report)
    findings = _write_findings(review, framework, data.findings)
    plan_fill(review=review)  # not part of the format: proposed from the on-site days
    _write_actions(data.actions, findings)
    return review


def _host(data: schema.Host, organisations: _Organisations) -> Organisation:
    host = organisations.get(data.name, data.kind)
    if host.kind == Organisation.Kind.OTHER and data.kind != "other":
        # A host first met as someone's employer in another review; now we know what it is.
        host.kind = data.kind
        host.save(update_fields=["kind"])
    return host


def _write_review_row(
    data: schema.Review, framework: Framework, host: Organisation, by: User | None
) -> Review:
    review = Review(
        reference=data.reference,
        host=host,
        framework=framework,
        protective_marking=data.protective_marking,
        on_site_start=data.on_site.start if data.on_site else None,
        on_site_end=data.on_site.end if data.on_site else None,
        venue=(data.on_site.venue or "") if data.on_site else "",
        created_by=by,
    )
    review.full_clean()
    review.save()
    stages.stage_set_on_import(review=review, stage=Stage(data.stage), by=by)
    return review


def _write_actions(actions: list[schema.Action], findings: list[Finding]) -> None:
    Action.objects.bulk_create(
        Action(
            finding=findings[item.finding - 1],
            description=item.action,
            owner=item.owner,
            due=item.due,
            status=item.status,
        )
        for item in actions
    )


def _write_people(
    review: Review,
    people: list[schema.Person],
    organisations: _Organisations,
    host: Organisation,
    offset: int = 0,
) -> dict[str, ReviewPerson]:
    written = {}
    for position, person in enumerate(people, start=offset):
        organisation = organisations.get(person.organisation) if person.organisation else None
        user = None
        if person.email:
            user, _ = user_get_or_invite(
                email=person.email,
                full_name=person.name,
                job_title=person.job_title,
                organisation=organisation if person.role in ("lead_peer", "peer", "review_manager") else host,
            )
        row = ReviewPerson(
            review=review,
            role=person.role,
            name=person.name,
            job_title=person.job_title,
            organisation=organisation,
            email=person.email or "",
            user=user,
            position=position,
        )
        row.full_clean()
        row.save()
        written[person.name] = row
    return written


def _write_evidence(review: Review, items: list[schema.Evidence]) -> dict[str, Evidence]:
    rows = Evidence.objects.bulk_create(
        Evidence(
            review=review,
            key=item.key,
            title=item.title,
            filename=item.filename or "",
            position=position,
        )
        for position, item in enumerate(items)
    )
    return {row.key: row for row in rows}


def _write_evidence_links(framework: Framework, data: schema.Review, evidence: dict[str, Evidence]) -> None:
    """The service keeps one link per document and aspect; the format gives each link from both
    sides (``evidence[].aspects`` and ``responses[].evidence``). A link named on either side is
    kept, the document's own list first, in its order, as the data migration merged them."""
    aspects = {aspect.number: aspect for aspect in framework.aspects.all()}
    pairs = [(item.key, number) for item in data.evidence for number in item.aspects]
    if data.self_assessment is not None:
        pairs += [(key, r.aspect) for r in data.self_assessment.responses for key in r.evidence]
    EvidenceAspect.objects.bulk_create(
        EvidenceAspect(evidence=evidence[key], aspect=aspects[number]) for key, number in dict.fromkeys(pairs)
    )


def _write_self_assessment(review: Review, framework: Framework, data: schema.SelfAssessment) -> None:
    self_assessment = SelfAssessment.objects.create(review=review, submitted_on=data.submitted_on)
    aspects = {aspect.number: aspect for aspect in framework.aspects.all()}
    ratings = {level.key: level for level in framework.rating_levels.all()}
    AspectResponse.objects.bulk_create(
        AspectResponse(
            self_assessment=self_assessment,
            aspect=aspects[item.aspect],
            rating=ratings[item.rating] if item.rating else None,
            narrative=item.narrative,
        )
        for item in data.responses
    )


def _write_interviews(
    review: Review,
    items: list[schema.Interview],
    team: dict[str, ReviewPerson],
    organisations: _Organisations,
) -> None:
    stakeholders: dict[tuple[str, str, str], Stakeholder] = {}
    for item in items:
        interview = Interview.objects.create(
            review=review, starts=item.starts, ends=item.ends, location=item.location, aspects=item.aspects
        )
        links = []
        for person in item.interviewees:
            key = (person.name or "", person.job_title, person.organisation.lower())
            if key not in stakeholders:
                stakeholders[key] = Stakeholder.objects.create(
                    review=review,
                    name=person.name or "",
                    job_title=person.job_title,
                    organisation=organisations.get(person.organisation),
                    position=len(stakeholders),
                )
            links.append(InterviewInterviewee(interview=interview, stakeholder=stakeholders[key]))
        InterviewInterviewee.objects.bulk_create(links)
        InterviewInterviewer.objects.bulk_create(
            InterviewInterviewer(interview=interview, person=team[name]) for name in item.interviewers
        )


def _write_report(review: Review, data: schema.Report) -> None:
    report = Report(
        review=review,
        status=data.status,
        published_on=data.published_on,
        context=data.context or "",
        executive_summary=data.executive_summary,
        key_findings=data.key_findings,
        acknowledgements=data.acknowledgements,
    )
    report.full_clean()
    report.save()


def _write_findings(review: Review, framework: Framework, items: list[schema.Finding]) -> list[Finding]:
    areas = {area.key: area for area in framework.areas.all()}
    return Finding.objects.bulk_create(
        Finding(
            review=review,
            area=areas[item.area],
            kind=item.kind,
            aspects=item.aspects,
            text=item.text,
            position=i,
        )
        for i, item in enumerate(items)
    )
