from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "throughcare.directory"
    label = "directory"
    verbose_name = "Service directory"
