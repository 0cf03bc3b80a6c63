from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "peerreview.inbox"
    label = "inbox"
    verbose_name = "Notifications"
