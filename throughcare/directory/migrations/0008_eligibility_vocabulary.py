"""Load the eligibility vocabulary (named programmes' rules and the outside-criteria exception)."""

from django.db import migrations

from throughcare.directory.published_taxonomy import load_published_taxonomy
from throughcare.directory.vocabularies import ELIGIBILITY


def load(apps, schema_editor):
    load_published_taxonomy(
        apps.get_model("directory", "Taxonomy"), apps.get_model("directory", "TaxonomyTerm")
    )


def unload(apps, schema_editor):
    apps.get_model("directory", "Taxonomy").objects.filter(id=ELIGIBILITY.id).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0007_service_published_in_feed_order")]

    operations = [migrations.RunPython(load, unload)]
