from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "peerreview.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self):
        # Registers the deployment checks, the sign-in receiver, the audit of rights and the
        # makers of the links e-mails carry (services, enrolment).
        from peerreview.accounts import checks, enrolment, rights, services, two_factor  # noqa: F401
