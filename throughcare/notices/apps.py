from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "throughcare.notices"
    verbose_name = "Notices"
