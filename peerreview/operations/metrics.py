"""Prometheus metrics at ``/metrics/``, for a configured token or an internal address only.

Requests by view and status, and their latency, come from django-prometheus's middleware (per
process; with several gunicorn workers, set ``PROMETHEUS_MULTIPROC_DIR`` to a folder they share,
emptied at each start, and the page adds them up). What the whole service has done is read from
the database as the page is asked for, so every host answers alike: tasks waiting and failed,
PDFs rendered, uploads by scan result, and each worker's last heartbeat.
"""

import ipaddress
import os

import prometheus_client
from django.apps import apps
from django.conf import settings
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from prometheus_client import multiprocess
from prometheus_client.core import GaugeMetricFamily

_registered = False
PDF_RENDERS = prometheus_client.Counter(
    "peerreview_pdf_renders", "PDFs rendered by WeasyPrint in this process."
)
PDF_RENDER_SECONDS = prometheus_client.Histogram(
    "peerreview_pdf_render_seconds", "Time to render a PDF.", buckets=(0.1, 0.25, 0.5, 1, 2, 5, 10, 30)
)


# name: (help, label, model label, field) for the counts read from the database at each scrape.
COUNTS = {
    "peerreview_tasks": (
        "Background tasks by status.",
        "status",
        "django_tasks_database.DBTaskResult",
        "status",
    ),
    "peerreview_evidence_files": (
        "Uploaded files by scan result.",
        "scan",
        "assessments.EvidenceFile",
        "scan",
    ),
    "peerreview_pdfs_kept": ("Rendered PDFs kept, by kind.", "kind", "reports.RenderedPDF", "kind"),
}
HEARTBEAT_AGE = "peerreview_worker_heartbeat_age_seconds"
HEARTBEAT_HELP = "Seconds since each worker's last heartbeat."


class ServiceCollector:
    """Figures read from the database at each scrape (the apps' models, found by label)."""

    def describe(self):
        # What it collects, without asking the database (registration asks this at start-up).
        for name, (help_text, label, _model, _field) in COUNTS.items():
            yield GaugeMetricFamily(name, help_text, labels=[label])
        yield GaugeMetricFamily(HEARTBEAT_AGE, HEARTBEAT_HELP, labels=["worker"])

    def collect(self):
        for name, (help_text, label, model, field) in COUNTS.items():
            family = GaugeMetricFamily(name, help_text, labels=[label])
            for value, count in _counts(model, field):
                family.add_metric([str(value).lower()], count)
            yield family
        age = GaugeMetricFamily(HEARTBEAT_AGE, HEARTBEAT_HELP, labels=["worker"])
        now = timezone.now()
        for beat in apps.get_model("operations", "WorkerHeartbeat").objects.all():
            age.add_metric([beat.worker], (now - beat.seen_at).total_seconds())
        yield age


def _counts(label: str, field: str) -> list[tuple[object, int]]:
    try:
        model = apps.get_model(label)
    except LookupError:
        return []
    rows = model.objects.order_by().values(field).annotate(n=Count("pk")).values_list(field, "n")
    return list(rows)


def register_collectors() -> None:
    global _registered
    if not _registered:
        prometheus_client.REGISTRY.register(ServiceCollector())
        _registered = True


def may_read_metrics(request: HttpRequest) -> bool:
    """A request with the configured token (``Authorization: Bearer ...``), or from an address in
    ``METRICS_ALLOWED_NETWORKS``. Nothing else: the figures describe the programme."""
    token = settings.METRICS_TOKEN
    given = request.META.get("HTTP_AUTHORIZATION", "")
    if token and given.startswith("Bearer ") and constant_time_compare(given[7:], token):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(network) for network in settings.METRICS_ALLOWED_NETWORKS)


def metrics_page(request: HttpRequest) -> HttpResponse:
    if not may_read_metrics(request):
        raise Http404("No such page")  # to anyone else it does not exist
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        per_process = prometheus_client.CollectorRegistry()
        multiprocess.MultiProcessCollector(per_process)
        text = prometheus_client.generate_latest(per_process)
        service = prometheus_client.CollectorRegistry()
        service.register(ServiceCollector())
        text += prometheus_client.generate_latest(service)
    else:
        text = prometheus_client.generate_latest(prometheus_client.REGISTRY)
    return HttpResponse(text, content_type=prometheus_client.CONTENT_TYPE_LATEST)
