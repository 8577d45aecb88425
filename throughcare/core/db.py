"""Small database helpers that work the same on SQLite and PostgreSQL."""

from django.db.models import Aggregate, CharField


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
