"""Writes for people's rights: the log of corrections to a person's record.

`people.services.person_update` calls `log_corrections` in its transaction, so every change to a
person's own details is kept here, whoever makes it; a DPO's correction must give a reason.
"""

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from throughcare.core.permissions import Role
from throughcare.rights.models import Rectification

if TYPE_CHECKING:
    from throughcare.accounts.models import User

REASON_REQUIRED = "Enter why you are correcting this record"


def _shown(value) -> str:
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return "" if value is None else str(value)


def require_reason(*, actor: "User | None", reason: str) -> None:
    """A DPO corrects a record in answer to a request, so says why; practitioners' edits need not."""
    if getattr(actor, "current_role", None) == Role.DPO and not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})


def log_corrections(
    *, actor: "User | None", person, before, after, changed: list[str], reason: str
) -> list[Rectification]:
    """One row per changed field, with its old and new value; call inside the update's transaction."""
    signed_in = actor is not None and getattr(actor, "is_authenticated", False)
    return Rectification.objects.bulk_create(
        [
            Rectification(
                person=person,
                field_name=name,
                old_value=_shown(getattr(before, name)),
                new_value=_shown(getattr(after, name)),
                reason=reason.strip(),
                corrected_by=actor if signed_in else None,
                organisation_id=getattr(actor, "current_organisation_id", None) if signed_in else None,
            )
            for name in changed
        ]
    )
