"""Checks of a referral message's Consent: it stands, is the person's, and says what they agreed to."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from throughcare.referrals.fhir import systems as s
from throughcare.referrals.models import ConsentMethod


@dataclass
class ConsentInput:
    location: str
    given_on: date
    how_obtained: str
    shared_with: str
    purposes: str


def consent_says_what_was_agreed(consent: dict) -> bool:
    """Whether a Consent carries any of Throughcare's extensions saying what the person agreed to."""
    ours = {s.CONSENT_METHOD_URL, s.CONSENT_SHARED_WITH_URL, s.CONSENT_PURPOSES_URL}
    return any(e.get("url") in ours for e in consent.get("extension") or [])


def check_consent(index: int, consent: dict, subject, found) -> ConsentInput | None:
    at = f"Bundle.entry[{index}].resource"
    before = len(found.problems)
    _check_status(at, consent, found)
    if not _has_coding(consent.get("scope"), s.CONSENT_SCOPE_SYSTEM, s.CONSENT_SCOPE_PRIVACY):
        found.add(
            f"{at}.scope",
            f"The consent's scope must be {s.CONSENT_SCOPE_PRIVACY} from {s.CONSENT_SCOPE_SYSTEM}",
        )
    categories = consent.get("category") or []
    if not any(
        _has_coding(c, s.SNOMED, s.CONSENT_SHARING_CODE) or _has_coding(c, s.LOINC, s.LOINC_PATIENT_CONSENT)
        for c in categories
    ):
        found.add(
            f"{at}.category",
            f"The consent's category must include {s.CONSENT_SHARING_CODE} from {s.SNOMED} "
            f"(or {s.LOINC_PATIENT_CONSENT} from {s.LOINC})",
        )
    if not consent.get("policy") and not consent.get("policyRule"):
        # R4 invariant ppc-1: either a policy or a policyRule.
        found.add(f"{at}.policyRule", "Give the policy the consent was given under: policy or policyRule")
    if (consent.get("patient") or {}).get("reference") != (subject or {}).get("reference"):
        found.add(
            f"{at}.patient",
            "The consent must be the referred person's: its patient must be the ServiceRequest's subject",
        )
    given_on = as_date(consent.get("dateTime"))
    if given_on is None:
        found.add(f"{at}.dateTime", "Give the date consent was given")
    elif given_on > timezone.localdate():
        found.add(f"{at}.dateTime", "The date consent was given must be today or in the past")
    method, texts = _check_what_was_agreed(at, consent, found)
    if len(found.problems) > before:
        return None
    return ConsentInput(at, given_on, method, texts[s.CONSENT_SHARED_WITH_URL], texts[s.CONSENT_PURPOSES_URL])


def _check_status(at: str, consent: dict, found) -> None:
    if consent.get("status") not in s.CONSENT_STATES:
        found.add(
            f"{at}.status",
            f"'{consent.get('status')}' is not a consent state: use one of {listed(s.CONSENT_STATES)}",
        )
    elif consent["status"] != "active":
        found.add(
            f"{at}.status",
            f"Only consent that stands (status 'active') can be recorded, not '{consent['status']}'",
        )


def _check_what_was_agreed(at: str, consent: dict, found) -> tuple[str | None, dict[str, str]]:
    """How consent was obtained, and the texts of who it may be shared with and what for."""
    extensions = {e.get("url"): e for e in consent.get("extension") or []}
    method = (extensions.get(s.CONSENT_METHOD_URL) or {}).get("valueCode")
    if method not in ConsentMethod.values:
        found.add(
            f"{at}.extension",
            f"Say how consent was obtained with the {s.CONSENT_METHOD_URL} extension: "
            f"one of {listed(ConsentMethod.values)}",
        )
    texts = {}
    for url, what in (
        (s.CONSENT_SHARED_WITH_URL, "who the person agreed their information may be shared with"),
        (s.CONSENT_PURPOSES_URL, "what the person agreed their information may be used for"),
    ):
        texts[url] = ((extensions.get(url) or {}).get("valueString") or "").strip()
        if not texts[url]:
            found.add(f"{at}.extension", f"Say {what}, with the {url} extension")
    return method, texts


def as_date(value) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def listed(codes) -> str:
    return ", ".join(sorted(codes))


def _has_coding(concept, system: str, code: str) -> bool:
    codings = concept.get("coding") or [] if isinstance(concept, dict) else []
    return any(c.get("system") == system and c.get("code") == code for c in codings)
