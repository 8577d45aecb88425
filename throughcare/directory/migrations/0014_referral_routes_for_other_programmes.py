"""Load the referral routes of the other programmes people meet (IOM, CFO Evolution, CRS, out of
court disposals) into the published taxonomy, with ids derived from their codes as before."""

from django.db import migrations

from throughcare.directory.published_taxonomy import load_published_taxonomy
from throughcare.directory.vocabularies import REFERRAL_ROUTES

ADDED = ("iom", "cfo_evolution", "crs", "out_of_court_disposal")


def load(apps, schema_editor):
    load_published_taxonomy(
        apps.get_model("directory", "Taxonomy"), apps.get_model("directory", "TaxonomyTerm")
    )


def unload(apps, schema_editor):
    apps.get_model("directory", "TaxonomyTerm").objects.filter(
        id__in=[REFERRAL_ROUTES.term_id(code) for code in ADDED]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0013_funding_line_rules")]

    operations = [migrations.RunPython(load, unload)]
