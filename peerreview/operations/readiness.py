"""Readiness: whether this host can serve, for a load balancer or an orchestrator to ask before
sending it traffic. ``/health/`` stays the liveness check (the process answers; it touches
nothing). Each part is asked and its answer given, and the page is 503 when any part fails."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import storages
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone

from peerreview.operations.models import WorkerHeartbeat
from peerreview.scanner import scanner_answers, scanner_configured


def _database() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _storage() -> bool:
    # Asking for a name that is never stored: the store must answer, and say it is not there.
    return storages["evidence"].exists(f"readiness/{uuid.uuid4().hex}") is False


def _worker() -> bool:
    latest = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    window = timedelta(seconds=settings.WORKER_HEARTBEAT_STALE_SECONDS)
    return latest is not None and timezone.now() - latest <= window


def _scanner() -> bool | None:
    return scanner_answers() if scanner_configured() else None  # None: not configured


CHECKS = {"database": _database, "storage": _storage, "worker": _worker, "scanner": _scanner}


def readiness(request: HttpRequest) -> JsonResponse:
    answers: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            result = check()
        except Exception as error:  # a part that cannot even be asked is not ready
            answers[name] = f"failed: {type(error).__name__}"
            continue
        answers[name] = "not configured" if result is None else "ok" if result else "failed"
    ready = not any(answer.startswith("failed") for answer in answers.values())
    return JsonResponse({"ready": ready, **answers}, status=200 if ready else 503)
