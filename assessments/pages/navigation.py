"""The review navigation: which sections a viewer may open, and which one the page is in.

Page code (the layer of the views): the rules stay in ``access``; this only asks them, so that
the template just lists what it is given.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from assessments.models import Review, Stage
from assessments.rules.access import Permission

Shown = Callable[[Review, frozenset[Permission]], bool]


def _with(permission: Permission) -> Shown:
    return lambda review, actions: permission in actions


def _always(review: Review, actions: frozenset[Permission]) -> bool:
    return True


def _follow_up_comparison(review: Review, actions: frozenset[Permission]) -> bool:
    return Permission.VIEW_BASELINE in actions


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    shown: Shown
    pages: frozenset[str]  # the URL names of the pages that belong to the section


def _section(label: str, url_name: str, shown: Shown, *others: str) -> Section:
    return Section(label, url_name, shown, frozenset({url_name, *others}))


SECTIONS = (
    _section(
        "Overview",
        "review_detail",
        _always,
        "review_edit",
        "review_plan",
        "stage_return",
        "review_close",
        "review_reopen",
        "review_delete",
        "follow_up_start",
    ),
    _section(
        "Self-assessment",
        "self_assessment",
        _with(Permission.VIEW_SELF_ASSESSMENT),
        "aspect_answer",
        "self_assessment_check",
        "self_assessment_reopen",
    ),
    _section(
        "Evidence", "evidence_list", _with(Permission.VIEW_EVIDENCE), "evidence_detail", "evidence_remove"
    ),
    _section("Evidence review", "evidence_review", _with(Permission.VIEW_LINES_OF_ENQUIRY)),
    _section(
        "Lines of enquiry",
        "lines_of_enquiry",
        _with(Permission.VIEW_LINES_OF_ENQUIRY),
        "line_of_enquiry_edit",
        "line_of_enquiry_delete",
    ),
    _section(
        "Interviews",
        "timetable",
        _with(Permission.VIEW_SCHEDULE),
        "interview_create",
        "interview_detail",
        "interview_edit",
        "interview_cancel",
        "person_schedule",
        "stakeholders",
        "stakeholder_edit",
        "stakeholder_remove",
    ),
    _section("Presentation", "presentation", _with(Permission.EDIT_PRESENTATION)),
    _section(
        "Findings",
        "findings",
        _with(Permission.VIEW_FINDINGS),
        "finding_edit",
        "finding_move",
        "finding_delete",
    ),
    _section(
        "Report",
        "report",
        _always,
        "report_text",
        "report_preview",
        "report_status",
        "report_publish",
        "comment_resolve",
    ),
    _section("Action plan", "action_plan", _always, "action_create", "action_detail"),
    _section("Support", "support", _with(Permission.VIEW_SUPPORT), "support_handle"),
    _section("Feedback", "feedback", _with(Permission.GIVE_FEEDBACK)),
    _section("Then and now", "comparison", _follow_up_comparison),
    _section("Audit trail", "review_audit", _with(Permission.VIEW_AUDIT)),
    _section("People", "review_people", _with(Permission.MANAGE_PEOPLE), "person_remove"),
)


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool


# The sections each stage's work is done in: shown first, after the overview, while the review
# is at that stage.
AT_STAGE: dict[str, tuple[str, ...]] = {
    Stage.SELF_ASSESSMENT: ("self_assessment", "evidence_list"),
    Stage.EVIDENCE_REVIEW: ("evidence_review", "lines_of_enquiry", "evidence_list"),
    Stage.ON_SITE_REVIEW: ("timetable", "lines_of_enquiry"),
    Stage.KEY_FINDINGS: ("presentation", "findings"),
    Stage.REPORT: ("report", "findings"),
    Stage.FOLLOW_UP: ("action_plan", "support", "report", "feedback"),
}


def _in_stage_order(review: Review) -> list[Section]:
    first = () if review.closed_at is not None else AT_STAGE[review.stage]
    ranked = sorted(
        SECTIONS[1:], key=lambda s: first.index(s.url_name) if s.url_name in first else len(first)
    )
    return [SECTIONS[0], *ranked]


def review_nav(request: HttpRequest, review: Review, actions: frozenset[Permission]) -> list[NavLink]:
    """The sections this viewer may open, what matters at the review's stage first (then the
    rest in their usual order), the one this page belongs to marked current."""
    here = request.resolver_match.url_name if request.resolver_match else None
    return [
        NavLink(section.label, reverse(section.url_name, args=[review.reference]), here in section.pages)
        for section in _in_stage_order(review)
        if section.shown(review, actions)
    ]
