from collections import defaultdict

from django.db import migrations, models


def fill_term_codes(apps, schema_editor):
    """Every service's term codes, from its terms in Throughcare's own taxonomies (term_codes.py)."""
    Service = apps.get_model("directory", "Service")
    TaxonomyTerm = apps.get_model("directory", "TaxonomyTerm")
    code_of = {
        term_id: f"{taxonomy_code}:{code}"
        for term_id, taxonomy_code, code in TaxonomyTerm.objects.filter(
            taxonomy__code__isnull=False
        ).values_list("id", "taxonomy__code", "code")
    }
    codes = defaultdict(set)
    for service_id, term_id in Service.terms.through.objects.values_list("service_id", "taxonomyterm_id"):
        if term_id in code_of:
            codes[service_id].add(code_of[term_id])
    by_text = defaultdict(list)
    for service_id, found in codes.items():
        by_text[f" {' '.join(sorted(found))} "].append(service_id)
    for text, ids in by_text.items():
        for start in range(0, len(ids), 500):
            Service.objects.filter(id__in=ids[start : start + 500]).update(term_codes=text)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0005_service_id_published_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="service",
            name="term_codes",
            field=models.TextField(
                blank=True,
                default="",
                editable=False,
                help_text="Its terms from Throughcare's vocabularies as text (derived; see term_codes.py).",
            ),
        ),
        migrations.RemoveIndex(model_name="service", name="service_id_published_idx"),
        migrations.AddIndex(
            model_name="service",
            index=models.Index(fields=["id", "status", "is_public", "term_codes"], name="service_match_idx"),
        ),
        migrations.RunPython(fill_term_codes, migrations.RunPython.noop),
    ]
