"""Answers brought back in a workbook the council filled in offline: what they would change, and
applying them all or none.

The workbook itself (``reports.documents.workbook``) is read into ``WorkbookAnswer`` rows: what each aspect
says in the workbook, and what the service said when the workbook was made (its answer's version
and its documents). An aspect changed in the service since then is a conflict: it is not
overwritten, but shown beside the workbook's answer, as the editors show a stale edit.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from assessments.models import AspectResponse, Evidence, EvidenceAspect, RatingLevel, Review
from assessments.services.self_assessment import response_save
from assessments.services.versioning import StaleEdit
from peerreview.accounts.models import User
from peerreview.audit.context import as_one_event
from peerreview.audit.record import record

CHANGED_MEANWHILE = (
    "The self-assessment changed while you were checking the upload. Upload the workbook again"
)


# Control characters no workbook (XML) can hold: a workbook leaves them out.
NOT_IN_A_WORKBOOK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def same_text(text: str) -> str:
    """A narrative as compared between the service and a workbook: line endings, the white space
    at either end of a line and characters a workbook cannot hold do not count."""
    return "\n".join(line.rstrip() for line in NOT_IN_A_WORKBOOK.sub("", text).strip().splitlines())


@dataclass(frozen=True)
class WorkbookAnswer:
    """One aspect's row: what the workbook says, and what the service said when it was made."""

    number: int
    row: int
    rating: str  # a rating's label, or "" for none
    narrative: str
    evidence: tuple[str, ...]  # documents' keys
    version: int  # of the answer the workbook was made from (0: not yet answered)
    evidence_then: tuple[str, ...]


@dataclass
class AspectChange:
    """What uploading would do to one aspect."""

    number: int
    text: str
    rating_before: str
    rating_after: str
    narrative_before: str
    narrative_after: str
    evidence_before: list[str] = field(default_factory=list)
    evidence_after: list[str] = field(default_factory=list)
    conflict: bool = False  # changed in the service since the workbook was made: not applied

    @property
    def rating_changed(self) -> bool:
        return self.rating_before != self.rating_after

    @property
    def narrative_changed(self) -> bool:
        return same_text(self.narrative_before) != same_text(self.narrative_after)


def _current(review: Review) -> tuple[dict[int, AspectResponse], dict[int, list[str]]]:
    responses = AspectResponse.objects.by_aspect(review)
    evidence = {
        number: [document.key for document in documents]
        for number, documents in EvidenceAspect.objects.by_aspect(review).items()
    }
    return responses, evidence


def workbook_changes(review: Review, answers: list[WorkbookAnswer]) -> list[AspectChange]:
    """Every aspect the workbook would change, in aspect order; those changed in the service
    since the workbook was made are marked as conflicts."""
    responses, evidence = _current(review)
    aspects = {aspect.number: aspect for aspect in review.framework.aspects.all()}
    changes = []
    for answer in sorted(answers, key=lambda a: a.number):
        response = responses.get(answer.number)
        now_rating = response.rating.label if response is not None and response.rating else ""
        now_narrative = response.narrative if response is not None else ""
        now_evidence = evidence.get(answer.number, [])
        change = AspectChange(
            number=answer.number,
            text=aspects[answer.number].text,
            rating_before=now_rating,
            rating_after=answer.rating,
            narrative_before=now_narrative,
            narrative_after=answer.narrative,
            evidence_before=now_evidence,
            evidence_after=list(answer.evidence),
        )
        if not (
            change.rating_changed or change.narrative_changed or set(answer.evidence) != set(now_evidence)
        ):
            continue
        version_now = response.version if response is not None else 0
        change.conflict = version_now != answer.version or set(now_evidence) != set(answer.evidence_then)
        changes.append(change)
    return changes


@transaction.atomic
def workbook_apply(*, review: Review, answers: list[WorkbookAnswer], by: User) -> list[AspectChange]:
    """Saves every change the workbook makes that does not conflict, all or none. Raises
    ``ValidationError`` if anything changed in the service since the changes were shown."""
    changes = workbook_changes(review, answers)
    applying = [change for change in changes if not change.conflict]
    by_number = {answer.number: answer for answer in answers}
    levels = {level.label: level for level in RatingLevel.objects.filter(framework=review.framework)}
    documents = {document.key: document for document in Evidence.objects.current().filter(review=review)}
    aspects = {aspect.number: aspect for aspect in review.framework.aspects.all()}
    with as_one_event():
        for change in applying:
            answer = by_number[change.number]
            try:
                response_save(
                    review=review,
                    aspect=aspects[change.number],
                    rating=levels.get(answer.rating),
                    narrative=answer.narrative,
                    evidence=[documents[key] for key in answer.evidence],
                    evidence_shown=[documents[key].pk for key in answer.evidence_then if key in documents],
                    expected_version=answer.version,
                    by=by,
                )
            except (StaleEdit, KeyError) as error:
                raise ValidationError(CHANGED_MEANWHILE) from error
        record(
            kind="upload",
            user=by,
            review_id=review.pk,
            summary=f"Self-assessment workbook: {len(applying)} aspect(s) changed",
        )
    return applying
