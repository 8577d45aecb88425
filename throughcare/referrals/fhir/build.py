"""A referral as an NHS BaRS referral message (FHIR R4 Bundle), built with fhir.resources (R4B) classes.

The message holds what the referral shares with the receiving service and nothing more: the person's
name, date of birth, gender and NHS number, the fields the referrer wrote for the service, who is
referring to whom, and the person's consent while it stands. The rest of the person's record (other
identifiers, contact details, address, ethnicity, care team) stays with their team.

Every resource carries `meta.profile` (BaRS or UK Core, see `systems.PROFILES`) and `meta.lastUpdated`;
the resources the BaRS referral MessageDefinition requires (Encounter, CarePlan, Practitioner,
PractitionerRole, HealthcareService) are built from what Throughcare records: see docs/adr/0021.
"""

import re
import uuid
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from fhir.resources.R4B.annotation import Annotation
from fhir.resources.R4B.bundle import Bundle, BundleEntry
from fhir.resources.R4B.careplan import CarePlan, CarePlanActivity
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.consent import Consent as FhirConsent
from fhir.resources.R4B.consent import ConsentProvision, ConsentProvisionActor
from fhir.resources.R4B.encounter import Encounter, EncounterParticipant
from fhir.resources.R4B.extension import Extension
from fhir.resources.R4B.healthcareservice import HealthcareService
from fhir.resources.R4B.humanname import HumanName
from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.messageheader import (
    MessageHeader,
    MessageHeaderDestination,
    MessageHeaderSource,
)
from fhir.resources.R4B.meta import Meta
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.period import Period
from fhir.resources.R4B.practitioner import Practitioner
from fhir.resources.R4B.practitionerrole import PractitionerRole
from fhir.resources.R4B.reference import Reference
from fhir.resources.R4B.servicerequest import ServiceRequest

from throughcare.core.permissions import Role
from throughcare.directory.vocabularies import NEEDS
from throughcare.people.models import Gender
from throughcare.referrals.fhir import systems as s
from throughcare.referrals.models import Consent, Referral
from throughcare.referrals.states import MEANINGS, TERMINAL_STATES, ReferralState

REQUEST_STATUS = {state: MEANINGS[state].fhir_request_status for state in ReferralState}
_S = ReferralState
# MessageHeader.reason: a referral still open is sent as new; a paused or closed one as an update
# saying where it got to; a withdrawn one as a cancellation (BaRS "delete").
MESSAGE_REASON = {
    state: s.BARS_REASON_NEW if status == "active" else s.BARS_REASON_UPDATE
    for state, status in REQUEST_STATUS.items()
} | {_S.WITHDRAWN: s.BARS_REASON_DELETE}
ADMINISTRATIVE_GENDER = {
    Gender.WOMAN: "female",
    Gender.MAN: "male",
    Gender.NON_BINARY: "other",
    Gender.PREFER_NOT_TO_SAY: "unknown",
    Gender.NOT_KNOWN: "unknown",
}
# Codes recorded before organisations had an ODS code field: 3 to 6 letters and digits are ODS codes,
# Throughcare's other organisation codes are slugs with hyphens.
ODS_SHAPED_CODE = re.compile(r"^[A-Za-z0-9]{3,6}$")


def full_url(record_id) -> str:
    return f"urn:uuid:{record_id}"


def derived_id(record_id, part: str) -> uuid.UUID:
    """A stable id for a resource made from a record that is already another resource's id."""
    return uuid.uuid5(uuid.UUID(str(record_id)), part)


def _meta(kind: str, last_updated: datetime | None) -> Meta:
    # A record not yet saved (a preview) has no updated_at: it is as of now.
    return Meta(profile=[s.PROFILES[kind]], lastUpdated=last_updated or timezone.now())


def _ref(record_id, display: str = "") -> Reference:
    return Reference(reference=full_url(record_id), display=display or None)


def ods_code_of(organisation) -> str:
    if organisation.ods_code:
        return organisation.ods_code
    return organisation.code.upper() if ODS_SHAPED_CODE.match(organisation.code) else ""


def _organization(organisation) -> Organization:
    identifiers = [Identifier(system=s.ORGANISATION_CODE_SYSTEM, value=organisation.code)]
    if ods := ods_code_of(organisation):
        identifiers.append(Identifier(system=s.ODS_CODE_SYSTEM, value=ods))
    return Organization(
        id=str(organisation.pk),
        meta=_meta("Organization", organisation.updated_at),
        identifier=identifiers,
        name=organisation.name,
        active=True,
    )


def _patient(person) -> Patient:
    identifiers = (
        [Identifier(system=s.NHS_NUMBER_SYSTEM, value=person.nhs_number)] if person.nhs_number else None
    )
    return Patient(
        id=str(person.pk),
        meta=_meta("Patient", person.updated_at),
        identifier=identifiers,
        name=[HumanName(use="official", family=person.family_name, given=person.given_names.split())],
        gender=ADMINISTRATIVE_GENDER.get(person.gender, "unknown"),
        birthDate=person.date_of_birth,
    )


def _user_identifier(user) -> Identifier:
    return Identifier(system=s.USER_ID_SYSTEM, value=str(user.pk))


def _practitioner(user) -> Practitioner:
    return Practitioner(
        id=str(derived_id(user.pk, "practitioner")),
        meta=_meta("Practitioner", user.updated_at),
        identifier=[_user_identifier(user)],
        active=True,
        name=[HumanName(text=user.full_name)],
    )


def _practitioner_role(referral: Referral) -> PractitionerRole:
    user = referral.created_by
    return PractitionerRole(
        id=str(user.pk),
        meta=_meta("PractitionerRole", user.updated_at),
        active=True,
        practitioner=Reference(
            reference=full_url(derived_id(user.pk, "practitioner")),
            identifier=_user_identifier(user),
            display=user.full_name,
        ),
        organization=_ref(referral.referring_organisation_id, referral.referring_organisation.name),
        code=[
            CodeableConcept(
                coding=[Coding(system=s.ROLE_SYSTEM, code=Role.PRACTITIONER, display=Role.PRACTITIONER.label)]
            )
        ],
    )


def _healthcare_service(referral: Referral) -> HealthcareService:
    service = referral.service
    identifiers = [Identifier(system=s.SERVICE_ID_SYSTEM, value=str(service.pk))]
    if service.bars_receiver_id:
        identifiers.append(Identifier(system=s.DOS_SERVICE_ID_SYSTEM, value=service.bars_receiver_id))
    return HealthcareService(
        id=str(service.pk),
        meta=_meta("HealthcareService", service.updated_at),
        identifier=identifiers,
        active=True,
        providedBy=_ref(referral.receiving_organisation_id, referral.receiving_organisation.name),
        name=service.name,
    )


def _encounter(referral: Referral, authored_on: datetime) -> Encounter:
    """The contact in which the referral was made: Throughcare records when, by whom and where from."""
    return Encounter(
        id=str(derived_id(referral.pk, "encounter")),
        meta=_meta("Encounter", referral.updated_at),
        status="finished",
        class_fhir=Coding(system=s.ACT_CODE_SYSTEM, code=s.ENCOUNTER_CLASS_AMBULATORY, display="ambulatory"),
        subject=_ref(referral.person_id),
        participant=[EncounterParticipant(individual=_ref(referral.created_by_id))],
        period=Period(start=authored_on),
        serviceProvider=_ref(referral.referring_organisation_id),
    )


def _care_plan(referral: Referral, authored_on: datetime) -> CarePlan:
    """The plan the referral is part of: refer the person to the service (the ServiceRequest)."""
    return CarePlan(
        id=str(derived_id(referral.pk, "careplan")),
        meta=_meta("CarePlan", referral.updated_at),
        status="active" if referral.state not in TERMINAL_STATES else "completed",
        intent="plan",
        subject=_ref(referral.person_id),
        encounter=_ref(derived_id(referral.pk, "encounter")),
        created=authored_on,
        author=_ref(referral.created_by_id),
        activity=[CarePlanActivity(reference=_ref(referral.pk))],
    )


def _notes(referral: Referral) -> list[Annotation]:
    notes = []
    for key, field in s.NOTE_FIELDS.items():
        value = getattr(referral, field)
        if field == "in_custody":
            text = "yes" if value else "no"
        elif field == "release_date":
            text = value.isoformat() if value else ""
        else:
            text = value
        if text:
            notes.append(Annotation(id=key, text=text))
    return notes


def _service_request(referral: Referral, authored_on: datetime) -> ServiceRequest:
    service = referral.service
    return ServiceRequest(
        id=str(referral.pk),
        meta=_meta("ServiceRequest", referral.updated_at),
        identifier=[Identifier(system=s.REFERRAL_ID_SYSTEM, value=str(referral.pk))],
        basedOn=[_ref(derived_id(referral.pk, "careplan"))],
        status=REQUEST_STATUS[referral.state],
        intent="plan",
        category=[
            CodeableConcept(
                coding=[
                    Coding(system=s.BARS_CATEGORY_SYSTEM, code=s.BARS_CATEGORY_REFERRAL, display="Referral")
                ]
            )
        ],
        subject=_ref(referral.person_id),
        encounter=_ref(derived_id(referral.pk, "encounter")),
        authoredOn=authored_on,
        requester=_ref(referral.created_by_id, referral.created_by.full_name),
        performer=[
            Reference(
                reference=full_url(service.pk),
                type="HealthcareService",
                identifier=Identifier(system=s.SERVICE_ID_SYSTEM, value=str(service.pk)),
                display=service.name,
            )
        ],
        reasonCode=[
            CodeableConcept(
                coding=[Coding(system=s.NEEDS_SYSTEM, code=code, display=NEEDS.label(code))],
                text=NEEDS.label(code),
            )
            for code in referral.need_codes
            if code in NEEDS.codes
        ]
        or None,
        note=_notes(referral) or None,
    )


def _consent(consent: Consent, referral: Referral) -> FhirConsent:
    return FhirConsent(
        id=str(consent.pk),
        meta=_meta("Consent", consent.updated_at),
        status="active",
        scope=CodeableConcept(
            coding=[
                Coding(system=s.CONSENT_SCOPE_SYSTEM, code=s.CONSENT_SCOPE_PRIVACY, display="Privacy Consent")
            ]
        ),
        category=[
            CodeableConcept(
                coding=[
                    Coding(system=s.SNOMED, code=s.CONSENT_SHARING_CODE, display=s.CONSENT_SHARING_DISPLAY)
                ]
            ),
            CodeableConcept(
                coding=[Coding(system=s.LOINC, code=s.LOINC_PATIENT_CONSENT, display="Patient consent")]
            ),
        ],
        patient=_ref(referral.person_id),
        dateTime=consent.given_on.isoformat(),
        organization=[_ref(referral.referring_organisation_id)],
        # R4 invariant ppc-1: a Consent names a policy or a policy rule. The person opted in to sharing.
        policyRule=CodeableConcept(
            coding=[Coding(system=s.ACT_CODE_SYSTEM, code=s.CONSENT_POLICY_OPT_IN, display="opt-in")]
        ),
        extension=[
            Extension(url=s.CONSENT_METHOD_URL, valueCode=consent.how_obtained),
            Extension(url=s.CONSENT_SHARED_WITH_URL, valueString=consent.shared_with),
            Extension(url=s.CONSENT_PURPOSES_URL, valueString=consent.purposes),
        ],
        provision=ConsentProvision(
            type="permit",
            actor=[
                ConsentProvisionActor(
                    role=CodeableConcept(
                        coding=[Coding(system=s.PARTICIPATION_TYPE_SYSTEM, code=s.INFORMATION_RECIPIENT)]
                    ),
                    reference=_ref(referral.receiving_organisation_id),
                )
            ],
        ),
    )


def destination_endpoint(service) -> str:
    """The service's BaRS endpoint; without one, the honest answer: Throughcare's own import endpoint."""
    return service.bars_endpoint or f"{settings.THROUGHCARE_SITE_URL}/api/v1/referrals/fhir"


def _header(referral: Referral, message_id, now: datetime) -> MessageHeader:
    return MessageHeader(
        id=str(message_id),
        meta=_meta("MessageHeader", now),
        eventCoding=Coding(
            system=s.BARS_EVENT_SYSTEM, code=s.BARS_EVENT_REFERRAL, display="Referral - Request"
        ),
        definition=s.BARS_REFERRAL_DEFINITION,
        reason=CodeableConcept(
            coding=[Coding(system=s.BARS_REASON_SYSTEM, code=MESSAGE_REASON[referral.state])]
        ),
        destination=[
            MessageHeaderDestination(
                endpoint=destination_endpoint(referral.service),
                receiver=_ref(referral.receiving_organisation_id, referral.receiving_organisation.name),
            )
        ],
        sender=_ref(referral.referring_organisation_id, referral.referring_organisation.name),
        author=_ref(referral.created_by_id),
        source=MessageHeaderSource(
            name="Throughcare", software="Throughcare", endpoint=f"{settings.THROUGHCARE_SITE_URL}/api/v1/"
        ),
        focus=[_ref(referral.pk)],
    )


def build_bundle(referral: Referral, consent: Consent | None, *, now: datetime | None = None) -> Bundle:
    """The message: MessageHeader first, its focus the ServiceRequest, every reference inside the bundle.

    `referral` needs person, service, both organisations and created_by loaded; `consent` is the
    current consent or None (a withdrawn consent is never sent).
    """
    now = now or timezone.now()
    message_id = uuid.uuid4()
    authored_on = referral.submitted_at or referral.created_at
    user = referral.created_by
    resources = [
        (message_id, _header(referral, message_id, now)),
        (referral.pk, _service_request(referral, authored_on)),
        (referral.person_id, _patient(referral.person)),
        (referral.referring_organisation_id, _organization(referral.referring_organisation)),
    ]
    if referral.receiving_organisation_id != referral.referring_organisation_id:
        resources.append((referral.receiving_organisation_id, _organization(referral.receiving_organisation)))
    resources += [
        (referral.service_id, _healthcare_service(referral)),
        (user.pk, _practitioner_role(referral)),
        (derived_id(user.pk, "practitioner"), _practitioner(user)),
        (derived_id(referral.pk, "encounter"), _encounter(referral, authored_on)),
        (derived_id(referral.pk, "careplan"), _care_plan(referral, authored_on)),
    ]
    if consent is not None:
        resources.append((consent.pk, _consent(consent, referral)))
    return Bundle(
        id=str(uuid.uuid4()),
        # The version of the referral this message describes: it changes whenever the referral does.
        meta=Meta(
            profile=[s.PROFILES["Bundle"]],
            lastUpdated=now,
            versionId=str(int((referral.updated_at or now).timestamp() * 1_000_000)),
        ),
        type="message",
        timestamp=now,
        identifier=Identifier(system=f"{s.THROUGHCARE_BASE}/Id/message", value=str(message_id)),
        entry=[
            BundleEntry(fullUrl=full_url(record_id), resource=resource) for record_id, resource in resources
        ],
    )
