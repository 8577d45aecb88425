from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "throughcare.outcomes"
    label = "outcomes"
    verbose_name = "Outcome measures"
