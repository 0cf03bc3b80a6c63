"""Stale-edit protection for anything two people may edit at once (``Versioned`` models)."""

from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format

from assessments.models.versioned import Versioned
from peerreview.accounts.models import User
from peerreview.audit.record import record, snapshot


class StaleEdit(Exception):
    """Someone else saved the object after the editor loaded it. ``current`` is their version."""

    def __init__(self, current: Versioned) -> None:
        self.current = current
        who = current.updated_by.full_name if current.updated_by else "Someone"
        when = date_format(timezone.localtime(current.updated_at), r"j F Y \a\t H:i")
        super().__init__(f"{who} saved this at {when}, after you opened it.")


def save_if_current(obj: Versioned, *, expected_version: int, by: User | None, fields: list[str]) -> None:
    """Saves ``fields`` of ``obj`` only if nobody has saved it since ``expected_version``.

    The check and the write are one UPDATE, so two saves racing each other cannot both win.
    Raises ``StaleEdit`` with the stored version otherwise. ``obj`` must already be validated.
    """
    model = type(obj)
    rows = model._default_manager
    now = timezone.now()
    values = {field: getattr(obj, field) for field in fields}
    stored = rows.filter(pk=obj.pk).first()
    updated = rows.filter(pk=obj.pk, version=expected_version).update(
        **values, version=F("version") + 1, updated_by=by, updated_at=now
    )
    if not updated:
        raise StaleEdit(rows.select_related("updated_by").get(pk=obj.pk))
    obj.version = expected_version + 1
    obj.updated_by, obj.updated_at = by, now
    # A compare-and-swap UPDATE sends no model signals, so the change is recorded here.
    before, after = snapshot(stored), snapshot(obj)
    keys = [*fields, "version"]
    record(
        kind="change",
        instance=obj,
        user=by,
        before={key: before.get(key, before.get(f"{key}_id")) for key in keys},
        after={key: after.get(key, after.get(f"{key}_id")) for key in keys},
    )
