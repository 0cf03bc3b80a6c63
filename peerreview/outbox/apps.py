from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "peerreview.outbox"
    label = "outbox"
    verbose_name = "E-mail outbox"
