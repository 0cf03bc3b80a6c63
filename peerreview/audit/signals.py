"""Every create, change and delete of review data, every sign-in, and any record changed or
deleted in the admin, is recorded.

The apps say which of their models hold review data (``audit_changes_to``, called from their
``ready``); this package names none. Writes that bypass model signals (compare-and-swap
updates, stage moves) record themselves through ``peerreview.audit.record``. Every other model
the admin site offers is recorded when changed or deleted there (``audit_admin_changes``), so
an administrator cannot quietly delete what people were told or sent.
"""

from collections.abc import Iterable

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from peerreview.audit.context import in_admin, summarised
from peerreview.audit.record import record, snapshot

_before: dict = {}
_audited: set[type] = set()  # models whose every change is recorded, wherever it is made


def _before_save(sender, instance, **kwargs):
    if instance.pk is not None and not summarised.get():
        old = sender._default_manager.filter(pk=instance.pk).first()
        _before[(sender, instance.pk)] = snapshot(old) if old is not None else None


def _after_save(sender, instance, created, **kwargs):
    if summarised.get():
        return
    before = None if created else _before.pop((sender, instance.pk), None)
    record(kind="create" if created else "change", instance=instance, before=before, after=snapshot(instance))


def _after_delete(sender, instance, **kwargs):
    if summarised.get():
        return
    record(kind="delete", instance=instance, before=snapshot(instance))


def audit_changes_to(models: Iterable[type]) -> None:
    """Records every create, change and delete of rows of ``models`` from now on."""
    for model in models:
        _audited.add(model)
        pre_save.connect(_before_save, sender=model, weak=False)
        post_save.connect(_after_save, sender=model, weak=False)
        post_delete.connect(_after_delete, sender=model, weak=False)


def _in_admin_only(receive):
    def receiver(sender, instance, **kwargs):
        if in_admin.get() and sender not in _audited:
            receive(sender, instance=instance, **kwargs)

    return receiver


_admin_before_save = _in_admin_only(_before_save)
_admin_after_save = _in_admin_only(_after_save)
_admin_after_delete = _in_admin_only(_after_delete)


def audit_admin_changes(models: Iterable[type]) -> None:
    """Records every change and deletion of rows of ``models`` made in the admin site (models
    audited everywhere already are left to that)."""
    for model in models:
        pre_save.connect(_admin_before_save, sender=model, weak=False)
        post_save.connect(_admin_after_save, sender=model, weak=False)
        post_delete.connect(_admin_after_delete, sender=model, weak=False)


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(kind="login", user=user, summary=user.email)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # The address tried is kept, never the password.
    record(kind="login_failed", summary=str(credentials.get("username", ""))[:300])
