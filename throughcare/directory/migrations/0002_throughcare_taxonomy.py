"""Load Throughcare's published taxonomy (vocabularies.py), with ids derived from the codes."""

from django.db import migrations

from throughcare.directory.published_taxonomy import load_published_taxonomy
from throughcare.directory.vocabularies import VOCABULARIES


def load(apps, schema_editor):
    load_published_taxonomy(
        apps.get_model("directory", "Taxonomy"), apps.get_model("directory", "TaxonomyTerm")
    )


def unload(apps, schema_editor):
    apps.get_model("directory", "Taxonomy").objects.filter(id__in=[v.id for v in VOCABULARIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
