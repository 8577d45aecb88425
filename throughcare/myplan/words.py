"""What a person reads about their referrals and appointments: short sentences, reading age 9.

`REFERRAL_WORDS` has a sentence for every referral state a person may see (a draft is not shared
with anyone yet, so it is not shown); a test keeps it complete as states are added. `PROGRAMME_WORDS`
says what each of the other programmes a person may be in is, kept complete the same way.
"""

from throughcare.appointments.models import Mode
from throughcare.core.templatetags.govuk_dates import govuk_date_text
from throughcare.people.models import Programme
from throughcare.referrals.states import ReferralState

_S = ReferralState
REFERRAL_WORDS: dict[str, str] = {
    _S.SUBMITTED: "{service} have your referral.",
    _S.ACKNOWLEDGED: "{service} have your referral.",
    _S.ACCEPTED: "{service} can help you. They will be in touch to set a time.",
    _S.WAITLISTED: "You are on the waiting list for {service}.",
    _S.ASSESSMENT_BOOKED: "{service} have set a time for your first meeting.",
    _S.IN_TREATMENT: "You are getting help from {service}.",
    _S.PAUSED: "Your help from {service} is on hold for now.",
    _S.DECLINED: "{service} cannot help you this time. Your worker will talk to you about what to do next.",
    _S.COMPLETED: "You have finished your time with {service}.",
    _S.ENDED_EARLY: "Your help from {service} has stopped.",
    _S.WITHDRAWN: "Your referral to {service} has been stopped.",
}
HIDDEN_STATES = frozenset({_S.DRAFT})

MODE_WORDS: dict[str, str] = {
    Mode.IN_PERSON: "Face to face",
    Mode.PHONE: "On the phone",
    Mode.VIDEO: "On a video call",
    Mode.OTHER: "",
}


def referral_sentence(referral) -> str:
    """'Harbour Minds have your referral. They will contact you by 12 March 2027.'"""
    sentence = REFERRAL_WORDS[referral.state].format(service=referral.service.name)
    if referral.state in (_S.SUBMITTED, _S.ACKNOWLEDGED) and referral.decide_by:
        sentence += f" They will contact you by {govuk_date_text(referral.decide_by)}."
    if referral.state == _S.WAITLISTED and referral.expected_start_on:
        sentence += f" You should start around {govuk_date_text(referral.expected_start_on)}."
    return sentence


_P = Programme
PROGRAMME_WORDS: dict[str, str] = {
    _P.INTEGRATED_OFFENDER_MANAGEMENT: (
        "You are part of IOM. The police and probation work on your plan together."
    ),
    _P.CFO_EVOLUTION: "You are part of CFO Evolution. They can help with things like work, a home and money.",
    _P.CRS_PERSONAL_WELLBEING: "You get help to feel well from a team that works with probation.",
    _P.LIAISON_AND_DIVERSION: (
        "A liaison and diversion team is helping you. They are health workers at the police station or court."
    ),
    _P.OUT_OF_COURT_DISPOSAL: (
        "You have an out of court disposal. You agreed to do some things so you did not go to court."
    ),
}


def programme_sentence(membership) -> str:
    """'You are part of CFO Evolution. ... You started on 2 February 2026.'"""
    return f"{PROGRAMME_WORDS[membership.programme]} You started on {govuk_date_text(membership.started_on)}."
