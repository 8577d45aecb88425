"""The URLs that name identifiers, codes and extensions in Throughcare's FHIR referral messages.

NHS systems are the national ones, so a receiving system recognises them without knowing Throughcare.
Throughcare's own ids and codes are named under one base URL, so a deployment can change it in one
place; the needs code system is the published taxonomy the directory already uses.
"""

from throughcare.directory.vocabularies import NEEDS, TAXONOMY_URI

THROUGHCARE_BASE = "https://throughcare.example"

# Identifiers for Throughcare's own records.
REFERRAL_ID_SYSTEM = f"{THROUGHCARE_BASE}/Id/referral"
SERVICE_ID_SYSTEM = f"{THROUGHCARE_BASE}/Id/service"
ORGANISATION_CODE_SYSTEM = f"{THROUGHCARE_BASE}/Id/organisation"
USER_ID_SYSTEM = f"{THROUGHCARE_BASE}/Id/user"
NEEDS_SYSTEM = f"{TAXONOMY_URI}/{NEEDS.code}"
ROLE_SYSTEM = f"{THROUGHCARE_BASE}/CodeSystem/role"
# Extensions carrying what the person agreed to, which FHIR's Consent has no plain-text place for.
CONSENT_METHOD_URL = f"{THROUGHCARE_BASE}/fhir/StructureDefinition/consent-method"
CONSENT_SHARED_WITH_URL = f"{THROUGHCARE_BASE}/fhir/StructureDefinition/consent-shared-with"
CONSENT_PURPOSES_URL = f"{THROUGHCARE_BASE}/fhir/StructureDefinition/consent-purposes"

# National systems.
NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
ODS_CODE_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code"
BARS_EVENT_SYSTEM = "https://fhir.nhs.uk/CodeSystem/message-events-bars"
BARS_EVENT_REFERRAL = "servicerequest-request"
BARS_EVENT_RESPONSE = "servicerequest-response"
BARS_REASON_SYSTEM = "https://fhir.nhs.uk/CodeSystem/message-reason-bars"
BARS_REASON_NEW = "new"
BARS_REASON_UPDATE = "update"
BARS_REASON_DELETE = "delete"
BARS_REASONS = frozenset({BARS_REASON_NEW, BARS_REASON_UPDATE, BARS_REASON_DELETE})
# The MessageDefinition a referral request conforms to (MessageHeader.definition).
BARS_REFERRAL_DEFINITION = (
    "https://fhir.nhs.uk/MessageDefinition/bars-message-servicerequest-request-referral"
)
# Definitions an incoming referral request may name (the referral one, and its cancellation variant).
BARS_REQUEST_DEFINITIONS = "https://fhir.nhs.uk/MessageDefinition/bars-message-servicerequest-request"
BARS_CATEGORY_SYSTEM = "https://fhir.nhs.uk/CodeSystem/message-category-servicerequest"
BARS_CATEGORY_REFERRAL = "referral"
# The receiver's identifier at its endpoint (BaRS NHSD-Target-Identifier; a Directory of Services id).
DOS_SERVICE_ID_SYSTEM = "https://fhir.nhs.uk/Id/dos-service-id"
# Consent to share, as the BaRS examples code it, and the policy it is given under (R4 ppc-1 needs one).
CONSENT_SHARING_CODE = "887031000000108"
CONSENT_SHARING_DISPLAY = "Consent given for sharing patient data"
ACT_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
CONSENT_POLICY_OPT_IN = "OPTIN"
ENCOUNTER_CLASS_AMBULATORY = "AMB"
# The outcome of a message (Bundle of type message, MessageHeader.response.code).
RESPONSE_CODES = frozenset({"ok", "transient-error", "fatal-error"})

_BARS = "https://fhir.nhs.uk/StructureDefinition"
_UK_CORE = "https://fhir.hl7.org.uk/StructureDefinition"
# meta.profile of every resource Throughcare sends: BaRS profiles where BaRS has its own, UK Core otherwise.
PROFILES = {
    "Bundle": f"{_BARS}/BARSBundleMessage",
    "MessageHeader": f"{_BARS}/BARSMessageHeader-servicerequest-request",
    "ServiceRequest": f"{_BARS}/BARSServiceRequest-request-referral",
    "Patient": f"{_UK_CORE}/UKCore-Patient",
    "Organization": f"{_UK_CORE}/UKCore-Organization",
    "Practitioner": f"{_UK_CORE}/UKCore-Practitioner",
    "PractitionerRole": f"{_UK_CORE}/UKCore-PractitionerRole",
    "HealthcareService": f"{_UK_CORE}/UKCore-HealthcareService",
    "Encounter": f"{_UK_CORE}/UKCore-Encounter",
    "CarePlan": f"{_UK_CORE}/UKCore-CarePlan",
    "Consent": f"{_UK_CORE}/UKCore-Consent",
    "OperationOutcome": f"{_UK_CORE}/UKCore-OperationOutcome",
}
RESPONSE_HEADER_PROFILE = f"{_BARS}/BARSMessageHeader-servicerequest-response"
SNOMED = "http://snomed.info/sct"
SNOMED_PATIENT_REFERRAL = "3457005"
LOINC = "http://loinc.org"
LOINC_PATIENT_CONSENT = "59284-0"
CONSENT_SCOPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentscope"
CONSENT_SCOPE_PRIVACY = "patient-privacy"
PARTICIPATION_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
INFORMATION_RECIPIENT = "IRCP"

# Codes FHIR R4 binds as "required": fhir.resources does not check them, so Throughcare does.
ADMINISTRATIVE_GENDERS = frozenset({"male", "female", "other", "unknown"})
REQUEST_STATUSES = frozenset(
    {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"}
)
REQUEST_INTENTS = frozenset(
    {
        "proposal",
        "plan",
        "directive",
        "order",
        "original-order",
        "reflex-order",
        "filler-order",
        "instance-order",
        "option",
    }
)
CONSENT_STATES = frozenset({"draft", "proposed", "active", "rejected", "inactive", "entered-in-error"})

# ServiceRequest.note entries, each labelled by its element id so a receiver (and our import) can
# tell them apart; the text is exactly what the referrer wrote.
NOTE_FIELDS = {
    "reason-for-referral": "reason_for_referral",
    "risk-summary": "risk_summary",
    "risk-to-self": "risk_to_self",
    "current-substance-use": "current_substance_use",
    "medication": "medication",
    "gp-details": "gp_details",
    "contact-preferences": "contact_preferences",
    "interpreter-language": "interpreter_language",
    "in-custody": "in_custody",
    "release-date": "release_date",
    "release-date-unknown-reason": "release_date_unknown_reason",
}
