"""An organisation's NHS ODS code: optional, written in capitals, refused in any other form."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from throughcare.accounts.models import Organisation
from throughcare.accounts.services import organisation_create

pytestmark = pytest.mark.django_db


def test_an_ods_code_is_kept_in_capitals():
    organisation = organisation_create(
        actor=None, code="mh-trust", name="Trust", kind="nhs_provider", ods_code=" rx4 "
    )
    assert organisation.ods_code == "RX4"


def test_an_organisation_needs_no_ods_code():
    assert organisation_create(actor=None, code="charity", name="Charity", kind="nhs_provider").ods_code == ""


@pytest.mark.parametrize("ods_code", ["R X4", "AB", "RX4-01", "ABCDEFGHIJK"])
def test_an_ods_code_of_the_wrong_form_is_refused_on_its_field(ods_code):
    with pytest.raises(ValidationError) as caught:
        organisation_create(actor=None, code="trust", name="Trust", kind="nhs_provider", ods_code=ods_code)
    assert caught.value.message_dict == {
        "ods_code": ["Enter an ODS code of 3 to 10 letters and numbers only, like RX4 or Y02345."]
    }
    assert not Organisation.objects.filter(code="trust").exists()


def test_the_command_takes_an_ods_code():
    call_command("create_organisation", "nhs-trust", "NHS Trust", kind="nhs_provider", ods_code="RX4")
    assert Organisation.objects.get(code="nhs-trust").ods_code == "RX4"
