"""Importing a BaRS-shaped FHIR message as a draft: the round trip, every kind of bad bundle, access."""

import copy
import json
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.people.tests.helpers import person_in, valid_nhs_number
from throughcare.referrals.fhir import systems as s
from throughcare.referrals.fhir.checks import BundleInvalidError
from throughcare.referrals.fhir.exchange import referral_import, referral_message_for
from throughcare.referrals.models import Consent, Referral
from throughcare.referrals.services import ReferralDetails
from throughcare.referrals.tests.fhir_helpers import api_client, minimal_message
from throughcare.referrals.tests.helpers import draft, give_consent, service_of

pytestmark = pytest.mark.django_db

SHARED = [f.name for f in ReferralDetails.__dataclass_fields__.values()]


@pytest.fixture
def person(referrer):
    return person_in(referrer.current_organisation, nhs_number=valid_nhs_number(11))


@pytest.fixture
def exported(referrer, service, person):
    """A complete referral with consent, exported; the message is what the tests import."""
    referral = draft(
        referrer,
        service,
        person,
        need_codes=["trauma", "self_harm"],
        current_substance_use="Cannabis, weekly",
        gp_details="Dr Patel, High Street Surgery",
        medication="None",
        interpreter_language="Polish",
        in_custody=True,
        release_date=date(2026, 4, 1),
    )
    give_consent(referrer, referral)
    return referral, json.loads(referral_message_for(referrer, referral.pk))


def _post(client_or_user, body) -> object:
    client = client_or_user if isinstance(client_or_user, Client) else api_client(client_or_user)
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post("/api/v1/referrals/fhir", data, content_type="application/fhir+json")


def test_the_round_trip_reproduces_the_shared_fields_as_a_new_draft(referrer, exported):
    original, message = exported
    response = _post(referrer, message)
    assert response.status_code == 201, response.json()
    body = response.json()
    copy_ = Referral.objects.get(pk=body["id"])
    assert copy_.pk != original.pk
    assert body["url"] == f"/api/v1/referrals/{copy_.pk}"
    assert body["page_url"] == f"/referrals/{copy_.pk}/"
    assert copy_.state == "draft"
    assert (copy_.person_id, copy_.service_id) == (original.person_id, original.service_id)
    assert copy_.referring_organisation_id == referrer.current_organisation_id
    for name in SHARED:
        assert getattr(copy_, name) == getattr(original, name), name


def test_the_consent_in_the_message_is_recorded_with_the_draft(referrer, exported):
    original, message = exported
    copy_ = referral_import(actor=referrer, data=message)
    theirs, ours = original.consents.get(), copy_.consents.get()
    for name in ("given_on", "how_obtained", "shared_with", "purposes"):
        assert getattr(ours, name) == getattr(theirs, name)
    assert ours.recorded_by == referrer


def test_the_import_is_audited_as_each_change_it_makes(referrer, exported):
    _, message = exported
    before = AuditEvent.objects.count()
    copy_ = referral_import(actor=referrer, data=message)
    verbs = list(AuditEvent.objects.order_by("id").values_list("verb", flat=True)[before:])
    assert verbs == ["referral.created", "referral.consent_recorded", "referral.fhir_imported"]
    assert AuditEvent.objects.get(verb="referral.fhir_imported").target_id == str(copy_.pk)


def test_a_message_without_consent_makes_a_draft_without_consent(referrer, service, person):
    copy_ = referral_import(
        actor=referrer, data=minimal_message(nhs_number=person.nhs_number, service_id=service.pk)
    )
    assert copy_.reason_for_referral == "Imported"
    assert not copy_.consents.exists()


# Bad bundles: each a specific, located message, and nothing written.


def _entry(message, kind):
    return next(e["resource"] for e in message["entry"] if e["resource"]["resourceType"] == kind)


def _index(message, kind):
    return next(i for i, e in enumerate(message["entry"]) if e["resource"]["resourceType"] == kind)


def _break_event(m):
    m["entry"][0]["resource"]["eventCoding"]["code"] = "booking-request"


def _drop_header(m):
    m["entry"].insert(0, m["entry"].pop(_index(m, "Patient")))


def _dangling_subject(m):
    _entry(m, "ServiceRequest")["subject"]["reference"] = "urn:uuid:00000000-0000-4000-8000-00000000dead"


def _bad_need(m):
    _entry(m, "ServiceRequest")["reasonCode"][0]["coding"][0]["code"] = "loneliness"


def _uncoded_reason(m):
    _entry(m, "ServiceRequest")["reasonCode"].append({"text": "Feeling low"})


def _bad_status(m):
    _entry(m, "ServiceRequest")["status"] = "pending"


def _bad_gender(m):
    _entry(m, "Patient")["gender"] = "woman"


def _bad_nhs_number(m):
    _entry(m, "Patient")["identifier"][0]["value"] = "9434765918"


def _no_nhs_number(m):
    _entry(m, "Patient")["identifier"][0]["system"] = "https://fhir.example/Id/other"


def _unknown_note(m):
    _entry(m, "ServiceRequest")["note"].append({"id": "favourite-colour", "text": "Blue"})


def _bad_release_date(m):
    note = next(n for n in _entry(m, "ServiceRequest")["note"] if n["id"] == "release-date")
    note["text"] = "next spring"


def _no_service(m):
    _entry(m, "ServiceRequest")["performer"][0]["identifier"]["system"] = "https://example.org/services"


def _withdrawn_consent(m):
    _entry(m, "Consent")["status"] = "inactive"


def _future_consent(m):
    _entry(m, "Consent")["dateTime"] = (timezone.localdate() + timedelta(days=2)).isoformat()


def _consent_method_missing(m):
    _entry(m, "Consent")["extension"] = _entry(m, "Consent")["extension"][1:]


def _not_a_message(m):
    m["type"] = "collection"


def _fhir_type_error(m):
    _entry(m, "Patient")["birthDate"] = "17/05/1990"


def _unknown_element(m):
    _entry(m, "ServiceRequest")["colour"] = "blue"


def _unknown_resource(m):
    m["entry"].append(
        {"fullUrl": "urn:uuid:00000000-0000-4000-8000-0000000000f1", "resource": {"resourceType": "Banana"}}
    )


def _duplicate_full_url(m):
    m["entry"][-1]["fullUrl"] = m["entry"][2]["fullUrl"]


# (how to break the message, where the problem is reported, words the message must contain)
BAD = {
    "wrong event": (_break_event, "Bundle.entry[0].resource.eventCoding", "servicerequest-request"),
    "header not first": (_drop_header, "Bundle.entry[0].resource", "first entry"),
    "subject not in bundle": (
        _dangling_subject,
        "Bundle.entry[1].resource.subject",
        "does not match",
    ),
    "unknown need": (
        _bad_need,
        "Bundle.entry[1].resource.reasonCode[0].coding[0].code",
        "'loneliness' is not",
    ),
    "uncoded reason": (_uncoded_reason, "Bundle.entry[1].resource.reasonCode[2]", "reason-for-referral"),
    "request status": (_bad_status, "Bundle.entry[1].resource.status", "'pending' is not a request status"),
    "gender code": (_bad_gender, "Bundle.entry[2].resource.gender", "administrative gender"),
    "NHS number check digit": (_bad_nhs_number, "Bundle.entry[2].resource.identifier[0].value", "Modulus 11"),
    "no NHS number": (_no_nhs_number, "Bundle.entry[2].resource.identifier", "NHS number"),
    "unknown note": (_unknown_note, "Bundle.entry[1].resource.note[{last_note}].id", "'favourite-colour'"),
    "release date": (_bad_release_date, "Bundle.entry[1].resource.note[{release_note}].text", "release date"),
    "no service identifier": (_no_service, "Bundle.entry[1].resource.performer", s.SERVICE_ID_SYSTEM),
    "consent not active": (_withdrawn_consent, "Bundle.entry[10].resource.status", "'inactive'"),
    "consent in the future": (_future_consent, "Bundle.entry[10].resource.dateTime", "today or in the past"),
    "consent method missing": (
        _consent_method_missing,
        "Bundle.entry[10].resource.extension",
        "how consent was obtained",
    ),
    "not a message": (_not_a_message, "Bundle.type", "message bundle"),
    "fhir.resources type error": (_fhir_type_error, "Bundle.entry[2].resource.birthDate", "Date"),
    "fhir.resources unknown element": (_unknown_element, "Bundle.entry[1].resource.colour", "Extra inputs"),
    "unknown resource type": (_unknown_resource, "Bundle.entry[11].resource.resourceType", "'Banana'"),
    "duplicate fullUrl": (_duplicate_full_url, "Bundle.entry[10].fullUrl", "also the fullUrl"),
}


def _counts():
    return Referral.objects.count(), Consent.objects.count(), AuditEvent.objects.count()


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_bundle_is_refused_with_a_located_message_and_nothing_written(case, referrer, exported):
    _, message = exported
    breaker, location, words = BAD[case]
    broken = copy.deepcopy(message)
    breaker(broken)
    notes = [n["id"] for n in _entry(broken, "ServiceRequest")["note"]]
    location = location.format(last_note=len(notes) - 1, release_note=notes.index("release-date"))
    client = api_client(referrer)
    before = _counts()
    response = _post(client, broken)
    assert response.status_code == 422, response.content
    errors = {tuple(e["loc"]): e["msg"] for e in response.json()["errors"]}
    assert ("body", location) in errors, errors
    assert words in errors[("body", location)]
    assert _counts() == before


def test_every_problem_is_listed_at_once(referrer, exported):
    _, message = exported
    broken = copy.deepcopy(message)
    for breaker in (_break_event, _bad_need, _bad_gender, _future_consent):
        breaker(broken)
    response = _post(referrer, broken)
    assert response.status_code == 422
    assert len(response.json()["errors"]) == 4


def test_a_person_outside_the_callers_caseload_is_not_found(make_user, service, exported):
    _, message = exported
    stranger = api_client(make_user(Role.PRACTITIONER))
    before = _counts()
    response = _post(stranger, message)
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["loc"] == ["body", "Bundle.entry[2].resource.identifier[0].value"]
    assert error["msg"] == "No person with that NHS number is in your caseload"
    assert _counts() == before


def test_a_date_of_birth_that_does_not_match_is_refused(referrer, exported):
    _, message = exported
    _entry(message, "Patient")["birthDate"] = "1971-01-01"
    response = _post(referrer, message)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "Bundle.entry[2].resource.birthDate"]


def test_an_unknown_service_is_refused_at_the_performer(referrer, person):
    message = minimal_message(nhs_number=person.nhs_number, service_id="00000000-0000-4000-8000-000000000999")
    client = api_client(referrer)
    before = _counts()
    response = _post(client, message)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "loc": ["body", "Bundle.entry[1].resource.performer[0].identifier"],
            "msg": "No service in the Throughcare directory has this id",
        }
    ]
    assert _counts() == before


def test_a_service_not_taking_referrals_is_refused_at_the_performer(referrer, receiver, person):
    closed = service_of(receiver.current_organisation, status="inactive")
    client = api_client(referrer)
    before = _counts()
    response = _post(client, minimal_message(nhs_number=person.nhs_number, service_id=closed.pk))
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["loc"] == ["body", "Bundle.entry[1].resource.performer[0].identifier"]
    assert "not taking referrals" in error["msg"]
    assert _counts() == before


def test_malformed_json_is_400(referrer):
    client = api_client(referrer)
    before = _counts()
    response = _post(client, '{"resourceType": "Bundle",')
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["detail"]
    assert _counts() == before


def test_json_that_is_not_an_object_is_422(referrer):
    response = _post(referrer, "[1, 2]")
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "Bundle"]


def test_a_role_that_does_not_make_referrals_gets_403(receiver, service, person):
    response = _post(receiver, minimal_message(nhs_number=person.nhs_number, service_id=service.pk))
    assert response.status_code == 403


def test_without_a_token_the_import_answers_401(service, person):
    body = json.dumps(minimal_message(nhs_number=person.nhs_number, service_id=service.pk))
    assert Client().post("/api/v1/referrals/fhir", body, content_type="application/json").status_code == 401


def test_the_service_layer_raises_every_problem_together(referrer, service, person):
    message = minimal_message(nhs_number="123", service_id="not-an-id")
    with pytest.raises(BundleInvalidError) as refused:
        referral_import(actor=referrer, data=message)
    assert {p.location for p in refused.value.problems} == {
        "Bundle.entry[2].resource.identifier[0].value",
        "Bundle.entry[1].resource.performer[0].identifier.value",
    }


def test_a_referral_to_the_organisations_own_service_names_it_once(referrer):
    own_service = service_of(referrer.current_organisation)
    someone = person_in(referrer.current_organisation, nhs_number=valid_nhs_number(12))
    referral = draft(referrer, own_service, someone)
    message = json.loads(referral_message_for(referrer, referral.pk))
    organisations = [e for e in message["entry"] if e["resource"]["resourceType"] == "Organization"]
    assert len(organisations) == 1
    copy_ = referral_import(actor=referrer, data=message)
    assert copy_.receiving_organisation_id == referrer.current_organisation_id


def test_a_need_coded_in_another_system_is_not_kept_and_says_so(referrer, exported):
    """Replaces the old refusal: a SNOMED CT reason is valid BaRS; Throughcare lists it as not kept."""
    _, message = exported
    _entry(message, "ServiceRequest")["reasonCode"][0]["coding"][0]["system"] = s.SNOMED
    response = _post(referrer, message)
    assert response.status_code == 201, response.content
    (left,) = [x for x in response.json()["not_kept"] if x["resourceType"] == "ServiceRequest.reasonCode"]
    assert left["location"] == "Bundle.entry[1].resource.reasonCode[0].coding[0]"
    assert s.SNOMED in left["reason"]
    imported = Referral.objects.get(pk=response.json()["id"])
    assert imported.need_codes == ["trauma"]
