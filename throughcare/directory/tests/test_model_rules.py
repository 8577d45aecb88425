"""A service's own rules live on the model (`Service`'s field rules and `clean()`): `full_clean()` refuses
bad details with the same words the service page shows, and the hand validator does not repeat them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from throughcare.directory.details import ServiceDetails
from throughcare.directory.service_rules import service_of, validate_service
from throughcare.directory.tests.test_pages_support import manager_of, provider, service_form_data
from throughcare.geography.tests.conftest import geography, geography_dir  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geography")]

# (the details changed, the page's fields changed, the field the rule is about)
CASES = [
    pytest.param(
        {"minimum_age": 40, "maximum_age": 18}, {"minimum_age": "40", "maximum_age": "18"}, "maximum_age"
    ),
    pytest.param({"minimum_age": 130}, {"minimum_age": "130"}, "minimum_age"),
    pytest.param({"capacity_available": 12, "capacity_maximum": 10}, None, "capacity_available"),
    pytest.param({"radius_miles": 500, "covers_england": False}, None, "radius_miles"),
    pytest.param({"url": "ftp://harbour.example/"}, None, "url"),
    pytest.param({"email": "not an address"}, None, "email"),
    pytest.param({"bars_receiver_id": "DOS 123"}, None, "bars_receiver_id"),
    pytest.param({"acknowledge_within_days": 6, "decide_within_days": 3}, None, "decide_within_days"),
    pytest.param({"name": " "}, {"name": ""}, "name"),
]


def _model_message(changes: dict, field: str) -> str:
    service = service_of(ServiceDetails(**{"name": "Recovery group", "covers_england": True, **changes}))
    with pytest.raises(ValidationError) as refused:
        service.full_clean(exclude=["organisation"], validate_unique=False, validate_constraints=False)
    message = refused.value.message_dict[field][0]
    # The service's own words, not Django's defaults ("Ensure this value ...", "Value ... is not").
    assert not message.startswith(("Ensure", "Value", "This field")), message
    return message


@pytest.mark.parametrize(("changes", "posted", "field"), CASES)
def test_the_page_shows_the_models_message(client, make_user, changes, posted, field):
    message = _model_message(changes, field)
    client.force_login(manager_of(make_user, provider("Harbour Minds")[0]))
    overrides = posted or {name: str(value) for name, value in changes.items() if value is not False}
    if changes.get("covers_england") is False:
        overrides["covers_england"] = None
        overrides["local_authority_codes"] = []
    response = client.post(reverse("directory:service-create"), service_form_data(**overrides))
    assert response.status_code == 422
    assert response.context["form"].errors[field] == [message]


@pytest.mark.parametrize(("changes", "posted", "field"), CASES)
def test_the_services_validator_gives_the_models_message(changes, posted, field):
    details = ServiceDetails(**{"name": "Recovery group", "covers_england": True, **changes})
    assert validate_service(details)[field] == _model_message(changes, field)
