"""Case note pages: adding a note from the referral page, and its author changing it."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from throughcare.core.errors import add_to_form
from throughcare.core.forms import GovukForm
from throughcare.referrals import notes


class CaseNoteForm(GovukForm):
    first_field_id = "id_text"
    # Not required here: the notes service refuses an empty note in the same words as the API.
    text = forms.CharField(
        label="Add a case note",
        required=False,
        widget=forms.Textarea,
        help_text="Both sides of the referral can read it.",
    )


@require_POST
def case_note_add(request, referral_id):
    form = CaseNoteForm(request.POST)
    if form.is_valid():
        try:
            notes.case_note_add(actor=request.user, referral_id=referral_id, text=form.cleaned_data["text"])
        except ValidationError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, "Case note added.")
            return redirect("referrals:detail", referral_id=referral_id)
    # Shown again on the referral page with the error, as any refused move is.
    from throughcare.referrals.views import render_detail

    return render_detail(request, referral_id, note_form=form, status=422)


@require_http_methods(["GET", "POST"])
def case_note_edit(request, referral_id, note_id):
    note = notes.case_note_for(request.user, referral_id, note_id)
    form = CaseNoteForm(request.POST if request.method == "POST" else None, initial={"text": note.text})
    form.fields["text"].label = "Change the case note"
    form.fields["text"].help_text = "The earlier text is kept, and both sides can still read it."
    if request.method == "POST" and form.is_valid():
        try:
            notes.case_note_edit(
                actor=request.user, referral_id=referral_id, note_id=note_id, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, "Case note changed. The earlier text is kept.")
            return redirect("referrals:detail", referral_id=referral_id)
    context = {"form": form, "note": note, "referral_id": referral_id}
    return render(request, "referrals/case_note_edit.html", context, status=422 if form.errors else 200)
