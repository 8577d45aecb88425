"""Journeys in Leeds and in Manchester and Salford, so that each area's sign-ins and commissioner have
their own work and figures. As in `journeys_derby`, each function is one person's story."""

from datetime import time

from throughcare.continuity.models import Requirement
from throughcare.continuity.orders.services import requirement_set_status
from throughcare.demo.areas import LEEDS, MANCHESTER
from throughcare.demo.clock import clock_at, day, moment
from throughcare.demo.journeys_derby import (
    GAD7_HIGH,
    GAD7_LOW,
    GAD7_MID,
    PHQ9_HIGH,
    PHQ9_LOW,
    PHQ9_MID,
    assessed,
)
from throughcare.demo.story import (
    book,
    community_order,
    measure,
    move,
    plan,
    received,
    released,
    send,
    sessions,
    summarise,
)
from throughcare.referrals.states import ReferralState

_S = ReferralState


def emeka_okafor(c) -> None:
    grace = c["leeds-caseworker"]
    referral = send(
        c["leeds-practitioner"],
        c["Okafor"],
        c["Chapeltown Brothers Wellbeing Circle"],
        40,
        "Emeka feels cut off from his community since his conviction and wants to talk to men "
        "who understand.",
        ["emotional_wellbeing", "relationships"],
    )
    move(grace, referral, _S.ACCEPTED, 38)
    assessed(grace, referral, 38, 33, scores=[("GAD-7", GAD7_HIGH)])
    sessions(grace, referral, [26, 19, 12, 5])
    measure(grace, referral, "GAD-7", "session", 12, GAD7_MID)
    book(grace, referral, 5, starts_in_days_ago=0, hour=11)  # today


def jade_clarke(c) -> None:
    referral = send(
        c["leeds-practitioner"],
        c["Clarke"],
        c["Leeds Women's Centre: Wellbeing and Trauma Support"],
        21,
        "Jade has nightmares and flashbacks after an assault; wants support from women.",
        ["trauma", "domestic_abuse"],
    )
    move(c["leeds-caseworker"], referral, _S.WAITLISTED, 18, waitlist_position=4, expected_start_on=day(-35))


def craig_booth(c) -> None:
    """A secondary MHTR made last week, its referral not yet acknowledged (overdue)."""
    service = c["Kirkgate Community Mental Health Team (secondary MHTR)"]
    community_order(
        c["leeds-practitioner"],
        c["Booth"],
        12,
        "mhtr_secondary",
        service,
        court="Leeds Magistrates' Court",
        pdu_code=LEEDS.pdu_code,
        started=False,
    )
    send(
        c["leeds-practitioner"],
        c["Booth"],
        service,
        8,
        "Secondary MHTR made at Leeds Magistrates' Court: bipolar disorder, not in contact with services "
        "for two years.",
        ["psychosis", "depression"],
        medication="Lithium, stopped last year.",
    )


def piotr_nowak(c) -> None:
    declined = send(
        c["leeds-practitioner"],
        c["Nowak"],
        c["Kirkgate Talking Therapies"],
        30,
        "Piotr is anxious and not sleeping since losing his job.",
        ["anxiety"],
    )
    move(
        c["leeds-nhs-caseworker"],
        declined,
        _S.DECLINED,
        26,
        reason_code="could_not_contact",
        note="We phoned three times with a Polish interpreter and wrote once, with no reply. Please check "
        "his number and refer again.",
    )
    cafe = send(
        c["leeds-practitioner"],
        c["Nowak"],
        c["Aire Valley Recovery Café"],
        10,
        "Drinking more since losing his job; would try a peer group with others in recovery.",
        ["substance_use", "anxiety"],
        current_substance_use="Drinks most evenings.",
        uses_substances=True,
    )
    move(c["leeds-caseworker"], cafe, _S.ACCEPTED, 7)
    book(c["leeds-caseworker"], cafe, 7, starts_in_days_ago=-2, hour=13, purpose="assessment")


def sophie_haigh(c) -> None:
    """A primary MHTR completed, with its requirement marked complete and the summary written."""
    daniel, service = c["leeds-nhs-caseworker"], c["Leeds Primary MHTR Service"]
    order = community_order(
        c["leeds-practitioner"],
        c["Haigh"],
        140,
        "mhtr_primary",
        service,
        court="Leeds Magistrates' Court",
        pdu_code=LEEDS.pdu_code,
        started=True,
    )
    referral = send(
        c["leeds-practitioner"],
        c["Haigh"],
        service,
        140,
        "Primary MHTR made at Leeds Magistrates' Court: depression and self-harm.",
        ["depression", "self_harm"],
    )
    move(daniel, referral, _S.ACCEPTED, 138)
    assessed(daniel, referral, 138, 131, scores=[("PHQ-9", PHQ9_HIGH)])
    sessions(daniel, referral, [124, 117, 110, 103, 96, 89])
    measure(daniel, referral, "PHQ-9", "last", 89, PHQ9_LOW)
    move(daniel, referral, _S.COMPLETED, 85, reason_code="treatment_completed")
    summarise(
        daniel,
        referral,
        84,
        "Twelve sessions of CBT for depression under her MHTR.",
        "Sophie found behavioural activation most helpful: encourage her to keep her weekly plan.",
        "The requirement is complete; she can refer herself to Kirkgate Talking Therapies if needed.",
    )
    with clock_at(moment(84, 17)):
        requirement = Requirement.objects.get(order=order)
        requirement_set_status(actor=daniel, requirement=requirement, status="completed")


def yusuf_ali(c) -> None:
    """Referred to RECONNECT two months before release; seen the day after, now in treatment."""
    tom, daniel, person = c["leeds-practitioner"], c["leeds-nhs-caseworker"], c["Ali"]
    received(tom, person, 240, "HMP Leeds", release_in_days=-20)
    referral = send(
        tom,
        person,
        c["RECONNECT West Yorkshire"],
        60,
        "Yusuf has PTSD from his time in Syria and is anxious about release.",
        ["trauma", "anxiety"],
        in_custody=True,
        release_date=day(20),
    )
    move(daniel, referral, _S.ACCEPTED, 55)
    released(tom, person, 20)
    assessed(daniel, referral, 55, 19, scores=[("PHQ-9", PHQ9_MID)])
    sessions(daniel, referral, [12, 5])
    book(daniel, referral, 5, starts_in_days_ago=-4, hour=15)


def kelly_byrne(c) -> None:
    fiona = c["manchester-manager"]
    referral = send(
        c["manchester-practitioner"],
        c["Byrne"],
        c["Cotton Street Women's Centre"],
        35,
        "Kelly is rebuilding contact with her children and finds the pressure overwhelming.",
        ["emotional_wellbeing", "relationships"],
    )
    move(fiona, referral, _S.ACCEPTED, 32)
    assessed(fiona, referral, 32, 28, scores=[("PHQ-9", PHQ9_MID)])
    sessions(fiona, referral, [21, 14, 7], missed=(2,))
    book(fiona, referral, 6, starts_in_days_ago=-1, hour=10)


def imran_hussain(c) -> None:
    """Out of HMP Greystone in twelve days, with gaps in his plan and a referral sent yesterday."""
    marcus, person = c["manchester-navigator"], c["Hussain"]
    received(marcus, person, 200, c.organisations["demo-manchester-prison"], release_in_days=12)
    plan(
        marcus,
        person,
        10,
        {
            "naloxone": {"status": "not_needed", "not_needed_reason": "No history of opioid use"},
            "housing": {"status": "in_progress", "detail": "Manchester City Council homeless referral made"},
            "probation_first_appointment": {
                "status": "done",
                "happens_on": day(-13),
                "happens_at": time(10, 30),
            },
        },
    )
    send(
        marcus,
        person,
        c["Cotton Street Housing and Wellbeing Link"],
        1,
        "Imran has nowhere settled to live on release and his anxiety is rising as the date nears.",
        ["housing_wellbeing", "anxiety"],
        in_custody=True,
        release_date=day(-12),
    )


def alex_taylor(c) -> None:
    fiona = c["manchester-manager"]
    referral = send(
        c["manchester-practitioner"],
        c["Taylor"],
        c["Rainbow Minds LGBTQ+ Peer Support"],
        50,
        "Alex wants peer support from other LGBTQ+ people; prefers online groups.",
        ["emotional_wellbeing", "anxiety"],
    )
    move(fiona, referral, _S.ACCEPTED, 47)
    assessed(fiona, referral, 47, 44, scores=[("GAD-7", GAD7_HIGH)])
    sessions(fiona, referral, [37, 30, 23, 16, 9])
    measure(fiona, referral, "GAD-7", "session", 16, GAD7_LOW)


def sean_murphy(c) -> None:
    """Declined by the OPD service until he is screened; acknowledged by the veterans' service."""
    opd = send(
        c["manchester-practitioner"],
        c["Murphy"],
        c["Greater Manchester OPD Pathway Intervention Service"],
        25,
        "Long-standing difficulties with anger and relationships.",
        ["personality_disorder"],
    )
    move(
        c["manchester-nhs-caseworker"],
        opd,
        _S.DECLINED,
        20,
        reason_code="other",
        note="Sean has not been screened into the OPD pathway yet. Ask your OPD lead to screen him, and "
        "refer again if he is screened in.",
    )
    veterans = send(
        c["manchester-practitioner"],
        c["Murphy"],
        c["Cotton Street Veterans' Wellbeing"],
        4,
        "Sean served in Northern Ireland and has never talked about it.",
        ["trauma"],
    )
    move(c["manchester-manager"], veterans, _S.ACKNOWLEDGED, 3)


def ruksana_begum(c) -> None:
    """Withdrew her consent to one referral; a later one waits, overdue, for the NHS trust."""
    circle = send(
        c["manchester-practitioner"],
        c["Begum"],
        c["Noor Women's Wellbeing Circle"],
        28,
        "Ruksana is low and isolated; she asked for a group in Bengali.",
        ["emotional_wellbeing"],
    )
    move(c["manchester-manager"], circle, _S.ACKNOWLEDGED, 27)
    move(
        c["manchester-practitioner"],
        circle,
        _S.WITHDRAWN,
        22,
        reason_code="consent_withdrawn",
        note="Ruksana asked us not to share her details with a community group after all.",
    )
    send(
        c["manchester-practitioner"],
        c["Begum"],
        c["Pennine Vale Talking Therapies"],
        5,
        "Ruksana agreed to one-to-one therapy with a Bengali interpreter instead.",
        ["depression"],
    )


def liam_grant(c) -> None:
    """A primary MHTR awaiting its first appointment: the assessment is booked for the day after tomorrow."""
    owen, service = c["manchester-nhs-caseworker"], c["Manchester and Salford Primary MHTR Service"]
    community_order(
        c["manchester-practitioner"],
        c["Grant"],
        21,
        "mhtr_primary",
        service,
        court="Manchester and Salford Magistrates' Court",
        pdu_code=MANCHESTER.pdu_code,
        started=False,
    )
    referral = send(
        c["manchester-practitioner"],
        c["Grant"],
        service,
        20,
        "Primary MHTR: anxiety and panic since an assault last year.",
        ["anxiety", "trauma"],
    )
    move(owen, referral, _S.ACCEPTED, 16)
    book(owen, referral, 16, starts_in_days_ago=-2, hour=11, purpose="assessment")


def jermaine_whitfield(c) -> None:
    """Sentenced nine days ago: Sana (probation) recorded his reception into HMP Greystone, which gave
    the prison's healthcare and resettlement team a place in his care team, so Marcus sees him."""
    received(c["manchester-practitioner"], c["Whitfield"], 9, c.organisations["demo-manchester-prison"], 110)


JOURNEYS = [
    emeka_okafor,
    jade_clarke,
    craig_booth,
    piotr_nowak,
    sophie_haigh,
    yusuf_ali,
    kelly_byrne,
    imran_hussain,
    alex_taylor,
    sean_murphy,
    ruksana_begum,
    liam_grant,
    jermaine_whitfield,
]


def seed(cast) -> int:
    for journey in JOURNEYS:
        journey(cast)
    return len(JOURNEYS)
