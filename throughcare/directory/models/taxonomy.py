import uuid

from django.db import models


class Taxonomy(models.Model):
    """An HSDS taxonomy: ours (see vocabularies.py) or one that came with imported records."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    code = models.SlugField(max_length=64, unique=True, null=True, blank=True, help_text="Ours only.")
    name = models.CharField(max_length=200)
    description = models.TextField()
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    taxonomy = models.ForeignKey(
        Taxonomy, null=True, blank=True, on_delete=models.CASCADE, related_name="terms"
    )
    code = models.CharField(max_length=100, blank=True, help_text="The term's code within its taxonomy.")
    name = models.CharField(max_length=200)
    description = models.TextField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    term_uri = models.URLField(blank=True)
    taxonomy_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="HSDS 'taxonomy' text, for terms whose taxonomy is not a record.",
    )

    class Meta:
        ordering = ["taxonomy_id", "name"]
        indexes = [models.Index(fields=["taxonomy", "code"], name="term_taxonomy_code_idx")]

    def __str__(self) -> str:
        return self.name


class Attribute(models.Model):
    """An HSDS attribute: a taxonomy term attached to any record (for terms we do not model as columns)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    link_type = models.CharField(max_length=50)
    link_id = models.UUIDField(db_index=True)
    taxonomy_term = models.ForeignKey(TaxonomyTerm, on_delete=models.CASCADE, related_name="attributes")
    value = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [models.Index(fields=["taxonomy_term", "link_type"], name="attribute_term_idx")]

    def __str__(self) -> str:
        return f"{self.link_type} {self.link_id}: {self.taxonomy_term_id}"
