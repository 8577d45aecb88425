"""Case notes under /api/v1/referrals/{id}/notes: both sides read and write; only a note's author
changes it (403); a referral outside both sides is 404. An empty or overlong note answers 422.
Once the person withdraws consent the receiver lists only its own side's notes."""

from datetime import datetime
from uuid import UUID

from ninja import Field, Router, Schema
from ninja.responses import Status

from throughcare.referrals import notes

router = Router(tags=["referrals"])


class CaseNoteIn(Schema):
    text: str = Field(..., description=f"Up to {notes.NOTE_MAX_LENGTH:,} characters.")


class EarlierTextOut(Schema):
    text: str
    written_at: datetime
    replaced_at: datetime


class CaseNoteOut(Schema):
    id: str
    side: str = Field(..., description="referrer or receiver: which side wrote it.")
    author_name: str
    organisation: str
    text: str
    created_at: datetime
    edited_at: datetime | None
    earlier_texts: list[EarlierTextOut] = Field(..., description="What the note said before each change.")


def _out(note) -> dict:
    return {
        "id": str(note.pk),
        "side": note.side,
        "author_name": note.author.full_name,
        "organisation": note.organisation.name,
        "text": note.text,
        "created_at": note.created_at,
        "edited_at": note.edited_at,
        "earlier_texts": [
            {"text": v.text, "written_at": v.written_at, "replaced_at": v.replaced_at}
            for v in note.versions.all()
        ],
    }


@router.get(
    "/referrals/{uuid:referral_id}/notes",
    response=list[CaseNoteOut],
    summary="Case notes on a referral, from both sides, oldest first (audited)",
    description="Once the person withdraws consent, the receiving service gets only its own side's notes.",
)
def list_case_notes(request, referral_id: UUID):
    return [_out(note) for note in notes.case_notes_for(request.auth, referral_id)]


@router.post(
    "/referrals/{uuid:referral_id}/notes",
    response={201: CaseNoteOut},
    summary="Add a case note to a referral",
)
def add_case_note(request, referral_id: UUID, payload: CaseNoteIn):
    note = notes.case_note_add(actor=request.auth, referral_id=referral_id, text=payload.text)
    return Status(201, _out(note))


@router.put(
    "/referrals/{uuid:referral_id}/notes/{uuid:note_id}",
    response=CaseNoteOut,
    summary="Change your own case note; its earlier text is kept",
)
def edit_case_note(request, referral_id: UUID, note_id: UUID, payload: CaseNoteIn):
    note = notes.case_note_edit(
        actor=request.auth, referral_id=referral_id, note_id=note_id, text=payload.text
    )
    return _out(note)
