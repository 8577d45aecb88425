from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "throughcare.public"
    label = "public"
    verbose_name = "Find support (public)"
