from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "throughcare.rights"
    verbose_name = "People's rights"
