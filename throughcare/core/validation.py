"""Validation through Django: a model's field rules (`validators=`, `error_messages=`) and its
cross-field rules (`clean()`), run by `full_clean()` and turned into one message per field, the shape
the services raise and both the pages (error summary) and the API (422 field errors) show."""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import models


def model_errors(
    instance: models.Model,
    *,
    exclude=(),
    only: Iterable[str] = (),
    order=(),
    rename: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The first message for each field `full_clean()` refuses, fields in `order` first.

    `only` holds a change to the fields it makes (a release to its date and type): the others, kept
    from before, are neither checked nor reported. `rename` gives a model field the name the request
    knows it by (an episode's `actual_release_date` is a release's `released_on`); `order` uses
    those names.
    Uniqueness and constraints are left to the caller: a clash is answered in words that depend on
    who asks (a person outside the caller's teams is not named), and the database is the last guard.
    """
    changed = set(only)
    if changed:
        exclude = [*exclude, *(f.name for f in instance._meta.concrete_fields if f.name not in changed)]
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        names = rename or {}
        found = {
            names.get(field, field): messages[0]
            for field, messages in exc.message_dict.items()
            if not changed or field in changed
        }
    else:
        return {}
    return ranked(found, order)


def ranked(errors: Mapping[str, str], order: Iterable[str]) -> dict[str, str]:
    """`errors` with the fields in `order` first, in that order: the order the page asks them in."""
    first = [name for name in order if name in errors]
    rest = [name for name in errors if name not in first]
    return {name: errors[name] for name in first + rest}


def raise_model_errors(instance: models.Model, **rules) -> None:
    """`full_clean()` before a save, raising the services' one-message-per-field ValidationError."""
    if errors := model_errors(instance, **rules):
        raise ValidationError(errors)
