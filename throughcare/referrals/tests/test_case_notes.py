"""Case notes between the two sides: both read them, they are audited, an edit keeps the earlier text,
and a note on a referral you cannot see answers 404."""

import pytest
from django.test import Client
from django.urls import reverse

from throughcare.accounts.services import token_issue
from throughcare.core.models import AppendOnlyError, AuditEvent
from throughcare.core.permissions import Role
from throughcare.referrals import notes
from throughcare.referrals.note_models import CaseNote, CaseNoteVersion
from throughcare.referrals.tests.helpers import draft, submitted

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api(user) -> Client:
    secret = token_issue(actor=None, user=user, name="test").secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def detail(referral) -> str:
    return reverse("referrals:detail", kwargs={"referral_id": referral.pk})


def test_both_sides_read_each_others_notes(referrer, receiver, service):
    referral = submitted(referrer, service)
    add = reverse("referrals:note-add", kwargs={"referral_id": referral.pk})
    assert signed_in(referrer).post(add, {"text": "He prefers mornings."}).status_code == 302
    assert signed_in(receiver).post(add, {"text": "We will call on Tuesday."}).status_code == 302
    for user in (referrer, receiver):
        html = signed_in(user).get(detail(referral)).content.decode()
        assert "He prefers mornings." in html
        assert "We will call on Tuesday." in html
    assert AuditEvent.objects.filter(verb="case_note.added").count() == 2
    listed = AuditEvent.objects.filter(verb="case_note.listed").last()
    assert len(listed.payload["note_ids"]) == 2


def test_an_edit_keeps_the_earlier_text(referrer, receiver, service):
    referral = submitted(referrer, service)
    note = notes.case_note_add(actor=referrer, referral_id=referral.pk, text="Release on the 4th.")
    edit = reverse("referrals:note-edit", kwargs={"referral_id": referral.pk, "note_id": note.pk})
    response = signed_in(referrer).post(edit, {"text": "Release on the 5th, not the 4th."})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.text == "Release on the 5th, not the 4th."
    assert note.edited_at is not None
    assert [v.text for v in note.versions.all()] == ["Release on the 4th."]
    html = signed_in(receiver).get(detail(referral)).content.decode()
    assert "Release on the 4th." in html  # the earlier text, for both sides
    assert AuditEvent.objects.filter(verb="case_note.edited", target_id=str(note.pk)).exists()
    with pytest.raises(AppendOnlyError):
        CaseNoteVersion.objects.filter(note=note).update(text="rewritten")


def test_only_the_author_changes_a_note(referrer, receiver, service):
    referral = submitted(referrer, service)
    note = notes.case_note_add(actor=referrer, referral_id=referral.pk, text="Mine.")
    edit = reverse("referrals:note-edit", kwargs={"referral_id": referral.pk, "note_id": note.pk})
    assert signed_in(receiver).get(edit).status_code == 403
    assert signed_in(receiver).post(edit, {"text": "Theirs."}).status_code == 403
    url = f"/api/v1/referrals/{referral.pk}/notes/{note.pk}"
    assert api(receiver).put(url, {"text": "Theirs."}, content_type="application/json").status_code == 403
    assert CaseNote.objects.get(pk=note.pk).text == "Mine."


def test_an_empty_or_overlong_note_is_refused_with_a_specific_message(referrer, service):
    referral = submitted(referrer, service)
    add = reverse("referrals:note-add", kwargs={"referral_id": referral.pk})
    empty = signed_in(referrer).post(add, {"text": "  "})
    assert empty.status_code == 422
    assert "Enter the note" in empty.content.decode()
    assert 'href="#id_text"' in empty.content.decode()
    long = api(referrer).post(
        f"/api/v1/referrals/{referral.pk}/notes", {"text": "x" * 5001}, content_type="application/json"
    )
    assert long.status_code == 422
    assert long.json()["errors"] == [
        {"loc": ["body", "text"], "msg": "The note must be 5,000 characters or fewer"}
    ]
    assert not CaseNote.objects.exists()


def test_a_note_on_a_referral_you_cannot_see_is_not_found(make_user, referrer, receiver, service):
    referral = submitted(referrer, service)
    note = notes.case_note_add(actor=receiver, referral_id=referral.pk, text="Private to the two sides.")
    outsider = make_user(Role.PROVIDER_CASEWORKER)
    add = reverse("referrals:note-add", kwargs={"referral_id": referral.pk})
    assert signed_in(outsider).post(add, {"text": "Hello"}).status_code == 404
    edit = reverse("referrals:note-edit", kwargs={"referral_id": referral.pk, "note_id": note.pk})
    assert signed_in(outsider).get(edit).status_code == 404
    assert api(outsider).get(f"/api/v1/referrals/{referral.pk}/notes").status_code == 404
    # The receiving service cannot see a draft, so cannot write on one either.
    unsent = draft(referrer, service)
    assert (
        api(receiver)
        .post(f"/api/v1/referrals/{unsent.pk}/notes", {"text": "Hi"}, content_type="application/json")
        .status_code
        == 404
    )


def test_notes_over_the_api(referrer, receiver, service):
    referral = submitted(referrer, service)
    url = f"/api/v1/referrals/{referral.pk}/notes"
    created = api(receiver).post(url, {"text": "Assessment booked."}, content_type="application/json")
    assert created.status_code == 201
    note_id = created.json()["id"]
    changed = api(receiver).put(
        f"{url}/{note_id}", {"text": "Assessment on Friday."}, content_type="application/json"
    )
    assert changed.status_code == 200
    [listed] = api(referrer).get(url).json()
    assert listed["side"] == "receiver"
    assert listed["text"] == "Assessment on Friday."
    assert [e["text"] for e in listed["earlier_texts"]] == ["Assessment booked."]
