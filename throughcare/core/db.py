"""Small database helpers that work the same on SQLite and PostgreSQL."""

from django.db.models import Aggregate, CharField
from django.db.models.functions import Cast


class TextList(Aggregate):
    """The group's values joined by commas: GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s)"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(expressions)s, ',')",
            **extra_context,
        )


def as_text(field: str) -> Cast:
    """A column (an id, usually) as the database's own text: 32 hex digits on SQLite, hyphenated on
    PostgreSQL. Reading hundreds of ids this way skips building a UUID object for each."""
    return Cast(field, output_field=CharField())
