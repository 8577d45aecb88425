from django import forms

from throughcare.core.forms import GovukForm
from throughcare.feedback.models import QUESTIONS, Answer

WORDS_LONGEST = 1000


class FeedbackForm(GovukForm):
    first_field_id = "id_listened"

    words = forms.CharField(
        label="Anything else you want to say? (optional)",
        help_text="Do not put your name or anyone else's.",
        max_length=WORDS_LONGEST,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": f"Use {WORDS_LONGEST} letters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, question, _summary in reversed(QUESTIONS):
            self.fields = {
                name: forms.ChoiceField(
                    label=question,
                    choices=Answer.choices,
                    widget=forms.RadioSelect,
                    error_messages={"required": f"Answer: {question}"},
                ),
                **self.fields,
            }
