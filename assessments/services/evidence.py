"""Evidence: documents the host uploads, kept privately and in versions."""

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from assessments.files.scanning import scan_queue, scan_status_for_upload
from assessments.files.storage import private_storage, random_name
from assessments.files.uploads import CheckedFile, check_file
from assessments.models import Aspect, Evidence, EvidenceAspect, EvidenceFile, Review
from peerreview.accounts.models import User

# A removed document is kept as it was when removed: the record of what the team was given.
REMOVED = "This document has been removed, so it cannot be changed"


def _check_all(files: Sequence["UploadedFile[bytes]"]) -> list[CheckedFile]:
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


def _store(review: Review, uploaded: "UploadedFile[bytes]", stored: list[str]) -> str:
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


def evidence_upload(
    *, review: Review, files: list["UploadedFile[bytes]"], aspects: list[int], by: User | None
) -> list[Evidence]:
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
                    position=position + offset,
                    created_by=by,
                )
                evidence.full_clean()
                evidence.save()
                _links_change(review, adding=[(evidence, a) for a in _aspects(review, aspects)])
                _add_file(evidence, uploaded, check, number=1, by=by, stored=stored)
                created.append(evidence)
            return created
    except Exception:
        _discard(stored)
        raise


def evidence_add_version(
    *, evidence: Evidence, uploaded: "UploadedFile[bytes]", by: User | None
) -> EvidenceFile:
    """Uploads a new version of a document; earlier versions stay available."""
    (check,) = _check_all([uploaded])
    stored: list[str] = []
    try:
        with transaction.atomic():
            Review.objects.select_for_update().get(pk=evidence.review_id)
            locked = Evidence.objects.select_for_update().get(pk=evidence.pk)
            if locked.removed_at is not None:
                raise ValidationError(REMOVED)
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
    evidence: Evidence,
    uploaded: "UploadedFile[bytes]",
    check: CheckedFile,
    *,
    number: int,
    by: User | None,
    stored: list[str],
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
        scan=scan_status_for_upload(),
    )
    version.full_clean()
    version.save()
    scan_queue(version)
    return version


def _aspects(review: Review, numbers: list[int]) -> list[Aspect]:
    """The review's aspects with these numbers, in the order given."""
    found = {aspect.number: aspect for aspect in review.framework.aspects.filter(number__in=numbers)}
    unknown = [number for number in numbers if number not in found]
    if unknown:
        raise ValidationError(f"There is no aspect {unknown[0]} in this review's framework")
    return [found[number] for number in numbers]


def _links_change(
    review: Review,
    *,
    adding: Iterable[tuple[Evidence, Aspect]] = (),
    removing: Iterable[tuple[Evidence, Aspect]] = (),
) -> None:
    """Makes and removes evidence-aspect links, one row at a time so that each is audited.
    A link already made (or already gone) is left as it is."""
    for evidence, aspect in adding:
        if not EvidenceAspect.objects.filter(evidence=evidence, aspect=aspect).exists():
            link = EvidenceAspect(evidence=evidence, aspect=aspect)
            link.full_clean()
            link.save()
    for evidence, aspect in removing:
        for link in EvidenceAspect.objects.filter(evidence=evidence, aspect=aspect):
            link.delete()


@transaction.atomic
def evidence_update(*, evidence: Evidence, title: str, aspects: list[int], shown: list[int]) -> Evidence:
    """Renames a document and changes the aspects it supports.

    ``shown`` are the aspects the editor's page showed as linked. Only what the editor changed
    from that is applied, so a link someone made or removed from an aspect's page meanwhile is
    kept as they left it rather than silently undone.
    """
    locked = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if locked.removed_at is not None:
        raise ValidationError(REMOVED)
    locked.title = title.strip()
    locked.full_clean()
    locked.save(update_fields=["title"])
    chosen, before = set(aspects), set(shown)
    review = locked.review
    _links_change(
        review,
        adding=[(locked, a) for a in _aspects(review, [n for n in aspects if n not in before])],
        removing=[(locked, a) for a in _aspects(review, sorted(before - chosen))],
    )
    evidence.title = locked.title
    return evidence


def aspect_evidence_change(
    *, review: Review, aspect: Aspect, chosen: list[Evidence], shown: list[int]
) -> None:
    """Changes which documents support ``aspect``, from its page.

    ``shown`` are the primary keys of the documents the page showed as linked; as with
    ``evidence_update``, only the editor's own changes are applied.
    """
    before = set(shown)
    current = {e.pk: e for e in Evidence.objects.current().filter(review=review)}
    if any(e.pk not in current for e in chosen):
        raise ValidationError("A document you chose has been removed. Choose again")
    chosen_keys = {e.pk for e in chosen}
    _links_change(
        review,
        adding=[(e, aspect) for e in chosen if e.pk not in before],
        removing=[(current[pk], aspect) for pk in sorted(before - chosen_keys) if pk in current],
    )


@transaction.atomic
def evidence_remove(*, evidence: Evidence, by: User | None) -> Evidence:
    """Withdraws a document. It is recorded as removed, not deleted: who and when stay known."""
    if evidence.removed_at is None:
        evidence.removed_at, evidence.removed_by = timezone.now(), by
        evidence.save(update_fields=["removed_at", "removed_by"])
    return evidence
