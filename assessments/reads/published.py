"""What a council's users read of their report's findings: the wording of the latest published
version, or nothing before the first one.

The team's live ``Finding`` rows are its working copy, which may be a new draft after a version is
published. Every page a council's user reaches that lists findings reads them here (the draft
report during the council's own factual-accuracy check is the one exception, and is reached
only through ``Permission.VIEW_DRAFT_REPORT``). ``tests/test_isolation_crawl.py`` walks every
host page with a published version and a new draft side by side.
"""

from assessments.models import PublishedFinding, Review
from assessments.models.report import PublishedFindingQuerySet


def published_findings(review: Review) -> PublishedFindingQuerySet:
    """``review``'s findings as its latest published version words them, in the report's order,
    with their area; empty before the first version."""
    return PublishedFinding.objects.of_latest_version(review).select_related("area")


def shareable_good_practice(review: Review) -> list[PublishedFinding]:
    """The good practice the council may choose to share: the latest published version's, each
    with the live finding its consent is kept on (a finding the team has since deleted is left
    out: there is nothing to keep a consent on)."""
    return list(
        published_findings(review)
        .good_practice()
        .filter(finding__isnull=False)
        .select_related("finding__sharing_consent")
    )
