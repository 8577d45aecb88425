"""Throughcare's referral messages against FHIRPath invariants: base R4 and the BaRS MUSTs.

Each rule is a FHIRPath expression evaluated with fhirpathpy on the exported JSON, so the tests check
what a FHIR validator checks, not only the shape our own builder produced.
"""

import json

import pytest
from django.core.exceptions import ValidationError
from fhirpathpy import evaluate

from throughcare.accounts.tests.factories import OrganisationFactory
from throughcare.core.permissions import Role
from throughcare.people.tests.helpers import person_in, valid_nhs_number
from throughcare.referrals import services
from throughcare.referrals.fhir import systems as s
from throughcare.referrals.fhir.build import MESSAGE_REASON, REQUEST_STATUS
from throughcare.referrals.fhir.exchange import referral_message_for
from throughcare.referrals.states import ReferralState
from throughcare.referrals.tests.fhir_helpers import api_client, minimal_message
from throughcare.referrals.tests.helpers import draft, give_consent, submitted

pytestmark = pytest.mark.django_db

# (name, FHIRPath evaluated on the Bundle, which must be true)
INVARIANTS = [
    # Base R4.
    ("ppc-1", "entry.resource.ofType(Consent).all(policy.exists() or policyRule.exists())"),
    (
        "ppc-2",
        "entry.resource.ofType(Consent).all(patient.exists() or scope.coding.where(system = "
        "'http://terminology.hl7.org/CodeSystem/consentscope' and code = 'patient-privacy').exists().not())",
    ),
    ("sr-1", "entry.resource.ofType(ServiceRequest).all(orderDetail.empty() or code.exists())"),
    (
        "per-1",
        "entry.resource.ofType(Encounter).all(period.start.exists() and "
        "(period.end.empty() or period.start <= period.end))",
    ),
    ("dom-3 (no contained)", "entry.resource.all(contained.empty())"),
    ("bdl-7", "entry.where(fullUrl.exists()).select(fullUrl).isDistinct()"),
    ("bdl-9", "type = 'message' implies identifier.exists()"),
    ("bdl-12", "type = 'message' implies entry.first().resource.is(MessageHeader)"),
    ("bdl-10", "type = 'message' implies timestamp.exists()"),
    # BaRS referral: meta on every resource, and the bundle's version.
    ("meta.profile", "entry.resource.all(meta.profile.exists()) and meta.profile.exists()"),
    ("meta.lastUpdated", "entry.resource.all(meta.lastUpdated.exists())"),
    ("Bundle.meta.versionId", "meta.versionId.exists()"),
    # The MessageHeader.
    ("definition", f"entry.first().resource.definition = '{s.BARS_REFERRAL_DEFINITION}'"),
    (
        "reason",
        f"entry.first().resource.reason.coding.where(system = '{s.BARS_REASON_SYSTEM}').code = 'new'",
    ),
    ("destination.endpoint", "entry.first().resource.destination.all(endpoint.exists())"),
    ("source.endpoint", "entry.first().resource.source.endpoint.exists()"),
    # The ServiceRequest.
    ("intent plan", "entry.resource.ofType(ServiceRequest).all(intent = 'plan')"),
    ("status active", "entry.resource.ofType(ServiceRequest).all(status = 'active')"),
    (
        "category",
        f"entry.resource.ofType(ServiceRequest).all(category.coding.where(system = "
        f"'{s.BARS_CATEGORY_SYSTEM}' and code = '{s.BARS_CATEGORY_REFERRAL}').exists())",
    ),
    ("authoredOn", "entry.resource.ofType(ServiceRequest).all(authoredOn.exists() and subject.exists())"),
    # The resources the referral MessageDefinition requires.
    *[
        (f"has {kind}", f"entry.resource.ofType({kind}).count() >= 1")
        for kind in ("Patient", "Organization", "Practitioner", "PractitionerRole", "HealthcareService")
    ],
    *[(f"one {kind}", f"entry.resource.ofType({kind}).count() = 1") for kind in ("Encounter", "CarePlan")],
    (
        "consent category",
        "entry.resource.ofType(Consent).all(category.coding"
        f".where(code = '{s.CONSENT_SHARING_CODE}').exists())",
    ),
]


def _message(user, referral) -> dict:
    return json.loads(referral_message_for(user, referral.pk))


@pytest.fixture
def message(referrer, service):
    person = person_in(referrer.current_organisation, nhs_number=valid_nhs_number(7))
    referral = submitted(referrer, service, person)
    give_consent(referrer, referral)
    return _message(referrer, referral)


@pytest.mark.parametrize(("name", "expression"), INVARIANTS, ids=[name for name, _ in INVARIANTS])
def test_the_message_meets_the_invariant(message, name, expression):
    assert evaluate(message, expression) == [True], name


def test_the_ppc_1_check_fails_for_a_consent_without_a_policy(message):
    """The invariant itself can fail: without policyRule the same expression is false."""
    for entry in message["entry"]:
        entry["resource"].pop("policyRule", None)
    assert evaluate(message, INVARIANTS[0][1]) == [False]


def test_the_destination_is_the_services_bars_endpoint_when_it_has_one(referrer, service):
    service.bars_endpoint = "https://bars.example.nhs.uk/receiver/fhir"
    service.bars_receiver_id = "2000012345"
    service.save()
    message = _message(referrer, draft(referrer, service))
    header = message["entry"][0]["resource"]
    assert header["destination"][0]["endpoint"] == "https://bars.example.nhs.uk/receiver/fhir"
    healthcare_service = evaluate(message, "entry.resource.ofType(HealthcareService)")[0]
    assert {"system": s.DOS_SERVICE_ID_SYSTEM, "value": "2000012345"} in healthcare_service["identifier"]


def test_without_an_endpoint_the_destination_says_throughcare(referrer, service, settings):
    settings.THROUGHCARE_SITE_URL = "https://throughcare.test"
    header = _message(referrer, draft(referrer, service))["entry"][0]["resource"]
    assert header["destination"][0]["endpoint"] == "https://throughcare.test/api/v1/referrals/fhir"


def test_an_organisations_ods_code_is_sent(make_user, service):
    practitioner = make_user(
        Role.PRACTITIONER, organisation=OrganisationFactory(code="nps-north", ods_code="Y02345")
    )
    message = _message(practitioner, draft(practitioner, service))
    codes = evaluate(
        message, f"entry.resource.ofType(Organization).identifier.where(system = '{s.ODS_CODE_SYSTEM}').value"
    )
    assert codes == ["Y02345"]


def test_a_withdrawn_referral_is_sent_as_a_cancellation(referrer, service):
    referral = draft(referrer, service)
    services.referral_transition(actor=referrer, referral=referral, target="withdrawn")
    message = _message(referrer, referral)
    assert evaluate(message, "entry.first().resource.reason.coding.code") == ["delete"]
    assert evaluate(message, "entry.resource.ofType(ServiceRequest).status") == ["revoked"]


@pytest.mark.parametrize("code", ["rx4", "R X4", "AB", "ABCDEFGHIJK"])
def test_an_ods_code_of_the_wrong_form_is_refused(code):
    organisation = OrganisationFactory.build(ods_code=code)
    with pytest.raises(ValidationError) as caught:
        organisation.full_clean(exclude=["code"])
    assert "ODS code" in " ".join(caught.value.message_dict["ods_code"])


def test_every_referral_state_has_a_request_status_and_a_message_reason():
    assert set(REQUEST_STATUS) == set(ReferralState) == set(MESSAGE_REASON)
    assert set(REQUEST_STATUS.values()) <= s.REQUEST_STATUSES
    assert set(MESSAGE_REASON.values()) <= s.BARS_REASONS


ACK_INVARIANTS = [
    "type = 'message' and identifier.exists() and timestamp.exists()",
    "entry.first().resource.is(MessageHeader)",
    "entry.first().resource.response.code = 'ok'",
    "entry.resource.all(meta.profile.exists() and meta.lastUpdated.exists())",
    "entry.where(fullUrl.exists()).select(fullUrl).isDistinct()",
]


def test_the_acknowledgement_meets_the_message_invariants(referrer, service):
    person = person_in(referrer.current_organisation, nhs_number=valid_nhs_number(41))
    message = minimal_message(nhs_number=person.nhs_number, service_id=service.pk)
    response = api_client(referrer).post(
        "/api/v1/referrals/fhir",
        json.dumps(message),
        content_type="application/fhir+json",
        headers={"Accept": "application/fhir+json"},
    )
    assert response.status_code == 201, response.content
    ack = response.json()
    for expression in ACK_INVARIANTS:
        assert evaluate(ack, expression) == [True], expression
