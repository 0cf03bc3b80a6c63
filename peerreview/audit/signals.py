"""Every create, change and delete of review data, and every sign-in, is recorded.

The apps say which of their models hold review data (``audit_changes_to``, called from their
``ready``); this package names none. Writes that bypass model signals (compare-and-swap
updates, stage moves) record themselves through ``peerreview.audit.record``.
"""

from collections.abc import Iterable

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from peerreview.audit.context import summarised
from peerreview.audit.record import record, snapshot

_before: dict = {}


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
        pre_save.connect(_before_save, sender=model, weak=False)
        post_save.connect(_after_save, sender=model, weak=False)
        post_delete.connect(_after_delete, sender=model, weak=False)


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(kind="login", user=user, summary=user.email)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # The address tried is kept, never the password.
    record(kind="login_failed", summary=str(credentials.get("username", ""))[:300])
