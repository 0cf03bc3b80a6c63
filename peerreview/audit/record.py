"""Writing audit events."""

from peerreview.audit.context import current_address, current_user
from peerreview.audit.models import AuditEvent


def snapshot(instance) -> dict:
    """The instance's own fields as JSON-safe values (binary data is left out, and fields the
    model lists in ``AUDIT_WITHHELD`` are given by length only)."""
    data = {}
    withheld = getattr(instance, "AUDIT_WITHHELD", ())
    for field in instance._meta.concrete_fields:
        if field.get_internal_type() == "BinaryField":
            continue
        value = getattr(instance, field.attname)
        if field.attname in withheld:
            value = f"[withheld: {len(value or '')} characters]"
        data[field.attname] = (
            value if isinstance(value, str | int | float | bool | type(None) | list | dict) else str(value)
        )
    return data


def review_id_of(instance) -> int | None:
    for path in (
        "review_id",
        "self_assessment.review_id",
        "interview.review_id",
        "finding.review_id",
        "report.review_id",
        "evidence.review_id",
        "action.finding.review_id",
        "response.self_assessment.review_id",
    ):
        target = instance
        try:
            for part in path.split("."):
                target = getattr(target, part)
        except AttributeError:
            continue
        if isinstance(target, int):
            return target
    if type(instance).__name__ == "Review":
        return instance.pk
    return None


def record(
    *, kind: str, instance=None, summary: str = "", before=None, after=None, user=None, review_id=None
):
    AuditEvent.objects.create(
        kind=kind,
        user=user or current_user.get(),
        review_id=review_id
        if review_id is not None
        else (review_id_of(instance) if instance is not None else None),
        object_type=instance._meta.label if instance is not None else "",
        object_id=str(instance.pk) if instance is not None and instance.pk is not None else "",
        summary=summary or (str(instance)[:300] if instance is not None else ""),
        before=before,
        after=after,
        address=current_address.get(),
    )
