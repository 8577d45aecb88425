"""Forms for recording a measure and writing the end-of-service summary.

They only shape input: every rule lives in `services.py`, so a page and the API refuse the same
things with the same words. No question wording is shown (see `measures.py`): questions are
numbered, and each offers its answer values as the paper form's columns, lowest first.
"""

from django import forms

from throughcare.core.forms import GovukForm
from throughcare.core.inputs import EVENT_DATES, is_ascii_digits
from throughcare.directory.forms.fields import CodeChoiceField, GovukDateField, GovukRadios
from throughcare.outcomes.measures import ITEMISED_MEASURES, TOTAL_ONLY_MEASURES
from throughcare.outcomes.models import MeasureCode, Occasion
from throughcare.outcomes.services import question_field


def _whole_number_or_as_given(value: str):
    """ "3" -> 3; anything else is left as typed, for the service to refuse by name."""
    value = (value or "").strip()
    if not value:
        return None
    return int(value) if is_ascii_digits(value) and len(value) < 10 else value


class AnswerField(CodeChoiceField):
    """One question's answer: any submitted value reaches the service, which says what is wrong."""

    def clean(self, value):
        return _whole_number_or_as_given(super().clean(value))


class ChooseMeasureForm(GovukForm):
    first_field_id = "id_measure"
    measure = CodeChoiceField(
        label="Which measure do you want to record?",
        choices=MeasureCode.choices,
        error_messages={"required": "Choose a measure"},
    )

    def clean_measure(self):
        measure = self.cleaned_data["measure"]
        if measure not in MeasureCode.values:
            raise forms.ValidationError("Choose a measure from the list")
        return measure


class MeasurementForm(GovukForm):
    """Occasion and date, then one radio group per question, or the total for a licensed measure."""

    first_field_id = "id_occasion"
    occasion = CodeChoiceField(
        label="When was the measure taken?",
        choices=Occasion.choices,
        error_messages={"required": "Choose when the measure was taken"},
    )
    recorded_on = GovukDateField(
        date_range=EVENT_DATES,
        label="Date the measure was completed",
        required=True,
        error_messages={"required": "Enter the date the measure was completed"},
    )

    def __init__(self, *args, measure: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure_code = measure
        itemised = ITEMISED_MEASURES.get(measure)
        self.itemised = itemised is not None
        if itemised is not None:
            values = range(itemised.lowest_answer, itemised.highest_answer + 1)
            for number in range(1, itemised.item_count + 1):
                self.fields[question_field(number)] = AnswerField(
                    label=f"Question {number}",
                    required=False,
                    choices=[(str(value), str(value)) for value in values],
                    widget=GovukRadios,
                )
        else:
            licensed = TOTAL_ONLY_MEASURES[measure]
            self.fields["total"] = forms.CharField(
                label=f"{licensed.code} total",
                required=False,
                help_text=f"A whole number from {licensed.lowest_total} to {licensed.highest_total}.",
            )

    def question_fields(self):
        return [self[name] for name in self.fields if name.startswith("question_")]

    def answers(self) -> list | None:
        if not self.itemised:
            return None
        return [self.cleaned_data.get(field.name) for field in self.question_fields()]

    def total(self):
        return None if self.itemised else _whole_number_or_as_given(self.cleaned_data.get("total"))


def _text(label: str, help_text: str = "") -> forms.CharField:
    # Not required here: the service says what is missing, in the same words as the API.
    return forms.CharField(label=label, required=False, widget=forms.Textarea, help_text=help_text)


class SummaryForm(GovukForm):
    first_field_id = "id_offered"
    offered = _text("What did the service offer?", "For example, the number and kind of sessions.")
    recommendations = _text("Recommendations for the referrer")
    next_steps = _text("Next steps", "What happens now, and who the referrer should contact.")
