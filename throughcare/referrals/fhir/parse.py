"""A FHIR referral message's JSON, parsed by fhir.resources (R4B) and then by Throughcare's own checks.

fhir.resources reports types and cardinality; its errors are turned into the same located messages
as `checks.py` gives for codes, references and required content, so the caller sees one list.
"""

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError as PydanticValidationError

from throughcare.referrals.fhir.checks import BundleInvalidError, DraftInput, Problem, check_bundle

# What Throughcare reads from a referral message. A BaRS message may carry any other FHIR resource
# (Observation, QuestionnaireResponse, Location...): it is accepted, not stored, and listed in the
# answer as not kept, with why.
READ_RESOURCES = frozenset({"MessageHeader", "ServiceRequest", "Patient", "Consent"})
CONTEXT_RESOURCES = {
    "Organization": "Throughcare knows organisations by their own records; the message's copy is not kept",
    "Practitioner": "The draft is made by you, the caller; the referring practitioner is not kept",
    "PractitionerRole": "The draft is made by you, the caller; the referring practitioner is not kept",
    "HealthcareService": "The service is found by its Throughcare identifier; this copy is not kept",
    "Encounter": "Throughcare does not record the encounter in which a referral was made",
    "CarePlan": "Throughcare does not record care plans; put what the service must know in a note",
}
NOT_HELD = "Throughcare has no place for {kind} resources: put what the service must know in a note"


def _is_fhir_type(kind) -> bool:
    if not isinstance(kind, str):
        return False
    try:
        get_fhir_model_class(kind)
    except (ValueError, KeyError):
        return False
    return True


def location_of(loc) -> str:
    """A pydantic error location, such as ('entry', 1, 'resource', 'subject'), in FHIRPath form."""
    path = "Bundle"
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


# A referral message carries about seven resources; thousands are a mistake or an attack, and
# parsing them all would hold a worker for seconds.
MAX_ENTRIES = 50


def _type_named(value) -> str:
    return value if isinstance(value, str) else f"a JSON {type(value).__name__.replace('dict', 'object')}"


def _check_resource_types(data: dict) -> list[Problem]:
    problems = []
    if data.get("resourceType") != "Bundle":
        problems.append(
            Problem("Bundle.resourceType", f"Send a Bundle, not '{_type_named(data.get('resourceType'))}'")
        )
    entries = data.get("entry")
    if not isinstance(entries, list):
        return problems
    if len(entries) > MAX_ENTRIES:
        problems.append(
            Problem(
                "Bundle.entry",
                f"A referral message carries at most {MAX_ENTRIES} entries: this one has {len(entries):,}",
            )
        )
        return problems
    for index, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        kind = resource.get("resourceType") if isinstance(resource, dict) else None
        if isinstance(resource, dict) and not _is_fhir_type(kind):
            problems.append(
                Problem(
                    f"Bundle.entry[{index}].resource.resourceType",
                    f"'{_type_named(kind)}' is not a FHIR R4 resource type",
                )
            )
    return problems


def message_identifier(data) -> tuple[str, str] | None:
    """(system, value) naming this message: the Bundle's identifier, or else its MessageHeader's id.
    A message sent again carries the same one, so it is answered once (see fhir/api.py)."""
    if not isinstance(data, dict):
        return None
    identifier = data.get("identifier")
    if isinstance(identifier, dict) and isinstance(identifier.get("value"), str) and identifier["value"]:
        system = identifier.get("system")
        return (system if isinstance(system, str) else "", identifier["value"])
    entries = data.get("entry")
    first = entries[0] if isinstance(entries, list) and entries else None
    header = first.get("resource") if isinstance(first, dict) else None
    if isinstance(header, dict) and header.get("resourceType") == "MessageHeader":
        header_id = header.get("id")
        if isinstance(header_id, str) and header_id:
            return ("MessageHeader.id", header_id)
    return None


def parse_referral_message(data) -> DraftInput:
    """The draft a referral message asks for; BundleInvalidError lists every problem found."""
    if not isinstance(data, dict):
        raise BundleInvalidError([Problem("Bundle", "Send a FHIR Bundle: a JSON object")])
    problems = _check_resource_types(data)
    if problems:
        raise BundleInvalidError(problems)
    try:
        Bundle.model_validate(data)
    except PydanticValidationError as exc:
        raise BundleInvalidError(
            [Problem(location_of(error["loc"]), error["msg"]) for error in exc.errors(include_url=False)]
        ) from exc
    message = check_bundle(data)
    message.not_kept = not_kept(data) + message.not_kept
    return message


def not_kept(data: dict) -> list[dict]:
    """Every entry Throughcare does not store, with why: nothing in a message is dropped silently."""
    left = []
    for index, entry in enumerate(data.get("entry") or []):
        kind = (entry.get("resource") or {}).get("resourceType")
        if kind in READ_RESOURCES:
            continue
        reason = CONTEXT_RESOURCES.get(kind) or NOT_HELD.format(kind=kind)
        left.append({"location": f"Bundle.entry[{index}]", "resourceType": kind, "reason": reason})
    return left
