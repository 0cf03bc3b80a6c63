from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "peerreview.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self):
        from peerreview.audit import signals  # noqa: F401  (connects the receivers)
