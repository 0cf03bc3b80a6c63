"""Writing audit events."""

from peerreview.audit.context import current_address, current_user
from peerreview.audit.models import AuditEvent

# Fields whose values are secrets wherever they appear (a password's hash, an authenticator app's
# key, a token): given by length only, like the fields a model lists in ``AUDIT_WITHHELD``.
SECRET_FIELDS = frozenset({"password", "key", "secret", "token", "token_hash"})


def snapshot(instance) -> dict:
    """The instance's own fields as JSON-safe values (binary data is left out, and secrets and
    fields the model lists in ``AUDIT_WITHHELD`` are given by length only)."""
    data = {}
    withheld = SECRET_FIELDS | set(getattr(instance, "AUDIT_WITHHELD", ()))
    for field in instance._meta.concrete_fields:
        if field.get_internal_type() == "BinaryField":
            continue
        value = getattr(instance, field.attname)
        if field.attname in withheld:
            value = f"[withheld: {len(str(value or ''))} characters]"
        data[field.attname] = (
            value if isinstance(value, str | int | float | bool | type(None) | list | dict) else str(value)
        )
    return data


def review_id_of(instance) -> int | None:
    """The review an audited row belongs to, as the row itself says (``owning_review_id``);
    None for rows that belong to no review, or whose review is already gone."""
    try:
        return getattr(instance, "owning_review_id", None)
    except AttributeError:  # a relation on the way was deleted first
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
