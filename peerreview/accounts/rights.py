"""Changes of rights are audited wherever they happen (a page, the admin, a shell): an account's
password, its programme rights (active, review manager, administrator, superuser) and its groups
and permissions, each with its old and new values. Passwords themselves are never recorded.

Pages that set a password say how (``password_set_as``), so the event reads "reset through an
e-mailed link" rather than only "set". A role on a review is review data, audited by the apps.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from peerreview.accounts.models import User
from peerreview.audit.context import summarised
from peerreview.audit.record import record

RIGHTS = {
    "is_active": "Active",
    "is_review_manager": "Review manager",
    "is_staff": "Administrator",
    "is_superuser": "Superuser",
}
WATCHED = ("password", *RIGHTS)
_how: ContextVar[str] = ContextVar("password_set_how", default="set")


@contextmanager
def password_set_as(how: str) -> Iterator[None]:
    """Within this block, a password saved is recorded as ``how`` ("changed by its owner")."""
    token = _how.set(how)
    try:
        yield
    finally:
        _how.reset(token)


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _replayed(raw: bool) -> bool:
    """Rows loaded as they were (a restore, a fixture), or a bulk operation that records itself
    as one event: what they hold happened before, and is in the audit log already."""
    return raw or summarised.get()


@receiver(pre_save, sender=User)
def _remember_rights(sender, instance: User, update_fields=None, raw=False, **kwargs) -> None:
    if _replayed(raw) or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(WATCHED):
        return
    instance.__dict__["_rights_before"] = User.objects.filter(pk=instance.pk).values(*WATCHED).first()


@receiver(post_save, sender=User)
def _record_rights(sender, instance: User, created: bool, raw=False, **kwargs) -> None:
    before = instance.__dict__.pop("_rights_before", None)
    if _replayed(raw):
        return
    if created:
        granted = ", ".join(label for field, label in RIGHTS.items() if getattr(instance, field))
        summary = f"Account created for {instance.email}" + (f" ({granted})" if granted else "")
        record(kind="rights", instance=instance, summary=summary[:300], after=_rights(instance))
        return
    if before is None:
        return
    changed = [field for field in RIGHTS if before[field] != getattr(instance, field)]
    if changed:
        words = "; ".join(
            f"{RIGHTS[field]}: {_yes(before[field])} → {_yes(getattr(instance, field))}" for field in changed
        )
        record(
            kind="rights",
            instance=instance,
            summary=f"Rights of {instance.email} changed: {words}"[:300],
            before={field: before[field] for field in changed},
            after={field: getattr(instance, field) for field in changed},
        )
    if before["password"] != instance.password:
        record(
            kind="password", instance=instance, summary=f"Password {_how.get()} for {instance.email}"[:300]
        )


def _rights(user: User) -> dict[str, bool]:
    return {field: getattr(user, field) for field in RIGHTS}


@receiver(m2m_changed, sender=User.groups.through)
@receiver(m2m_changed, sender=User.user_permissions.through)
def _record_groups_and_permissions(
    sender, instance, action: str, reverse: bool, model, pk_set, **kwargs
) -> None:
    """Groups and permissions given or taken, from either side (``user.groups.add(group)`` or
    ``group.user_set.add(user)``). A clear is recorded as the removal of what it removes."""
    field = "groups" if sender is User.groups.through else "user_permissions"
    if summarised.get():
        return
    if action == "pre_clear":  # what is about to go, which post_clear is not told
        related = model.objects.filter(**{field: instance}) if reverse else getattr(instance, field).all()
        instance.__dict__[f"_clearing_{field}"] = set(related.values_list("pk", flat=True))
        return
    if action == "post_clear":
        action, pk_set = "post_remove", instance.__dict__.pop(f"_clearing_{field}", set())
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    others = model.objects.filter(pk__in=pk_set)
    pairs = (
        [(user, [str(instance)]) for user in others] if reverse else [(instance, sorted(map(str, others)))]
    )
    what = "Groups" if field == "groups" else "Permissions"
    for user, names in pairs:
        given = action == "post_add"
        record(
            kind="rights",
            instance=user,
            summary=f"{what} {'given to' if given else 'taken from'} {user.email}: {', '.join(names)}"[:300],
            before=None if given else {field: names},
            after={field: names} if given else None,
        )
