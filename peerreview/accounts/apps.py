from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "peerreview.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self):
        # Registers the deployment checks and the sign-in receiver.
        from peerreview.accounts import checks, two_factor  # noqa: F401
