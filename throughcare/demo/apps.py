from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "throughcare.demo"
    label = "demo"
    verbose_name = "Demonstration data"
