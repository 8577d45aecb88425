from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_match_points(sender, using, **kwargs):
    from throughcare.matching import match_points

    match_points.install(using)


class MatchingConfig(AppConfig):
    name = "throughcare.matching"
    label = "matching"
    verbose_name = "Needs-led matching"

    def ready(self):
        # After every migrate (and flush): the triggers that keep matching's derived tables in step,
        # put back whenever they are missing or out of date (match_points.py).
        post_migrate.connect(_install_match_points, sender=self, dispatch_uid="matching_install_match_points")
