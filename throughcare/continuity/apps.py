from django.apps import AppConfig


class ContinuityConfig(AppConfig):
    name = "throughcare.continuity"
    label = "continuity"
    verbose_name = "Continuity of care between custody and the community"
