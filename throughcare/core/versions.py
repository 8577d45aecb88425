"""No lost updates: an edit form carries the version of the record it was opened on.

The version is the record's `updated_at` to the microsecond. The form sends it back as `version`;
the service compares it with the row it has locked, and refuses the change when someone else saved
the record in between, saying so. The page then shows the person's own changes with the record's
new version, so saving again is a decision made knowing about the other change. A request without
a version (an older page, or the API) is not checked.
"""

from datetime import UTC

from django.core.exceptions import ValidationError

VERSION_FIELD = "version"


class EditedMeanwhileError(ValidationError):
    """Someone else saved the record after this edit began."""


def version_of(record) -> str:
    return record.updated_at.astimezone(UTC).strftime("%Y%m%d%H%M%S%f")


def posted_version(request) -> str | None:
    return request.POST.get(VERSION_FIELD) or None


def check_unchanged(locked, expected: str | None, *, what: str) -> None:
    """Refuse the change when `locked` (the row, locked for update) is not the version the form opened."""
    if expected is not None and expected != version_of(locked):
        raise EditedMeanwhileError(
            f"Someone else changed this {what} after you opened this page, so your changes have not "
            f"been saved. Open the {what} in a new tab to see what they changed, then save this form "
            "again to replace their changes with yours."
        )
