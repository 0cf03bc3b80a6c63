from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "peerreview.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self):
        from django.contrib import admin

        from peerreview.audit import signals
        from peerreview.audit.models import AuditEvent

        # The admin site has discovered every app's admin by now (it comes first among the apps).
        signals.audit_admin_changes(model for model in admin.site._registry if model is not AuditEvent)
