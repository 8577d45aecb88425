"""Loading Throughcare's published taxonomy (vocabularies.py) into the Taxonomy tables.

The migration loads it once; seeding calls it again, because a test database flushed between
browser tests loses rows that only a migration created. It is idempotent either way.
"""

from throughcare.directory.vocabularies import TAXONOMY_URI, VOCABULARIES


def load_published_taxonomy(taxonomy_model, term_model) -> int:
    """Create or refresh every vocabulary and term; the models are passed in so migrations can use it."""
    count = 0
    for vocabulary in VOCABULARIES:
        taxonomy, _ = taxonomy_model.objects.update_or_create(
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
            term_model.objects.update_or_create(
                id=vocabulary.term_id(code),
                defaults={
                    "taxonomy": taxonomy,
                    "code": code,
                    "name": name,
                    "description": description,
                    "term_uri": f"{TAXONOMY_URI}/{vocabulary.code}/{code}",
                },
            )
            count += 1
    return count


def ensure_published_taxonomy() -> None:
    from throughcare.directory.models import Taxonomy, TaxonomyTerm

    expected = sum(len(vocabulary.terms) for vocabulary in VOCABULARIES)
    present = TaxonomyTerm.objects.filter(taxonomy_id__in=[v.id for v in VOCABULARIES]).count()
    if present != expected:
        load_published_taxonomy(Taxonomy, TaxonomyTerm)
