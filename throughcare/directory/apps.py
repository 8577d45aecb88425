from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "throughcare.directory"
    label = "directory"
    verbose_name = "Service directory"

    def ready(self):
        from throughcare.directory import term_codes  # noqa: F401 - connects its signal receivers
