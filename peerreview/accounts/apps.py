from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "peerreview.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"
