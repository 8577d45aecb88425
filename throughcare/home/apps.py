from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "throughcare.home"
    verbose_name = "Home"
