"""Every uploaded evidence file is scanned for viruses by a background task before anyone but its
uploader may download it (``access.may_download``).

A clean file is released to the review's readers. An infected one is kept, never deleted (the
record of what was uploaded stands), but withheld from everyone, its uploader included, and the
uploader and the review's managers are told. A scan the daemon could not do is tried again later
(``SCAN_ATTEMPTS`` times, waiting 1, 2, 4... minutes); after the last the file stays withheld and
the managers are told, so that someone can ask for it again.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from assessments.files.storage import private_storage
from assessments.models import EvidenceFile, ScanStatus
from assessments.rules.access import Permission
from assessments.telling.notifications import tell, tell_person
from peerreview.audit.record import record
from peerreview.retries import enqueue_after
from peerreview.scanner import ScannerUnavailable, scan, scanner_configured

RETRY_SECONDS = 60


def scan_status_for_upload() -> str:
    """What a new upload starts as: waiting for its scan, or not scanned where no scanner is."""
    return ScanStatus.PENDING if scanner_configured() else ScanStatus.NOT_SCANNED


def scan_queue(version: EvidenceFile) -> None:
    """Queues the scan of a new upload, in the caller's transaction (the task commits with it)."""
    if version.scan == ScanStatus.PENDING:
        evidence_file_scan.enqueue(version.pk)


@task()
def evidence_file_scan(file_id: int) -> str:
    version = EvidenceFile.objects.filter(pk=file_id, scan=ScanStatus.PENDING).first()
    if version is None:
        return "nothing to do"
    try:
        with private_storage().open(version.stored_name, "rb") as stream:
            verdict = scan(stream)
    except ScannerUnavailable as unavailable:
        return _not_scanned(version, str(unavailable))
    with transaction.atomic():
        changed = EvidenceFile.objects.filter(pk=version.pk, scan=ScanStatus.PENDING).update(
            scan=ScanStatus.CLEAN if verdict.clean else ScanStatus.INFECTED,
            scan_found=verdict.found[:200],
            scanned_at=timezone.now(),
            scan_attempts=version.scan_attempts + 1,
        )
        if changed and not verdict.clean:
            _infected(version, verdict.found)
    return "clean" if verdict.clean else "infected"


def _infected(version: EvidenceFile, found: str) -> None:
    evidence = version.evidence
    review = evidence.review
    record(
        kind="upload",
        instance=version,
        review_id=review.pk,
        summary=f"Virus found and withheld: {evidence.key} version {version.number} ({found})"[:300],
    )
    lines = [
        f"The file “{version.original_name}” uploaded as {evidence.key} was found to contain a virus "
        f"({found}). It is withheld: nobody can download it.",
        "Check the computer it came from, then upload a clean copy as a new version.",
    ]
    subject = "A virus was found in an uploaded file"
    if version.uploaded_by is not None:
        tell_person(
            person=version.uploaded_by,
            review=review,
            permission=Permission.VIEW_EVIDENCE,
            subject=subject,
            lines=lines,
            url_name="evidence_list",
        )
    tell(
        review=review,
        permission=Permission.MANAGE_PEOPLE,
        subject=subject,
        lines=lines,
        url_name="evidence_list",
        exclude=version.uploaded_by,
        event=f"evidence-infected-{version.pk}",
    )


def _not_scanned(version: EvidenceFile, why: str) -> str:
    attempts = version.scan_attempts + 1
    if attempts < settings.SCAN_ATTEMPTS:
        EvidenceFile.objects.filter(pk=version.pk).update(scan_attempts=attempts)
        enqueue_after(evidence_file_scan, version.pk, attempts=attempts, first_wait_seconds=RETRY_SECONDS)
        return f"will retry: {why}"
    with transaction.atomic():
        EvidenceFile.objects.filter(pk=version.pk).update(
            scan=ScanStatus.FAILED, scan_attempts=attempts, scan_found=why[:200]
        )
        review = version.evidence.review
        tell(
            review=review,
            permission=Permission.MANAGE_PEOPLE,
            subject="An uploaded file could not be checked for viruses",
            lines=[
                f"“{version.original_name}” ({version.evidence.key}) could not be checked after "
                f"{attempts} attempts, so it is withheld. Ask the council to upload it again once "
                "the scanner is running."
            ],
            url_name="evidence_list",
            event=f"evidence-not-checked-{version.pk}",
        )
    return f"gave up: {why}"
