from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "throughcare.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"
