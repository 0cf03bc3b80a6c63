"""Walks a review through the states of its life by the service's own roads: answers and
submission, the stage machine, findings, the factual-accuracy check, publication, a new draft
and closing. Tests that need a review in some state ask for it here rather than writing rows."""

import datetime

from django.utils import timezone

from assessments.lifecycle import stages
from assessments.models import Finding, FindingKind, PublishedFinding, RatingLevel, Review, Role
from assessments.services.enquiry import line_of_enquiry_create
from assessments.services.findings import finding_create, finding_update
from assessments.services.follow_up import action_create
from assessments.services.interviews import Slot, interview_save, stakeholder_save
from assessments.services.self_assessment import response_save, self_assessment_submit
from reports.publishing import steps as report_services

# Every state the lifecycle matrix covers, in the order a review reaches them.
STATES = [
    "s1_open",
    "s1_submitted",
    "s2",
    "s3",
    "s4",
    "s5_draft",
    "s5_checking",
    "s5_published",
    "s6",
    "s5_new_draft",
    "closed",
]


def people_by_role(cast) -> dict[Role, object]:
    """The cast's people on its review, by the role each holds."""
    return {
        Role.LEAD_PEER: cast.lead_peer,
        Role.PEER: cast.peer,
        Role.REVIEW_MANAGER: cast.review_manager,
        Role.SPOC: cast.spoc,
        Role.DEPUTY_SPOC: cast.deputy,
        Role.SENIOR_OFFICER: cast.senior,
    }


def answer_every_aspect(review: Review, *, by, rating_label: str | None = None) -> None:
    """Rates and describes every aspect: at ``rating_label``, or the scale's top level."""
    levels = RatingLevel.objects.filter(framework=review.framework)
    rating = levels.get(label=rating_label) if rating_label else levels.order_by("-position").first()
    for aspect in review.framework.aspects.order_by("number"):
        response_save(
            review=review,
            aspect=aspect,
            rating=rating,
            narrative=f"How the council meets aspect {aspect.number}.",
            evidence=[],
            evidence_shown=[],
            expected_version=0,
            by=by,
        )


def add_findings(review: Review, *, by) -> None:
    areas = list(review.framework.areas.order_by("position"))
    for kind, text in [
        (FindingKind.GOOD_PRACTICE, "The council's Prevent lead chairs the local CONTEST group."),
        (FindingKind.IMPROVEMENT, "Refresh the training needs analysis for front-line staff."),
    ]:
        finding_create(
            review=review, area=areas[0], kind=kind, aspects=[1], lines_of_enquiry=[], text=text, by=by
        )


def reword(finding: Finding, text: str, *, by) -> None:
    """``by`` rewords a live finding, as the team does for a new version, keeping the rest."""
    finding_update(
        finding=finding,
        area=finding.area,
        kind=finding.kind,
        aspects=finding.aspects,
        lines_of_enquiry=finding.lines_of_enquiry.all(),
        text=text,
        expected_version=finding.version,
        by=by,
    )


def _advance(review: Review, manager) -> None:
    stages.stage_advance(review=review, by=manager)


def bring_to(review: Review, state: str, *, manager, spoc, lead, start: str = "s1_open") -> Review:
    """Brings a review from ``start`` (by default new: stage 1, nothing answered) to ``state``,
    both among ``STATES``. Findings already recorded are kept; a review with none gets two."""
    steps = STATES[STATES.index(start) : STATES.index(state) + 1]
    for step in steps[1:]:
        _STEPS[step](review, manager=manager, spoc=spoc, lead=lead)
    return Review.objects.get(pk=review.pk)


def _submit(review, *, manager, spoc, lead):
    answer_every_aspect(review, by=spoc)
    self_assessment_submit(review=review, by=spoc)


def plan_the_visit(review: Review, *, by) -> None:
    """What the stage machine asks before the on-site days: the days, a line of enquiry and an
    interview with the lead peer on the panel."""
    if review.on_site_start is None:
        review.on_site_start, review.on_site_end = datetime.date(2025, 3, 31), datetime.date(2025, 4, 1)
        review.save(update_fields=["on_site_start", "on_site_end"])
    line = line_of_enquiry_create(review=review, text="How is Prevent training planned?", aspects=[4], by=by)
    stakeholder = stakeholder_save(
        review=review, name="", job_title="Education Manager", organisation=review.host, email=""
    )
    starts = timezone.make_aware(datetime.datetime.combine(review.on_site_start, datetime.time(10)))
    slot = Slot(
        starts=starts,
        ends=starts + datetime.timedelta(hours=1),
        location="Room 1",
        interviewees=[stakeholder],
        interviewers=list(review.people.current().filter(role=Role.LEAD_PEER)),
    )
    interview_save(review=review, slot=slot, aspects=[4], lines_of_enquiry=[line], by=by)


def plan_an_action(review: Review, *, by, due: datetime.date = datetime.date(2026, 3, 31)):
    """The council's action on the first suggested improvement of the published report."""
    improvement = PublishedFinding.objects.actionable(review).filter(kind=FindingKind.IMPROVEMENT).first()
    return action_create(
        published_finding=improvement,
        description="Refresh the training needs analysis",
        owner="Prevent lead",
        owner_user=None,
        due=due,
        by=by,
    )


def _to_stage_3(review, *, manager, spoc, lead):
    plan_the_visit(review, by=manager)
    _advance(review, manager)


def _to_stage_5(review, *, manager, spoc, lead):
    if not review.findings.exists():
        add_findings(review, by=lead)
    _advance(review, manager)


def _send(review, *, manager, spoc, lead):
    report_services.report_send_for_checking(review=review, by=manager)


def _publish(review, *, manager, spoc, lead):
    report_services.report_check_finish(review=review, by=spoc)  # the council is done checking
    report_services.report_publish(review=review, by=manager)


def _new_draft(review, *, manager, spoc, lead):
    stages.stage_return(review=review, by=manager, reason="The council asked for a correction.")
    report_services.report_return_to_draft(review=Review.objects.get(pk=review.pk), by=manager)


def _close(review, *, manager, spoc, lead):
    # From the new draft: publish it by the same road, move to follow-up, then close.
    review = Review.objects.get(pk=review.pk)
    report_services.report_send_for_checking(review=review, by=manager)
    report_services.report_check_finish(review=review, by=spoc)
    report_services.report_publish(review=review, by=manager)
    _advance(review, manager)
    reason = "The council keeps its action plan in its own performance system."
    stages.review_close(review=Review.objects.get(pk=review.pk), by=manager, reason=reason)


_STEPS = {
    "s1_submitted": _submit,
    "s2": lambda review, manager, **_: _advance(review, manager),
    "s3": _to_stage_3,
    "s4": lambda review, manager, **_: _advance(review, manager),
    "s5_draft": _to_stage_5,
    "s5_checking": _send,
    "s5_published": _publish,
    "s6": lambda review, manager, **_: _advance(review, manager),
    "s5_new_draft": _new_draft,
    "closed": _close,
}

assert set(_STEPS) == set(STATES[1:])
