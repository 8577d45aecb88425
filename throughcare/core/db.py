"""Small database helpers that work the same on SQLite and PostgreSQL."""

from django.db.models import CharField
from django.db.models.functions import Cast


def as_text(field: str) -> Cast:
    """A column (an id, usually) as the database's own text: 32 hex digits on SQLite, hyphenated on
    PostgreSQL. Reading hundreds of ids this way skips building a UUID object for each."""
    return Cast(field, output_field=CharField())
