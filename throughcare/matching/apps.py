from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "throughcare.matching"
    label = "matching"
    verbose_name = "Needs-led matching"
