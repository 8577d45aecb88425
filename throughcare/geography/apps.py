from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "throughcare.geography"
    label = "geography"
    verbose_name = "Geography (gazetteer)"
