from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self):
        from api.models import ApiToken
        from peerreview.audit.signals import audit_changes_to

        # Made, revoked: who holds a way into the service is a change of rights.
        audit_changes_to([ApiToken])
