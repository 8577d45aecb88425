from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "throughcare.geography"
    label = "geography"
    verbose_name = "Geography (gazetteer)"

    def ready(self) -> None:
        from throughcare.geography.membership import forget_when_the_gazetteer_changes

        forget_when_the_gazetteer_changes()
