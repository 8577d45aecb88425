"""Case notes: writing and changing them (audited, in one transaction) and reading them (scoped, audited).

A note belongs to a referral and is read by both its sides; anyone else gets 404 from
`referral_in_scope`, so a note on a referral you cannot see is not found, never refused.
Once the person withdraws consent, the receiver reads only its own side's notes: what the referrer
wrote was shared on the strength of that consent, like the referral's details (ADR 31).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.referrals.consent_sharing import sharing_withdrawn
from throughcare.referrals.note_models import CaseNote, CaseNoteVersion
from throughcare.referrals.selectors import referral_in_scope
from throughcare.referrals.services import side_of

NOTE_MAX_LENGTH = 5000


def _checked(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Enter the note"})
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError({"text": f"The note must be {NOTE_MAX_LENGTH:,} characters or fewer"})
    return text


def case_note_add(*, actor, referral_id, text: str) -> CaseNote:
    """A note on the referral from the actor's side; 404 outside both organisations."""
    referral = referral_in_scope(actor, referral_id)
    text = _checked(text)
    with transaction.atomic():
        note = CaseNote.objects.create(
            referral=referral,
            author=actor,
            organisation_id=actor.current_organisation_id,
            side=side_of(actor, referral),
            text=text,
        )
        audit.record(
            actor=actor, verb=AuditVerb.CASE_NOTE_ADDED, target=note, payload={"referral": str(referral.pk)}
        )
    return note


def case_note_edit(*, actor, referral_id, note_id, text: str) -> CaseNote:
    """Change a note's text, keeping the text it had; only its author may (403), 404 outside the referral."""
    referral = referral_in_scope(actor, referral_id)
    text = _checked(text)
    with transaction.atomic():
        note = CaseNote.objects.select_for_update().filter(pk=note_id, referral=referral).first()
        if note is None:
            raise Http404("No such note.")
        if note.author_id != actor.pk:
            raise PermissionDenied("Only the person who wrote a note can change it.")
        if text == note.text:
            return note
        now = timezone.now()
        CaseNoteVersion.objects.create(
            note=note, text=note.text, written_at=note.edited_at or note.created_at, replaced_at=now
        )
        note.text, note.edited_at = text, now
        note.save(update_fields=["text", "edited_at", "updated_at"])
        audit.record(
            actor=actor,
            verb=AuditVerb.CASE_NOTE_EDITED,
            target=note,
            payload={"referral": str(referral.pk), "versions": note.versions.count()},
        )
    return note


def case_notes_for(user, referral_id) -> list[CaseNote]:
    """The notes the user's side may read, oldest first, with their earlier texts; the read is audited.

    Both sides read every note, until the person withdraws consent: then the receiver keeps only the
    notes its own side wrote.
    """
    referral = referral_in_scope(user, referral_id)
    side = side_of(user, referral)
    readable = CaseNote.objects.filter(referral=referral)
    withheld = sharing_withdrawn(side, referral.consents.order_by("-created_at").first())
    if withheld:
        readable = readable.filter(side=side)
    notes = list(readable.select_related("author", "organisation").prefetch_related("versions"))
    if notes:
        payload: dict = {"note_ids": [str(note.pk) for note in notes]}
        if withheld:
            payload["other_side_withheld"] = True
        audit.record(actor=user, verb=AuditVerb.CASE_NOTE_LISTED, target=referral, payload=payload)
    return notes


def case_note_for(user, referral_id, note_id) -> CaseNote:
    """One note, for its edit page: 404 outside the referral, 403 for anyone but its author."""
    referral = referral_in_scope(user, referral_id)
    note = CaseNote.objects.filter(pk=note_id, referral=referral).select_related("author").first()
    if note is None:
        raise Http404("No such note.")
    if note.author_id != user.pk:
        raise PermissionDenied("Only the person who wrote a note can change it.")
    audit.record(
        actor=user, verb=AuditVerb.CASE_NOTE_VIEWED, target=note, payload={"referral": str(referral.pk)}
    )
    return note
