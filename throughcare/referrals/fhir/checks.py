"""What fhir.resources does not check: the message's shape, required content and codes.

fhir.resources (R4B) checks types and cardinality of each element, but not bound codes, references
or what a BaRS referral message must carry. These checks read the bundle's JSON after it has parsed,
collect every problem with a FHIRPath-like location (`Bundle.entry[1].resource.subject`) and a plain
message, and, when there are none, say what the draft referral would hold.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError

from throughcare.referrals.fhir import systems as s
from throughcare.referrals.fhir.checks_consent import (
    ConsentInput,
    check_consent,
    consent_says_what_was_agreed,
    listed,
)
from throughcare.referrals.fhir.checks_request import check_needs, check_notes, check_patient
from throughcare.referrals.services import ReferralDetails


@dataclass(frozen=True)
class Problem:
    location: str
    message: str
    # The FHIR issue type (OperationOutcome.issue.code): invalid, not-found or business-rule.
    code: str = "invalid"


class BundleInvalidError(Exception):
    """Every problem found in a bundle; nothing is written when any is raised."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the FHIR bundle")
        self.problems = problems

    def as_validation_error(self) -> ValidationError:
        by_location: dict[str, list[str]] = {}
        for problem in self.problems:
            by_location.setdefault(problem.location, []).append(problem.message)
        return ValidationError(by_location)


@dataclass
class DraftInput:
    """What an imported bundle asks for, with where each part came from to place later problems."""

    nhs_number: str
    nhs_number_location: str
    birth_date: date | None
    birth_date_location: str
    service_id: str
    service_location: str
    details: ReferralDetails
    consent: ConsentInput | None = None
    reason: str = s.BARS_REASON_NEW
    # The service's identifier at its BaRS endpoint, when the message names it that way instead.
    service_receiver_id: str = ""
    sender_identifier: str = ""
    # The referral an update names: the value of the ServiceRequest's Throughcare referral identifier.
    referral_id: str = ""
    referral_id_location: str = ""
    not_kept: list[dict] = field(default_factory=list)


@dataclass
class CancelInput:
    """A cancellation (reason delete, or the request revoked or entered in error) of a named referral."""

    referral_id: str
    referral_id_location: str
    status: str
    reason: str
    not_kept: list[dict] = field(default_factory=list)
    sender_identifier: str = ""

    @property
    def entered_in_error(self) -> bool:
        return self.status == "entered-in-error"


CANCELLED_STATUSES = frozenset({"revoked", "entered-in-error"})


@dataclass
class _Found:
    problems: list[Problem] = field(default_factory=list)
    # Parts of the message that are valid FHIR but that Throughcare has no place for, with why.
    not_kept: list[dict] = field(default_factory=list)

    def leave(self, location: str, kind: str, reason: str) -> None:
        self.not_kept.append({"location": location, "resourceType": kind, "reason": reason})

    def add(self, location: str, message: str) -> None:
        self.problems.append(Problem(location, message))


def _codings(concept) -> list[dict]:
    return concept.get("coding") or [] if isinstance(concept, dict) else []


def _has_coding(concept, system: str, code: str) -> bool:
    return any(c.get("system") == system and c.get("code") == code for c in _codings(concept))


def _references(value, path: str):
    """Every `reference` string anywhere under value, with its location."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "reference" and isinstance(item, str):
                yield path, item
            else:
                yield from _references(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _references(item, f"{path}[{index}]")


def _index_entries(data: dict, found: _Found) -> tuple[list, dict[str, tuple[int, dict]]]:
    """The bundle's entries, and each resource (with its entry's index) by fullUrl; raises when empty."""
    if data.get("type") != "message":
        found.add(
            "Bundle.type", f"A referral must be a message bundle (type 'message'), not '{data.get('type')}'"
        )
    entries = data.get("entry") or []
    if not entries:
        found.add("Bundle.entry", "The bundle has no entries: it needs a MessageHeader and a ServiceRequest")
        raise BundleInvalidError(found.problems)
    by_url: dict[str, tuple[int, dict]] = {}
    for index, entry in enumerate(entries):
        url, resource = entry.get("fullUrl"), entry.get("resource")
        if resource is None:
            found.add(f"Bundle.entry[{index}].resource", "Each entry must hold a resource")
        if not url:
            found.add(f"Bundle.entry[{index}].fullUrl", "Each entry needs a fullUrl, such as urn:uuid:<id>")
        elif url in by_url:
            found.add(
                f"Bundle.entry[{index}].fullUrl", f"{url} is also the fullUrl of entry {by_url[url][0]}"
            )
        elif resource is not None:
            by_url[url] = (index, resource)
    for path, target in _references(entries, "Bundle.entry"):
        if target not in by_url:
            found.add(path, f"{target} does not match the fullUrl of any entry in the bundle")
    return entries, by_url


def _resolver(found: _Found, by_url: dict[str, tuple[int, dict]]):
    """A function following a reference to the entry it names, noting a problem when it cannot."""

    def resolve(reference, expected: str, location: str, what: str) -> tuple[int, dict] | None:
        target = (reference or {}).get("reference") if isinstance(reference, dict) else None
        if not target:
            found.add(location, f"Give the {what}: a reference to the {expected} in the bundle")
            return None
        hit = by_url.get(target)
        if hit is not None and hit[1].get("resourceType") != expected:
            found.add(location, f"The {what} must be a {expected}, not a {hit[1].get('resourceType')}")
            return None
        return hit

    return resolve


def _check_consents(entries: list, request: tuple[int, dict], found: _Found) -> ConsentInput | None:
    """The bundle's one Consent, when it says what was agreed; noted as not kept when it does not."""
    consents = [
        (i, e["resource"])
        for i, e in enumerate(entries)
        if (e.get("resource") or {}).get("resourceType") == "Consent"
    ]
    if len(consents) > 1:
        found.add(f"Bundle.entry[{consents[1][0]}].resource", "A referral carries at most one Consent")
    elif consents and not consent_says_what_was_agreed(consents[0][1]):
        found.leave(
            f"Bundle.entry[{consents[0][0]}]",
            "Consent",
            "It does not say how consent was obtained, who it may be shared with and what for: "
            "record the person's consent on the referral page",
        )
    elif consents:
        # Checked even when the request has problems, so every problem is reported at once.
        return check_consent(*consents[0], request[1].get("subject"), found)
    return None


def check_bundle(data: dict) -> DraftInput | CancelInput:
    """The draft a parsed bundle describes, or BundleInvalidError listing everything wrong with it."""
    found = _Found()
    entries, by_url = _index_entries(data, found)
    resolve = _resolver(found, by_url)
    header = entries[0].get("resource") or {}
    if header.get("resourceType") != "MessageHeader":
        found.add("Bundle.entry[0].resource", "The first entry of a message bundle must be its MessageHeader")
        raise BundleInvalidError(found.problems)
    request, reason = _check_header(header, found, resolve)
    if request is None:
        raise BundleInvalidError(found.problems)
    status = request[1].get("status")
    if reason == s.BARS_REASON_DELETE or status in CANCELLED_STATUSES:
        return _check_cancel(request, reason, found)
    draft = _check_request(request, found, resolve, by_url)
    if draft is not None:
        draft.reason = reason
        draft.referral_id, draft.referral_id_location, draft.sender_identifier = _referral_identifier(
            request, found, reason
        )
    consent = _check_consents(entries, request, found)
    if draft is not None and consent is not None:
        draft.consent = consent
    if found.problems:
        raise BundleInvalidError(found.problems)
    draft.not_kept = found.not_kept
    return draft


def _check_header(header: dict, found: _Found, resolve):
    at = "Bundle.entry[0].resource"
    event = header.get("eventCoding") or {}
    if event.get("system") != s.BARS_EVENT_SYSTEM or event.get("code") != s.BARS_EVENT_REFERRAL:
        found.add(
            f"{at}.eventCoding",
            f"The event must be {s.BARS_EVENT_REFERRAL} from {s.BARS_EVENT_SYSTEM}: "
            f"this message is '{event.get('code')}' from '{event.get('system')}'",
        )
    definition = header.get("definition")
    if definition is not None and not str(definition).startswith(s.BARS_REQUEST_DEFINITIONS):
        found.add(
            f"{at}.definition",
            f"This is not a BaRS referral message: its definition must be {s.BARS_REFERRAL_DEFINITION}",
        )
    reasons = [
        c.get("code") for c in _codings(header.get("reason")) if c.get("system") == s.BARS_REASON_SYSTEM
    ]
    if len(reasons) != 1 or reasons[0] not in s.BARS_REASONS:
        found.add(
            f"{at}.reason",
            f"Give the message's reason: one of {listed(s.BARS_REASONS)} from {s.BARS_REASON_SYSTEM}",
        )
    reason = reasons[0] if len(reasons) == 1 else ""
    focus = header.get("focus") or []
    if len(focus) != 1:
        found.add(
            f"{at}.focus", f"The MessageHeader must focus on exactly one ServiceRequest, not {len(focus)}"
        )
        return None, reason
    return resolve(focus[0], "ServiceRequest", f"{at}.focus[0]", "message's focus"), reason


def sender_key(identifier: dict) -> str:
    """How a sender's own ServiceRequest identifier is kept on the referral: `system|value`."""
    return f"{identifier.get('system') or ''}|{identifier.get('value') or ''}"[:300]


def _referral_identifier(hit: tuple[int, dict], found: _Found, reason: str) -> tuple[str, str, str]:
    """The referral a message names: Throughcare's id, and the sender's own identifier (the first one
    in another system), by which a sender that never saw Throughcare's id names it in an update."""
    index, request = hit
    at = f"Bundle.entry[{index}].resource.identifier"
    ours, location, theirs = "", at, ""
    for i, identifier in enumerate(request.get("identifier") or []):
        if identifier.get("system") == s.REFERRAL_ID_SYSTEM and not ours:
            ours, location = str(identifier.get("value") or ""), f"{at}[{i}].value"
            if not _is_uuid(ours):
                found.add(location, f"'{ours}' is not a Throughcare referral id")
        elif identifier.get("system") and identifier.get("value") and not theirs:
            theirs = sender_key(identifier)
    if reason != s.BARS_REASON_NEW and not (ours or theirs):
        found.add(
            at,
            "An update or cancellation must name the referral: an identifier with system "
            f"{s.REFERRAL_ID_SYSTEM}, or the identifier the referral was first sent with",
        )
    return ours, location, theirs


def _check_cancel(hit: tuple[int, dict], reason: str, found: _Found) -> CancelInput:
    index, request = hit
    status = request.get("status")
    if status not in CANCELLED_STATUSES:
        found.add(
            f"Bundle.entry[{index}].resource.status",
            "A cancellation (reason delete) must have the request revoked or entered-in-error, "
            f"not '{status}'",
        )
    if reason == s.BARS_REASON_NEW:
        found.add(
            "Bundle.entry[0].resource.reason",
            f"A new referral cannot be {status}: send reason update or delete to cancel a referral",
        )
    referral_id, location, theirs = _referral_identifier(hit, found, s.BARS_REASON_DELETE)
    if found.problems:
        raise BundleInvalidError(found.problems)
    return CancelInput(referral_id, location, status, reason, sender_identifier=theirs)


def _check_request(hit: tuple[int, dict], found: _Found, resolve, by_url: dict) -> DraftInput | None:
    index, request = hit
    at = f"Bundle.entry[{index}].resource"
    if request.get("status") not in s.REQUEST_STATUSES:
        found.add(
            f"{at}.status",
            f"'{request.get('status')}' is not a request status: use one of {listed(s.REQUEST_STATUSES)}",
        )
    elif request["status"] not in ("active", "draft"):
        # Cancellations were taken earlier; other status changes would otherwise be ignored.
        found.add(
            f"{at}.status",
            f"A referral or its update is sent as an active request, not '{request['status']}': to "
            "cancel, send revoked or entered-in-error; other changes are made on the referral page",
        )
    if request.get("intent") not in s.REQUEST_INTENTS:
        found.add(
            f"{at}.intent",
            f"'{request.get('intent')}' is not a request intent: use one of {listed(s.REQUEST_INTENTS)}",
        )
    patient = resolve(request.get("subject"), "Patient", f"{at}.subject", "person referred (subject)")
    service_id, service_location, receiver_id = _check_performer(
        request.get("performer") or [], at, found, by_url
    )
    need_codes = check_needs(request.get("reasonCode") or [], at, found)
    values = check_notes(request.get("note") or [], at, found)
    nhs_number, nhs_location, birth_date, birth_location = check_patient(patient, found)
    if found.problems:
        return None
    return DraftInput(
        nhs_number=nhs_number,
        nhs_number_location=nhs_location,
        birth_date=birth_date,
        birth_date_location=birth_location,
        service_id=service_id,
        service_location=service_location,
        service_receiver_id=receiver_id,
        details=ReferralDetails(need_codes=need_codes, **values),
    )


def _check_performer(performers: list, at: str, found: _Found, by_url: dict) -> tuple[str, str, str]:
    """The service: by Throughcare's identifier, or (as another NHS system names it) by the
    HealthcareService the performer refers to and its receiver (Directory of Services) identifier."""
    for index, performer in enumerate(performers):
        identifier = performer.get("identifier") or {}
        if identifier.get("system") == s.SERVICE_ID_SYSTEM:
            location = f"{at}.performer[{index}].identifier"
            if not _is_uuid(identifier.get("value")):
                found.add(f"{location}.value", f"'{identifier.get('value')}' is not a Throughcare service id")
            return str(identifier.get("value")), location, ""
    for index, performer in enumerate(performers):
        _, target = by_url.get(performer.get("reference"), (None, {}))
        if target.get("resourceType") != "HealthcareService":
            continue
        for identifier in target.get("identifier") or []:
            if identifier.get("system") == s.DOS_SERVICE_ID_SYSTEM and identifier.get("value"):
                return "", f"{at}.performer[{index}]", str(identifier["value"])
    found.add(
        f"{at}.performer",
        f"Name the service with an identifier whose system is {s.SERVICE_ID_SYSTEM}, or refer to a "
        f"HealthcareService with its {s.DOS_SERVICE_ID_SYSTEM} identifier",
    )
    return "", f"{at}.performer", ""


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
