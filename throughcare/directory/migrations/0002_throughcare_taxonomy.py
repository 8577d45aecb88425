"""Load Throughcare's published taxonomy (vocabularies.py), with ids derived from the codes."""

from django.db import migrations

from throughcare.directory.vocabularies import TAXONOMY_URI, VOCABULARIES


def load(apps, schema_editor):
    Taxonomy = apps.get_model("directory", "Taxonomy")
    TaxonomyTerm = apps.get_model("directory", "TaxonomyTerm")
    for vocabulary in VOCABULARIES:
        taxonomy, _ = Taxonomy.objects.update_or_create(
            id=vocabulary.id,
            defaults={
                "code": vocabulary.code,
                "name": vocabulary.name,
                "description": vocabulary.description,
                "uri": f"{TAXONOMY_URI}/{vocabulary.code}",
                "version": "1",
            },
        )
        for code, name, description in vocabulary.terms:
            TaxonomyTerm.objects.update_or_create(
                id=vocabulary.term_id(code),
                defaults={
                    "taxonomy": taxonomy,
                    "code": code,
                    "name": name,
                    "description": description,
                    "term_uri": f"{TAXONOMY_URI}/{vocabulary.code}/{code}",
                },
            )


def unload(apps, schema_editor):
    apps.get_model("directory", "Taxonomy").objects.filter(id__in=[v.id for v in VOCABULARIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
