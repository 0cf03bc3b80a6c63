"""django-tasks-db's worker, which first warms the PDF engine (the first report it renders then
costs what later ones do), sets what it has loaded aside from the garbage collector's full
collections (``reports.documents.pdf.ready_to_serve``), and beats a heartbeat while it runs (the
readiness check reads it). Same name and options as the library's, so it takes its place."""

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as WorkerCommand

from peerreview.operations.heartbeat import heartbeat_start
from reports.documents.pdf import ready_to_serve


class Command(WorkerCommand):
    help = (
        WorkerCommand.help.rstrip(".")
        + ". First warms the PDF engine and sets what it has loaded aside (gc.freeze)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        ready_to_serve()
        stop = heartbeat_start(str(options["worker_id"]))
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
