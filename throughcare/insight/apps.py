from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "throughcare.insight"
    label = "insight"
    verbose_name = "Commissioner insight"
