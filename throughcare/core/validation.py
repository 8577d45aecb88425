"""Validation through Django: a model's field rules (`validators=`, `error_messages=`) and its
cross-field rules (`clean()`), run by `full_clean()` and turned into one message per field, the shape
the services raise and both the pages (error summary) and the API (422 field errors) show."""

from django.core.exceptions import ValidationError
from django.db import models


def model_errors(instance: models.Model, *, exclude=(), order=()) -> dict[str, str]:
    """The first message for each field `full_clean()` refuses, fields in `order` first.

    Uniqueness and constraints are left to the caller: a clash is answered in words that depend on
    who asks (a person outside the caller's teams is not named), and the database is the last guard.
    """
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        found = {field: messages[0] for field, messages in exc.message_dict.items()}
    else:
        return {}
    ranked = [name for name in order if name in found]
    rest = [name for name in found if name not in ranked]
    return {name: found[name] for name in ranked + rest}


def raise_model_errors(instance: models.Model, *, exclude=(), order=()) -> None:
    """`full_clean()` before a save, raising the services' one-message-per-field ValidationError."""
    if errors := model_errors(instance, exclude=exclude, order=order):
        raise ValidationError(errors)
