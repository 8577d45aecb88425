from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "throughcare.core"
    label = "core"
    verbose_name = "Throughcare core"
