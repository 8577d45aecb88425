"""A referral as a BaRS-shaped FHIR R4 message Bundle, built with fhir.resources (R4B) classes.

The message holds what the referral shares with the receiving service and nothing more: the person's
name, date of birth, gender and NHS number, the fields the referrer wrote for the service, who is
referring to whom, and the person's consent while it stands. The rest of the person's record (other
identifiers, contact details, address, ethnicity, care team) stays with their team.
"""

import re
import uuid
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from fhir.resources.R4B.annotation import Annotation
from fhir.resources.R4B.bundle import Bundle, BundleEntry
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.consent import Consent as FhirConsent
from fhir.resources.R4B.consent import ConsentProvision, ConsentProvisionActor
from fhir.resources.R4B.extension import Extension
from fhir.resources.R4B.humanname import HumanName
from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.messageheader import (
    MessageHeader,
    MessageHeaderDestination,
    MessageHeaderSource,
)
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.practitionerrole import PractitionerRole
from fhir.resources.R4B.reference import Reference
from fhir.resources.R4B.servicerequest import ServiceRequest

from throughcare.core.permissions import Role
from throughcare.directory.vocabularies import NEEDS
from throughcare.people.models import Gender
from throughcare.referrals.fhir import systems as s
from throughcare.referrals.models import Consent, Referral
from throughcare.referrals.states import MEANINGS, ReferralState

REQUEST_STATUS = {state: MEANINGS[state].fhir_request_status for state in ReferralState}
ADMINISTRATIVE_GENDER = {
    Gender.WOMAN: "female",
    Gender.MAN: "male",
    Gender.NON_BINARY: "other",
    Gender.PREFER_NOT_TO_SAY: "unknown",
    Gender.NOT_KNOWN: "unknown",
}
# ODS codes are 3 to 6 letters and digits; Throughcare's other organisation codes are slugs with hyphens.
ODS_CODE = re.compile(r"^[A-Za-z0-9]{3,6}$")


def full_url(record_id) -> str:
    return f"urn:uuid:{record_id}"


def _ref(record_id, display: str = "") -> Reference:
    return Reference(reference=full_url(record_id), display=display or None)


def _organization(organisation) -> Organization:
    identifiers = [Identifier(system=s.ORGANISATION_CODE_SYSTEM, value=organisation.code)]
    if ODS_CODE.match(organisation.code):
        identifiers.append(Identifier(system=s.ODS_CODE_SYSTEM, value=organisation.code.upper()))
    return Organization(id=str(organisation.pk), identifier=identifiers, name=organisation.name, active=True)


def _patient(person) -> Patient:
    identifiers = (
        [Identifier(system=s.NHS_NUMBER_SYSTEM, value=person.nhs_number)] if person.nhs_number else None
    )
    return Patient(
        id=str(person.pk),
        identifier=identifiers,
        name=[HumanName(use="official", family=person.family_name, given=person.given_names.split())],
        gender=ADMINISTRATIVE_GENDER.get(person.gender, "unknown"),
        birthDate=person.date_of_birth,
    )


def _practitioner_role(referral: Referral) -> PractitionerRole:
    user = referral.created_by
    return PractitionerRole(
        id=str(user.pk),
        active=True,
        practitioner=Reference(
            identifier=Identifier(system=s.USER_ID_SYSTEM, value=str(user.pk)), display=user.full_name
        ),
        organization=_ref(referral.referring_organisation_id, referral.referring_organisation.name),
        code=[
            CodeableConcept(
                coding=[Coding(system=s.ROLE_SYSTEM, code=Role.PRACTITIONER, display=Role.PRACTITIONER.label)]
            )
        ],
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
        identifier=[Identifier(system=s.REFERRAL_ID_SYSTEM, value=str(referral.pk))],
        status=REQUEST_STATUS[referral.state],
        intent="order",
        category=[
            CodeableConcept(
                coding=[Coding(system=s.SNOMED, code=s.SNOMED_PATIENT_REFERRAL, display="Patient referral")]
            )
        ],
        subject=_ref(referral.person_id),
        authoredOn=authored_on,
        requester=_ref(referral.created_by_id, referral.created_by.full_name),
        performer=[
            Reference(
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
        status="active",
        scope=CodeableConcept(
            coding=[
                Coding(system=s.CONSENT_SCOPE_SYSTEM, code=s.CONSENT_SCOPE_PRIVACY, display="Privacy Consent")
            ]
        ),
        category=[
            CodeableConcept(
                coding=[Coding(system=s.LOINC, code=s.LOINC_PATIENT_CONSENT, display="Patient consent")]
            )
        ],
        patient=_ref(referral.person_id),
        dateTime=consent.given_on.isoformat(),
        organization=[_ref(referral.referring_organisation_id)],
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


def build_bundle(referral: Referral, consent: Consent | None, *, now: datetime | None = None) -> Bundle:
    """The message: MessageHeader first, its focus the ServiceRequest, every reference inside the bundle.

    `referral` needs person, service, both organisations and created_by loaded; `consent` is the
    current consent or None (a withdrawn consent is never sent).
    """
    now = now or timezone.now()
    message_id = uuid.uuid4()
    header = MessageHeader(
        id=str(message_id),
        eventCoding=Coding(
            system=s.BARS_EVENT_SYSTEM, code=s.BARS_EVENT_REFERRAL, display="Referral - Request"
        ),
        reason=CodeableConcept(coding=[Coding(system=s.BARS_REASON_SYSTEM, code=s.BARS_REASON_NEW)]),
        destination=[
            MessageHeaderDestination(
                endpoint=f"{settings.THROUGHCARE_SITE_URL}/api/v1/referrals/fhir",
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
    resources = [
        (message_id, header),
        (referral.pk, _service_request(referral, referral.submitted_at or referral.created_at)),
        (referral.person_id, _patient(referral.person)),
        (referral.referring_organisation_id, _organization(referral.referring_organisation)),
        (referral.created_by_id, _practitioner_role(referral)),
    ]
    if referral.receiving_organisation_id != referral.referring_organisation_id:
        resources.insert(
            4, (referral.receiving_organisation_id, _organization(referral.receiving_organisation))
        )
    if consent is not None:
        resources.append((consent.pk, _consent(consent, referral)))
    return Bundle(
        id=str(uuid.uuid4()),
        type="message",
        timestamp=now,
        identifier=Identifier(system=f"{s.THROUGHCARE_BASE}/Id/message", value=str(message_id)),
        entry=[
            BundleEntry(fullUrl=full_url(record_id), resource=resource) for record_id, resource in resources
        ],
    )
