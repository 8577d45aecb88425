"""A FHIR referral message's JSON, parsed by fhir.resources (R4B) and then by Throughcare's own checks.

fhir.resources reports types and cardinality; its errors are turned into the same located messages
as `checks.py` gives for codes, references and required content, so the caller sees one list.
"""

from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError as PydanticValidationError

from throughcare.referrals.fhir.checks import BundleInvalidError, DraftInput, Problem, check_bundle

# What a referral message may carry. fhir.resources cannot parse a resource type it does not know
# (it raises KeyError), so the type is checked first and reported where it is.
ACCEPTED_RESOURCES = frozenset(
    {
        "MessageHeader",
        "ServiceRequest",
        "Patient",
        "Organization",
        "PractitionerRole",
        "Practitioner",
        "Consent",
    }
)


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
        if isinstance(resource, dict) and not (isinstance(kind, str) and kind in ACCEPTED_RESOURCES):
            problems.append(
                Problem(
                    f"Bundle.entry[{index}].resource.resourceType",
                    f"A referral message does not carry '{_type_named(kind)}' resources: "
                    f"only {', '.join(sorted(ACCEPTED_RESOURCES))}",
                )
            )
    return problems


def message_identifier(data) -> tuple[str, str] | None:
    """(system, value) naming this message: the Bundle's identifier, or else its MessageHeader's id.
    A message sent again carries the same one, so it is answered once (see api_fhir.py)."""
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
    return check_bundle(data)
