"""Forms for administering organisations and accounts; the services decide what is allowed."""

from django import forms

from throughcare.core.forms import GovukForm
from throughcare.core.permissions import ROLES_BY_ORGANISATION_KIND, OrganisationKind, Role


def _role_choices(kind: str) -> list[tuple[str, str]]:
    allowed = ROLES_BY_ORGANISATION_KIND.get(kind, frozenset())
    return [(value, label) for value, label in Role.choices if value in allowed]


class OrganisationCreateForm(GovukForm):
    first_field_id = "id_name"
    name = forms.CharField(
        label="Organisation name",
        max_length=200,
        error_messages={"required": "Enter the organisation's name"},
    )
    code = forms.CharField(
        label="Code",
        max_length=32,
        help_text=(
            "A short code that will not change, such as an ODS code. "
            "Letters, numbers, hyphens and underscores."
        ),
        error_messages={
            "required": "Enter a code for the organisation",
            "max_length": "The code must be 32 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="Kind of organisation",
        choices=OrganisationKind.choices,
        error_messages={
            "required": "Choose the kind of organisation",
            "invalid_choice": "Choose the kind of organisation",
        },
    )


class OrganisationRenameForm(GovukForm):
    first_field_id = "id_name"
    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={
            "required": "Enter the organisation's new name",
            "max_length": "The organisation's name must be 200 characters or fewer",
        },
    )
    directory_source = forms.CharField(
        label="Open Referral feed (optional)",
        required=False,
        help_text=(
            "The only feed whose imports may update this organisation's own directory listings, "
            "like https://example.org/openreferral"
        ),
    )


class ConfirmForm(GovukForm):
    """A confirmation with nothing to fill in: refusals from the service land in its error summary."""

    first_field_id = "confirm"


class InviteForm(GovukForm):
    first_field_id = "id_full_name"
    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter the person's full name"}
    )
    email = forms.EmailField(
        label="Work email address",
        max_length=254,
        error_messages={
            "required": "Enter the person's work email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        error_messages={"required": "Choose a role", "invalid_choice": "Choose a role"},
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(organisation.kind)


class RoleForm(GovukForm):
    first_field_id = "id_role"
    role = forms.ChoiceField(
        label="New role", error_messages={"required": "Choose a role", "invalid_choice": "Choose a role"}
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(organisation.kind)
