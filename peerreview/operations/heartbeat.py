"""A task worker writes its heartbeat from a thread of its own while it runs, so that the readiness
check can tell a live worker from one that has died or hangs; and a task claimed by a worker that
has died (killed, its host lost) goes back in the queue for another, rather than staying
"running" for ever. Every task is written to be run again safely (each e-mail is marked sent in
the transaction that sends it; a publication renders from what it stored).

A worker is dead once its heartbeat is ``WORKER_HEARTBEAT_STALE_SECONDS`` old; it beats four
times in that window, so a live one is never taken for dead.
"""

import logging
import threading
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus

from peerreview.operations.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def beat(worker: str) -> None:
    WorkerHeartbeat.objects.update_or_create(worker=worker[:100], defaults={"seen_at": timezone.now()})


def orphans_requeue() -> int:
    """Puts back in the queue each running task whose worker has stopped beating, and that was
    started longer ago than a live worker's heartbeat may be; returns how many."""
    stale_before = timezone.now() - timedelta(seconds=settings.WORKER_HEARTBEAT_STALE_SECONDS)
    alive = set(WorkerHeartbeat.objects.filter(seen_at__gte=stale_before).values_list("worker", flat=True))
    tasks = apps.get_model("django_tasks_database", "DBTaskResult").objects
    requeued = 0
    for task in tasks.running().filter(started_at__lt=stale_before).only("pk", "worker_ids"):
        if task.worker_ids and task.worker_ids[-1] in alive:
            continue
        # Only if it is still running as it was read: another worker may be doing this too.
        running = tasks.filter(pk=task.pk, status=TaskResultStatus.RUNNING)
        requeued += running.update(status=TaskResultStatus.READY, started_at=None)
        logger.warning("requeued task", extra={"task": str(task.pk), "worker": task.worker_ids[-1:]})
    return requeued


def heartbeat_start(worker: str) -> threading.Event:
    """Beats now and four times in each stale window until the returned event is set (or the
    process ends: the thread is a daemon), taking back the tasks of dead workers as it goes."""
    beat(worker)
    orphans_requeue()
    stop = threading.Event()
    interval = settings.WORKER_HEARTBEAT_STALE_SECONDS / 4

    def run() -> None:
        while not stop.wait(interval):
            try:
                beat(worker)
                orphans_requeue()
            except Exception:  # a database hiccup: the next beat tries again
                logger.exception("heartbeat failed")
            finally:
                connection.close()  # this thread's own connection

    threading.Thread(target=run, name="heartbeat", daemon=True).start()
    return stop
