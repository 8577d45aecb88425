"""Form fields shaped for GOV.UK components, and fields that leave the checking to the services.

The directory's service functions hold every rule and say what is wrong in plain words ("Unknown
needs addressed code: xyz"). Choice fields here therefore accept any submitted code, so a forged or
stale value reaches the service and gets its specific message, not Django's generic one.
"""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError

from throughcare.core.inputs import ANY_DATE, DateRange, is_ascii_digits


class GovukCheckboxes(forms.CheckboxSelectMultiple):
    """GOV.UK gives the first box the field's own id, so the error summary can link to the group."""

    def id_for_label(self, id_, index=None):
        return id_ if index is None else f"{id_}-{int(index) + 1}"


class GovukRadios(forms.RadioSelect):
    def id_for_label(self, id_, index=None):
        return id_ if index is None else f"{id_}-{int(index) + 1}"


class CodeChoiceField(forms.ChoiceField):
    """One code; whether it is a known code is for the service to say."""

    widget = GovukRadios

    def valid_value(self, value):
        return True


class CodesField(forms.MultipleChoiceField):
    """Several codes; whether they are known codes is for the service to say."""

    widget = GovukCheckboxes

    def valid_value(self, value):
        return True


class YesNoField(forms.TypedChoiceField):
    """A yes-or-no question asked with two radios, which (unlike a checkbox) can default to yes."""

    widget = GovukRadios

    def __init__(self, *, label: str, message: str, **kwargs):
        super().__init__(
            label=label,
            choices=[("yes", "Yes"), ("no", "No")],
            coerce=lambda value: value == "yes",
            empty_value=None,
            error_messages={"required": message, "invalid_choice": message},
            **kwargs,
        )


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


def whole_number(label: str, example: int, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        error_messages={"invalid": f"{label} must be a whole number, like {example}"},
        **kwargs,
    )


class DateParts(forms.MultiWidget):
    """Day, month and year boxes (the GOV.UK date input); submitted as NAME_day, NAME_month, NAME_year."""

    def __init__(self):
        super().__init__({"day": forms.TextInput, "month": forms.TextInput, "year": forms.TextInput})

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]

    def id_for_label(self, id_):
        # The error summary links to the first box, as the GOV.UK date input asks.
        return f"{id_}-day"


class GovukDateField(forms.Field):
    """An optional date typed as day, month and year, with the GOV.UK messages for each mistake.

    `date_range` is the kind of date it is (core.inputs): a date outside it is refused by name."""

    widget = DateParts

    def __init__(self, *, date_range: DateRange = ANY_DATE, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.date_range = date_range

    def prepare_value(self, value):
        # Templates read the three parts, whether the value came from the database or the form.
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        return value or ["", "", ""]

    def to_python(self, value):
        day, month, year = (str(part or "").strip() for part in (value or ["", "", ""]))
        if not (day or month or year):
            return None
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise ValidationError(f"{self.label} must include a {' and a '.join(missing)}")
        if not all(is_ascii_digits(part) for part in (day, month, year)):
            raise ValidationError(f"{self.label} must be a real date, like 31 3 2027")
        if len(year) != 4:
            raise ValidationError(f"{self.label} year must include 4 numbers, like 2027")
        try:
            value = date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{self.label} must be a real date, like 31 3 2027") from None
        problem = self.date_range.problem(value, self.label)
        if problem:
            raise ValidationError(problem)
        return value
