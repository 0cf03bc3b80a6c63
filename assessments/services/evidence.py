"""Evidence: documents the host uploads, kept privately and in versions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from assessments.models import Evidence, EvidenceFile, Review
from assessments.storage import private_storage, random_name
from assessments.uploads import CheckedFile, check_file


def _check_all(files) -> list[CheckedFile]:
    """Checks every file before anything is stored, so that one bad file stores none."""
    if not files:
        raise ValidationError("Choose one or more files to upload")
    faults, checked = [], []
    for uploaded in files:
        try:
            checked.append(check_file(uploaded))
        except ValidationError as error:
            faults.extend(error.messages)
    if faults:
        raise ValidationError(faults)
    return checked


def _check_room(review: Review, adding: int) -> None:
    """A review's evidence, every version counted, stays within ``EVIDENCE_MAX_REVIEW_MB``.
    Called with the review locked, so two uploads cannot both take the last room."""
    limit = settings.EVIDENCE_MAX_REVIEW_MB * 1024 * 1024
    used = EvidenceFile.objects.bytes_for(review)
    if used + adding > limit:
        raise ValidationError(
            f"This review's evidence would come to more than {settings.EVIDENCE_MAX_REVIEW_MB} MB "
            f"({used / (1024 * 1024):.1f} MB is used). Ask a review manager about the documents to keep"
        )


def _store(review: Review, uploaded, stored: list[str]) -> str:
    """Saves the bytes under a random name and notes it, so that a failed transaction can
    discard them rather than leave files nothing refers to."""
    name = private_storage().save(random_name(review.pk), uploaded)
    stored.append(name)
    return name


def _discard(names: list[str]) -> None:
    storage = private_storage()
    for name in names:
        storage.delete(name)


def _next_key(review: Review) -> int:
    keys = Evidence.objects.filter(review=review).values_list("key", flat=True)
    numbers = [int(key[1:]) for key in keys if key[:1] == "E" and key[1:].isdigit()]
    return max(numbers, default=0) + 1


def evidence_upload(*, review: Review, files: list, aspects: list[int], by) -> list[Evidence]:
    """Stores one or several new documents, each as evidence with its first version."""
    checked = _check_all(files)
    stored: list[str] = []
    try:
        with transaction.atomic():
            Review.objects.select_for_update().get(pk=review.pk)  # one key sequence at a time
            _check_room(review, sum(check.size for check in checked))
            number = _next_key(review)
            position = (Evidence.objects.filter(review=review).aggregate(p=Max("position"))["p"] or 0) + 1
            created = []
            for offset, (uploaded, check) in enumerate(zip(files, checked, strict=True)):
                evidence = Evidence(
                    review=review,
                    key=f"E{number + offset}",
                    title=check.name.rsplit(".", 1)[0][:300],
                    filename=check.name,
                    aspects=aspects,
                    position=position + offset,
                    created_by=by,
                )
                evidence.full_clean()
                evidence.save()
                _add_file(evidence, uploaded, check, number=1, by=by, stored=stored)
                created.append(evidence)
            return created
    except Exception:
        _discard(stored)
        raise


def evidence_add_version(*, evidence: Evidence, uploaded, by) -> EvidenceFile:
    """Uploads a new version of a document; earlier versions stay available."""
    (check,) = _check_all([uploaded])
    stored: list[str] = []
    try:
        with transaction.atomic():
            Review.objects.select_for_update().get(pk=evidence.review_id)
            locked = Evidence.objects.select_for_update().get(pk=evidence.pk)
            if locked.removed_at is not None:
                raise ValidationError("This document has been removed")
            _check_room(locked.review, check.size)
            number = (locked.files.aggregate(n=Max("number"))["n"] or 0) + 1
            version = _add_file(locked, uploaded, check, number=number, by=by, stored=stored)
            locked.filename = check.name
            locked.save(update_fields=["filename"])
            evidence.filename = check.name
            return version
    except Exception:
        _discard(stored)
        raise


def _add_file(
    evidence: Evidence, uploaded, check: CheckedFile, *, number: int, by, stored: list
) -> EvidenceFile:
    version = EvidenceFile(
        evidence=evidence,
        number=number,
        stored_name=_store(evidence.review, uploaded, stored),
        original_name=check.name,
        content_type=check.content_type,
        size=check.size,
        sha256=check.sha256,
        uploaded_by=by,
    )
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def evidence_update(*, evidence: Evidence, title: str, aspects: list[int]) -> Evidence:
    evidence.title = title.strip()
    evidence.aspects = aspects
    evidence.full_clean()
    evidence.save(update_fields=["title", "aspects"])
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, by) -> Evidence:
    """Withdraws a document. It is recorded as removed, not deleted: who and when stay known."""
    if evidence.removed_at is None:
        evidence.removed_at, evidence.removed_by = timezone.now(), by
        evidence.save(update_fields=["removed_at", "removed_by"])
    return evidence
