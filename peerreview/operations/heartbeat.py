"""A task worker writes its heartbeat from a thread of its own while it runs, so that the readiness
check can tell a live worker from one that has died or hangs in a task."""

import socket
import threading

from django.db import connection
from django.utils import timezone

from peerreview.operations.models import WorkerHeartbeat

HEARTBEAT_SECONDS = 30


def beat(worker: str) -> None:
    WorkerHeartbeat.objects.update_or_create(worker=worker[:100], defaults={"seen_at": timezone.now()})


def worker_name(worker_id: str) -> str:
    return f"{socket.gethostname()}/{worker_id}"


def heartbeat_start(worker: str) -> threading.Event:
    """Beats now and every ``HEARTBEAT_SECONDS`` until the returned event is set (or the process
    ends: the thread is a daemon)."""
    beat(worker)
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(HEARTBEAT_SECONDS):
            try:
                beat(worker)
            finally:
                connection.close()  # this thread's own connection

    threading.Thread(target=run, name="heartbeat", daemon=True).start()
    return stop
