"""A new draft starts from what is already known, so nobody types it twice (issue #13).

Two sources, the later winning: the person's record (interpreter, contact preference, custody and
release date), then the Find support answers the practitioner gave in this session before choosing
"Refer to this service" (needs, drug and alcohol use, risk, GP registration, interpreter, custody and
release, what the person would prefer). The answers are kept in the session, not in the link, so no
one's needs or risk travel in an address that browsers and servers log.
"""

from datetime import date

from throughcare.matching.profile import LegalStatus, NeedsProfile, Preference
from throughcare.people.models import ContactPreference

SESSION_KEY = "find_support_answers"
# What a draft says about GP registration when Find support was told there is none (read back there too).
NOT_REGISTERED_WITH_A_GP = "Not registered with a GP."


def remember_find_support(session, profile: NeedsProfile, *, person_id: str) -> None:
    """Keep the answers of a Find support search for a draft referral made from its results.

    `person_id` is empty for a search not started from a person's record: the answers then apply to
    whoever the practitioner chooses next.
    """
    session[SESSION_KEY] = {
        "person": person_id,
        "need_codes": list(profile.need_codes),
        "uses_substances": profile.uses_substances,
        "risk_to_others": int(profile.risk_to_others),
        "risk_to_self": profile.risk_to_self,
        "gp_registered": profile.gp_registered,
        "needs_interpreter": profile.needs_interpreter,
        "language": profile.language,
        "legal_status": profile.legal_status,
        "release_date": profile.release_date.isoformat() if profile.release_date else None,
        "preferences": list(profile.preferences),
    }


def find_support_answers(session, person) -> dict:
    """The session's Find support answers, when they were given for this person (or for nobody yet)."""
    saved = session.get(SESSION_KEY) or {}
    return saved if saved.get("person") in ("", str(person.pk)) else {}


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _from_record(person, today: date) -> dict:
    from throughcare.referrals.eligibility import Answers, person_profile

    initial = {}
    if person.interpreter_needed and person.interpreter_language:
        initial["interpreter_language"] = person.interpreter_language
    if person.contact_preference:
        how = ContactPreference(person.contact_preference).label
        number = {ContactPreference.PHONE: person.phone, ContactPreference.EMAIL: person.email}.get(
            person.contact_preference, ""
        )
        initial["contact_preferences"] = f"{how}: {number}" if number else how
    nothing_said = Answers(False, None, None, None, None, route="")
    journey, _ = person_profile(person, nothing_said, today)
    if journey.legal_status == LegalStatus.IN_CUSTODY:
        initial |= {"in_custody": "yes", "release_date": journey.release_date}
    return initial


def _from_find_support(answers: dict) -> dict:
    initial = {
        "uses_substances": _yes_no(answers["uses_substances"]),
        "risk_to_others_level": answers["risk_to_others"],
        "at_risk_to_self": _yes_no(answers["risk_to_self"]),
    }
    if not answers["gp_registered"]:
        initial["gp_details"] = NOT_REGISTERED_WITH_A_GP
    if answers["needs_interpreter"] and answers["language"]:
        initial["interpreter_language"] = answers["language"]
    if answers["legal_status"] == LegalStatus.IN_CUSTODY:
        initial["in_custody"] = "yes"
        if answers["release_date"]:
            initial["release_date"] = date.fromisoformat(answers["release_date"])
    return initial


def _would_prefer(preferences: list[str]) -> str:
    labels = [Preference(code).label.lower() for code in preferences if code in Preference.values]
    return f"Would prefer: {', '.join(labels)}." if labels else ""


def draft_start(person, answers: dict, today: date) -> dict:
    """The new draft form's starting answers for `person`, from their record and `answers`."""
    initial = _from_record(person, today)
    if answers:
        initial |= _from_find_support(answers)
        preferred = _would_prefer(answers["preferences"])
        if preferred:
            contact = initial.get("contact_preferences", "")
            initial["contact_preferences"] = f"{contact}\n{preferred}".strip()
    return initial


def still_needed(person, service, initial: dict) -> dict[str, str]:
    """What submitting a draft with these starting answers would still ask for (field -> message),
    shown on the new draft's page so nobody meets it for the first time at submission."""
    from throughcare.referrals.models import Referral
    from throughcare.referrals.services import missing_to_submit

    answers = {
        "uses_substances": None,
        "at_risk_to_self": None,
        **{
            name: initial[name] == "yes" for name in ("uses_substances", "at_risk_to_self") if name in initial
        },
    }
    texts = ("reason_for_referral", "contact_preferences", "gp_details", "interpreter_language")
    unsaved = Referral(
        person=person,
        service=service,
        in_custody=initial.get("in_custody") == "yes",
        release_date=initial.get("release_date"),
        risk_to_others_level=initial.get("risk_to_others_level"),
        **answers,
        **{name: initial.get(name, "") for name in texts},
    )
    return missing_to_submit(unsaved)
