from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "peerreview.operations"
    label = "operations"
    verbose_name = "Operations"

    def ready(self):
        from peerreview.operations import metrics

        metrics.register_collectors()
