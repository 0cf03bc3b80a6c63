"""The host's action plan, read from the latest published version of the report.

The council reads findings only as a published version words them (``PublishedFinding``), never
from the team's live rows, which may be a new draft. Actions answer a finding across versions; an
action whose finding the latest version no longer lists as an improvement stays in the plan,
marked as such, under the last published wording of its finding.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Prefetch

from assessments.models import Action, FindingKind, PublishedFinding, ReportVersion, Review


@dataclass
class ActionPlan:
    version: ReportVersion | None
    findings: list[PublishedFinding] = field(default_factory=list)
    # Findings with actions that the latest version no longer lists as improvements.
    dropped: list[PublishedFinding] = field(default_factory=list)

    def rows(self) -> Iterator[tuple[PublishedFinding, Action, bool]]:
        """``(published finding, action, still in the report)`` for every action, in plan order."""
        for findings, current in ((self.findings, True), (self.dropped, False)):
            for finding in findings:
                for action in finding.plan_actions:
                    yield finding, action, current


def _with_actions(queryset):
    actions = Action.objects.select_related("owner_user").with_progress().order_by("due", "pk")
    # The finding is joined, not prefetched: its actions are all the plan reads of it.
    return queryset.select_related("area", "finding").prefetch_related(
        Prefetch("finding__actions", queryset=actions)
    )


def action_plan(review: Review) -> ActionPlan:
    version = ReportVersion.objects.latest_for(review)
    if version is None:
        return ActionPlan(version=None)
    findings = list(
        _with_actions(PublishedFinding.objects.improvements().filter(version=version)).order_by(
            "area__position", "position", "pk"
        )
    )
    current = {finding.finding_id for finding in findings if finding.finding_id}
    dropped_ids = set(
        Action.objects.filter(finding__review=review)
        .exclude(finding_id__in=current)
        .values_list("finding_id", flat=True)
    )
    return ActionPlan(version=version, findings=findings, dropped=_last_wordings(dropped_ids))


def _last_wordings(finding_ids: set[int]) -> list[PublishedFinding]:
    if not finding_ids:
        return []
    last: dict[int, PublishedFinding] = {}
    wordings = (
        _with_actions(PublishedFinding.objects.filter(finding_id__in=finding_ids))
        .select_related("version")
        .defer("version__pdf", "version__docx", "version__html")
        .order_by("finding_id", "-version__number")
    )
    for wording in wordings:
        last.setdefault(wording.finding_id, wording)
    return sorted(last.values(), key=lambda wording: (wording.area.position, wording.position, wording.pk))


def published_wording(review: Review, action: Action) -> tuple[PublishedFinding | None, bool]:
    """The last published wording of the finding ``action`` answers, and whether the latest
    version still lists that finding as an improvement."""
    latest = ReportVersion.objects.latest_for(review)
    wording = (
        PublishedFinding.objects.filter(finding_id=action.finding_id, version__report__review=review)
        .order_by("-version__number")
        .first()
    )
    if wording is None or latest is None:
        return None, False
    return wording, wording.version_id == latest.pk and wording.kind == FindingKind.IMPROVEMENT
