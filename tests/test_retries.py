"""peerreview.retries: a task tried again later waits twice as long after each failed attempt."""

import datetime

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from peerreview.outbox.tasks import deliver_email
from peerreview.retries import enqueue_after

NOW = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.mark.django_db
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
@time_machine.travel(NOW, tick=False)
def test_each_wait_doubles():
    for attempts in (1, 2, 3):
        enqueue_after(deliver_email, 0, attempts=attempts, first_wait_seconds=60)
    waits = [
        (row.run_after - timezone.now()).total_seconds() for row in DBTaskResult.objects.order_by("run_after")
    ]
    assert waits == [60, 120, 240]
