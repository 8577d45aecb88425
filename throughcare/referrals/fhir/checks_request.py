"""Checks of a referral message's ServiceRequest content and Patient: needs, labelled notes, NHS number.

`found` is the collector of `checks.check_bundle`: `add` records a problem, `leave` something valid
that Throughcare does not keep.
"""

from datetime import date

from django.core.exceptions import ValidationError

from throughcare.directory.vocabularies import NEEDS
from throughcare.people.identifiers import clean_nhs_number
from throughcare.referrals.fhir import systems as s
from throughcare.referrals.fhir.checks_consent import as_date, listed


def codings(concept) -> list[dict]:
    return concept.get("coding") or [] if isinstance(concept, dict) else []


def check_needs(reasons: list, at: str, found) -> list[str]:
    codes = []
    for index, reason in enumerate(reasons):
        if not codings(reason):
            # Uncoded text would otherwise be lost: the reason in words belongs in its note.
            found.add(
                f"{at}.reasonCode[{index}]",
                "Code each reason as a need, or put the reason in words in the 'reason-for-referral' note",
            )
        for c_index, coding in enumerate(codings(reason)):
            location = f"{at}.reasonCode[{index}].coding[{c_index}]"
            if coding.get("system") != s.NEEDS_SYSTEM:
                # Another system's code (SNOMED CT, say) is valid FHIR that Throughcare cannot hold.
                found.leave(
                    location,
                    "ServiceRequest.reasonCode",
                    f"Needs are held in Throughcare's needs vocabulary ({s.NEEDS_SYSTEM}); "
                    f"'{coding.get('code')}' from '{coding.get('system')}' is not kept",
                )
            elif coding.get("code") not in NEEDS.codes:
                found.add(
                    f"{location}.code",
                    f"'{coding.get('code')}' is not in the needs vocabulary: "
                    f"use one of {listed(NEEDS.codes)}",
                )
            else:
                codes.append(coding["code"])
    return codes


def check_notes(notes: list, at: str, found) -> dict:
    values: dict = {}
    unlabelled = []
    for index, note in enumerate(notes):
        location = f"{at}.note[{index}]"
        key, text = note.get("id"), (note.get("text") or "").strip()
        field_name = s.NOTE_FIELDS.get(key)
        if key is None:
            # Another system's notes carry no Throughcare label: they are the referrer's words.
            unlabelled.append(text)
        elif field_name is None:
            found.add(
                f"{location}.id",
                f"'{key}' is not a referral note Throughcare knows: use one of {listed(s.NOTE_FIELDS)}",
            )
        elif field_name in values:
            found.add(f"{location}.id", f"There is more than one '{key}' note")
        elif field_name == "in_custody":
            if text not in ("yes", "no"):
                found.add(
                    f"{location}.text",
                    f"Whether the person is in custody must be 'yes' or 'no', not '{text}'",
                )
            values[field_name] = text == "yes"
        elif field_name == "release_date":
            try:
                values[field_name] = date.fromisoformat(text)
            except ValueError:
                found.add(
                    f"{location}.text", f"The release date must be a date like 2026-03-31, not '{text}'"
                )
                values[field_name] = None
        else:
            values[field_name] = text
    if any(unlabelled):
        words = [values.get("reason_for_referral", ""), *unlabelled]
        values["reason_for_referral"] = "\n\n".join(text for text in words if text)
    return values


def check_patient(hit, found) -> tuple[str, str, date | None, str]:
    if hit is None:
        return "", "", None, ""
    index, patient = hit
    at = f"Bundle.entry[{index}].resource"
    if patient.get("gender") is not None and patient["gender"] not in s.ADMINISTRATIVE_GENDERS:
        found.add(
            f"{at}.gender",
            f"'{patient['gender']}' is not an administrative gender: "
            f"use one of {listed(s.ADMINISTRATIVE_GENDERS)}",
        )
    birth_date = as_date(patient.get("birthDate"))
    for i, identifier in enumerate(patient.get("identifier") or []):
        if identifier.get("system") == s.NHS_NUMBER_SYSTEM:
            location = f"{at}.identifier[{i}].value"
            try:
                number = clean_nhs_number(identifier.get("value"))
            except ValidationError as exc:
                found.add(location, " ".join(exc.messages))
                return "", location, birth_date, f"{at}.birthDate"
            if not number:
                found.add(location, "The NHS number is empty")
            return number, location, birth_date, f"{at}.birthDate"
    found.add(
        f"{at}.identifier",
        f"Give the person's NHS number (system {s.NHS_NUMBER_SYSTEM}): "
        "it is how Throughcare finds them in your caseload",
    )
    return "", f"{at}.identifier", birth_date, f"{at}.birthDate"
