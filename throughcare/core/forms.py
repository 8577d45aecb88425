"""Every form's errors in GOV.UK words, even where a field was given none of its own.

Django's built-in messages ("This field is required.", "Ensure this value is less than or equal to
27.", "Select a valid choice. x is not one of the available choices.") name no field, so in an error
summary they cannot be told apart, and GOV.UK's error message guidance asks for specific words. Fields
that state their own `error_messages` keep them. Any error still carrying one of Django's own texts
is reworded here from the field's label, in one place, so a new field or form cannot leak them.
`throughcare/core/tests/test_form_messages.py` submits junk to every form in Throughcare and fails
on any Django default text that still gets through.
"""

from collections.abc import Callable
from functools import cache

from django import forms
from django.core import validators
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def _default_messages() -> list:
    """The messages (text or lazy translation) Django's own fields and validators use when a form
    gives none."""
    messages = [
        message
        for field_class in [forms.Field, *_subclasses(forms.Field)]
        for message in getattr(field_class, "default_error_messages", {}).values()
    ]
    validator_classes = [validators.BaseValidator, *_subclasses(validators.BaseValidator)]
    validator_classes += [validators.RegexValidator, validators.EmailValidator, validators.URLValidator]
    validator_classes += [validators.DecimalValidator, validators.ProhibitNullCharactersValidator]
    messages += [getattr(validator_class, "message", None) for validator_class in validator_classes]
    messages += list(validators.DecimalValidator.messages.values())
    return [message for message in messages if message is not None]


@cache
def django_default_texts() -> frozenset[str]:
    """The unformatted texts of Django's default messages (a plural one, such as the length
    validators', has no text until its number is known, so it is found by `is_django_default`)."""
    return frozenset(text for message in _default_messages() if (text := str(message)))


@cache
def _default_message_ids() -> frozenset[int]:
    return frozenset(id(message) for message in _default_messages())


def is_django_default(message) -> bool:
    return id(message) in _default_message_ids() or str(message) in django_default_texts()


def _name(field: forms.Field, field_name: str) -> str:
    """The field as the person saw it: its label without "(optional)", in curly quotes."""
    label = str(field.label or field_name.replace("_", " ").capitalize())
    label = label.removesuffix(" (optional)").strip()
    return f"“{label}”"


def _answer_needed(field: forms.Field, name: str, params: dict) -> str:
    if isinstance(field, forms.MultipleChoiceField):
        return f"Select at least one option for {name}"
    if isinstance(field, forms.ChoiceField | forms.BooleanField):
        return f"Select an answer for {name}"
    return f"Enter an answer for {name}"


def _whole_number(field: forms.Field, name: str, params: dict) -> str:
    if isinstance(field, forms.IntegerField):
        return f"{name} must be a whole number, like 12"
    if isinstance(field, forms.DecimalField | forms.FloatField):
        return f"{name} must be a number, like 2.5"
    if isinstance(field, forms.EmailField):
        return "Enter an email address in the correct format, like name@example.org"
    return f"Enter {name} in the correct format"


def _range(field: forms.Field, name: str, params: dict) -> str:
    lowest = getattr(field, "min_value", None)
    highest = getattr(field, "max_value", None)
    if lowest is not None and highest is not None:
        return f"{name} must be between {lowest} and {highest}"
    if lowest is not None:
        return f"{name} must be {lowest} or more"
    return f"{name} must be {highest} or less"


def _too_long(field: forms.Field, name: str, params: dict) -> str:
    return f"{name} must be {params.get('limit_value', getattr(field, 'max_length', ''))} characters or fewer"


def _too_short(field: forms.Field, name: str, params: dict) -> str:
    return f"{name} must be {params.get('limit_value', getattr(field, 'min_length', ''))} characters or more"


def _not_an_option(field: forms.Field, name: str, params: dict) -> str:
    return f"Select one of the options shown for {name}"


def _unreadable(field: forms.Field, name: str, params: dict) -> str:
    return f"{name} must contain only letters, numbers and punctuation"


Wording = Callable[[forms.Field, str, dict], str]
WORDING_BY_CODE: dict[str, Wording] = {
    "required": _answer_needed,
    "invalid": _whole_number,
    "min_value": _range,
    "max_value": _range,
    "step_size": _whole_number,
    "max_length": _too_long,
    "min_length": _too_short,
    "invalid_choice": _not_an_option,
    "invalid_list": _not_an_option,
    "invalid_pk_value": _not_an_option,
    "null_characters_not_allowed": _unreadable,
    "max_digits": _range,
    "max_decimal_places": _whole_number,
    "max_whole_digits": _range,
}


def govuk_worded(field: forms.Field, field_name: str, error: ValidationError) -> ValidationError:
    """The same error, in GOV.UK words if it still carried one of Django's own texts."""
    reworded = []
    for item in error.error_list:
        wording = WORDING_BY_CODE.get(item.code or "")
        if wording and is_django_default(item.message):
            item = ValidationError(
                wording(field, _name(field, field_name), item.params or {}), code=item.code
            )
        reworded.append(item)
    return ValidationError(reworded)


class GovukErrorsMixin:
    """Put before the Django form class: `class SignInForm(GovukErrorsMixin, AuthenticationForm)`."""

    fields: dict[str, forms.Field]

    def add_error(self, field, error):
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            # A dict of errors (a model's or a profile's full_clean) names its own fields: each
            # field's list goes through here on its own, so it is reworded like any other.
            for name, errors in error.error_dict.items():
                self.add_error(None if name == NON_FIELD_ERRORS else name, ValidationError(errors))
            return
        one_field = isinstance(error, ValidationError) and not hasattr(error, "error_dict")
        if one_field and field in getattr(self, "fields", {}):
            error = govuk_worded(self.fields[field], field, error)
        super().add_error(field, error)  # type: ignore[misc]

    def service_field_name(self, key: str) -> str:
        """The form's field for a service's (or model's) error key; override where they differ."""
        return key

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's refusal on the form: each message on the field it is about, and any
        message about no field of this form above the form, in the error summary."""
        pairs = error.message_dict.items() if hasattr(error, "error_dict") else [("", error.messages)]
        for key, messages in pairs:
            name = self.service_field_name(key) if key else ""
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


class GovukForm(GovukErrorsMixin, forms.Form):
    """The base of every Throughcare form."""
