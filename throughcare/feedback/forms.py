from django import forms

from throughcare.core.forms import GovukForm
from throughcare.feedback.models import QUESTIONS, REJECT_REASON_MESSAGE, Answer, RejectReason

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


class ModerateForm(GovukForm):
    """Publish the words, or not, and why not."""

    first_field_id = "id_decision"

    decision = forms.ChoiceField(
        label="Can these words be published?",
        choices=[("publish", "Yes, publish them"), ("reject", "No, do not publish them")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to publish the words"},
    )
    reject_reason = forms.ChoiceField(
        label="If not, why not?",
        choices=RejectReason.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": REJECT_REASON_MESSAGE},
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("reject_reason"):
            self.add_error("reject_reason", REJECT_REASON_MESSAGE)
        return data
