"""Every request traceable (an id on the response, the error page and every JSON log line), metrics
for a token or an internal address only, and a readiness check that asks each part."""

import io
import json
import logging

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.views.generic import TemplateView

from peerreview.operations.heartbeat import beat
from peerreview.operations.models import WorkerHeartbeat
from peerreview.settings import object_storage

PRODUCTION_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def log_lines():
    """What the service's own console handler writes (its filter and JSON formatter), read back."""
    (handler,) = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    buffer = io.StringIO()
    previous = handler.setStream(buffer)

    def lines() -> list[dict]:
        return [json.loads(line) for line in buffer.getvalue().splitlines() if line.startswith("{")]

    yield lines
    handler.setStream(previous)


@pytest.mark.django_db
def test_each_response_carries_a_request_id_and_an_incoming_one_only_when_trusted(client, settings):
    first, second = client.get(reverse("health")), client.get(reverse("health"))
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert client.get(reverse("health"), HTTP_X_REQUEST_ID="from-the-proxy-123")["X-Request-ID"] != (
        "from-the-proxy-123"
    )
    settings.TRUST_REQUEST_ID_HEADER = True
    assert client.get(reverse("health"), HTTP_X_REQUEST_ID="from-the-proxy-123")["X-Request-ID"] == (
        "from-the-proxy-123"
    )
    assert len(client.get(reverse("health"), HTTP_X_REQUEST_ID="bad id\n")["X-Request-ID"]) == 32


def test_a_request_logs_one_json_line_with_its_id_user_and_review(cast, login, log_lines):
    response = login(cast.spoc).get(reverse("review_detail", args=[cast.review.reference]))
    (line,) = [line for line in log_lines() if line.get("message") == "request"]
    assert line["request_id"] == response["X-Request-ID"]
    assert line["user_id"] == cast.spoc.pk
    assert line["review"] == cast.review.reference
    assert (line["view"], line["status"], line["method"]) == ("review_detail", 200, "GET")
    assert line["duration_ms"] > 0
    assert cast.spoc.email not in json.dumps(log_lines())  # the user's id, never their address


def test_a_server_error_shows_its_id_and_its_log_line_names_the_view_and_exception(
    db, client, log_lines, monkeypatch
):
    def broken(self, **kwargs):
        raise RuntimeError("the accessibility page broke")

    monkeypatch.setattr(TemplateView, "get_context_data", broken)
    client.raise_request_exception = False
    response = client.get(reverse("accessibility"))
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    assert f"quote this reference: <strong>{request_id}</strong>" in response.content.decode()
    (error,) = [line for line in log_lines() if line["request_id"] == request_id and line["level"] == "ERROR"]
    assert error["view"] == "accessibility"
    assert "RuntimeError: the accessibility page broke" in error["exc_info"]


@pytest.mark.django_db
def test_metrics_answer_a_token_or_an_internal_address_only(client, settings):
    from peerreview.outbox.services import email_queue

    with override_settings(TASKS=PRODUCTION_TASKS):
        email_queue(to="a@example.org", subject="Queued", body="Waits for a worker.")
    page = client.get(reverse("metrics"))  # the test client's address is the loopback
    text = page.content.decode()
    assert page.status_code == 200
    assert "django_http_requests_total_by_view_transport_method" in text
    assert "peerreview_evidence_files" in text
    assert "peerreview_pdf_renders_total" in text
    assert 'peerreview_tasks{status="' in text  # read from the task queue's own table
    outside = {"REMOTE_ADDR": "203.0.113.5"}
    assert client.get(reverse("metrics"), **outside).status_code == 404
    settings.METRICS_TOKEN = "a-long-scraper-token"
    assert client.get(reverse("metrics"), HTTP_AUTHORIZATION="Bearer wrong", **outside).status_code == 404
    allowed = client.get(reverse("metrics"), HTTP_AUTHORIZATION="Bearer a-long-scraper-token", **outside)
    assert allowed.status_code == 200


@pytest.mark.django_db
def test_readiness_asks_the_database_storage_worker_and_scanner(client, settings, private_storage, tmp_path):
    answer = client.get(reverse("readiness"))
    assert answer.status_code == 503
    assert answer.json() == {
        "ready": False,
        "database": "ok",
        "storage": "ok",
        "worker": "failed",
        "scanner": "not configured",
    }
    beat("host-a/worker-1")
    assert client.get(reverse("readiness")).json()["ready"] is True
    settings.CLAMAV_ADDRESS = str(tmp_path / "no-daemon.sock")
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": object_storage("gone", "http://127.0.0.1:9", "eu-west-2"),
    }
    settings.STORAGES["evidence"]["OPTIONS"] |= {"access_key": "x", "secret_key": "y"}
    answer = client.get(reverse("readiness"))
    assert answer.status_code == 503
    assert answer.json()["scanner"] == "failed"
    assert answer.json()["storage"].startswith("failed")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_task_worker_beats_its_heartbeat():
    with override_settings(TASKS=PRODUCTION_TASKS):
        call_command("db_worker", "--batch", "--no-startup-delay", "--worker-id", "w1", verbosity=0)
    (heartbeat,) = WorkerHeartbeat.objects.all()
    assert heartbeat.worker == "w1"


@pytest.mark.django_db
def test_a_task_whose_worker_died_goes_back_in_the_queue_and_a_live_one_s_does_not(settings):
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from peerreview.operations.heartbeat import orphans_requeue
    from peerreview.outbox.services import email_queue

    with override_settings(TASKS=PRODUCTION_TASKS):
        email_queue(to="a@example.org", subject="One", body="x")
        email_queue(to="b@example.org", subject="Two", body="y")
    long_ago = timezone.now() - timezone.timedelta(seconds=settings.WORKER_HEARTBEAT_STALE_SECONDS + 5)
    dead, alive = DBTaskResult.objects.order_by("enqueued_at")
    DBTaskResult.objects.filter(pk=dead.pk).update(status="RUNNING", started_at=long_ago, worker_ids=["gone"])
    DBTaskResult.objects.filter(pk=alive.pk).update(
        status="RUNNING", started_at=long_ago, worker_ids=["here"]
    )
    beat("here")
    WorkerHeartbeat.objects.create(worker="gone", seen_at=long_ago)
    assert orphans_requeue() == 1
    assert DBTaskResult.objects.get(pk=dead.pk).status == "READY"
    assert DBTaskResult.objects.get(pk=alive.pk).status == "RUNNING"


class _Loaded:
    """An object in a reference cycle: one the garbage collector tracks and walks."""

    def __init__(self) -> None:
        self.itself = self


def test_what_a_process_has_loaded_is_set_aside_from_the_garbage_collector():
    import gc
    import weakref

    from peerreview.operations.memory import freeze_what_is_loaded

    kept = _Loaded()
    left_behind = weakref.ref(_Loaded())  # garbage of starting up, in a cycle only a collection frees
    frozen = freeze_what_is_loaded()
    # Not undone at the end: the suite's own processes are frozen so too (tests/conftest.py).
    assert frozen == gc.get_freeze_count() > 0
    assert left_behind() is None, "garbage is collected first, not kept for the life of the process"
    assert not any(tracked is kept for tracked in gc.get_objects()), "a full collection still walks it"
    made_later = _Loaded()
    assert any(tracked is made_later for tracked in gc.get_objects()), "what comes later is collected"
