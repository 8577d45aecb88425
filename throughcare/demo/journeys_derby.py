"""Journeys in Derby and Derbyshire: between them, a referral in every state of the lifecycle.

Referred by Priya (probation) and Noah (HMP Northgate); received by Harbour Minds (Casey) and the
Riverside NHS trust (Nia). Each function is one person's story, its steps in the order they happened.
"""

from throughcare.demo.areas import DERBY
from throughcare.demo.clock import day
from throughcare.demo.story import (
    attend,
    book,
    community_order,
    draft,
    measure,
    move,
    plan,
    re_released,
    recalled,
    received,
    released,
    send,
    sessions,
    summarise,
)
from throughcare.referrals.states import ReferralState

_S = ReferralState
PHQ9_HIGH, PHQ9_MID, PHQ9_LOW = (
    [3, 2, 2, 3, 2, 2, 1, 2, 0],
    [2, 2, 1, 2, 2, 1, 1, 1, 0],
    [1, 1, 1, 1, 1, 1, 1, 0, 0],
)
GAD7_HIGH, GAD7_MID, GAD7_LOW = [2, 3, 2, 2, 1, 2, 2], [2, 2, 1, 2, 1, 1, 1], [1, 1, 1, 0, 1, 1, 0]


def assessed(worker, referral, booked_days_ago: int, seen_days_ago: int, *, scores=()) -> None:
    """Accepted earlier; assessed, measured and started on treatment the day of the assessment."""
    attend(
        worker,
        book(
            worker, referral, booked_days_ago, starts_in_days_ago=seen_days_ago, hour=11, purpose="assessment"
        ),
    )
    for code, answers in scores:
        measure(worker, referral, code, "first", seen_days_ago, answers)
    move(worker, referral, _S.IN_TREATMENT, seen_days_ago, hour=13)


def jordan_example(c) -> None:
    """In talking therapy, improving; seen today, yesterday's session not yet marked; assessment booked
    elsewhere for next week."""
    nia, person = c["nhs-caseworker"], c["Example"]
    therapy = send(
        c["practitioner"],
        person,
        c["Riverside Talking Therapies"],
        56,
        "Low mood and poor sleep since release; struggling with his daughter's birthday coming up.",
        ["depression", "anxiety"],
    )
    move(nia, therapy, _S.ACKNOWLEDGED, 55)
    move(nia, therapy, _S.ACCEPTED, 52)
    assessed(nia, therapy, 52, 45, scores=[("PHQ-9", PHQ9_HIGH), ("GAD-7", GAD7_HIGH)])
    sessions(nia, therapy, [38, 31, 24, 17, 10])
    measure(nia, therapy, "PHQ-9", "session", 24, PHQ9_MID)
    measure(nia, therapy, "GAD-7", "session", 24, GAD7_MID)
    measure(nia, therapy, "PHQ-9", "session", 10, PHQ9_LOW)
    measure(nia, therapy, "GAD-7", "session", 10, GAD7_LOW)
    book(nia, therapy, 5, starts_in_days_ago=1, hour=11)  # happened yesterday: attendance still to record
    book(nia, therapy, 3, starts_in_days_ago=0, hour=15)  # today
    navigators = send(
        c["practitioner"],
        person,
        c["Neurodiversity Navigators"],
        9,
        "Reading and forms are hard for Jordan; he wants help to keep on top of appointments.",
        ["neurodivergence", "emotional_wellbeing"],
    )
    move(c["caseworker"], navigators, _S.ACCEPTED, 6)
    book(c["caseworker"], navigators, 6, starts_in_days_ago=-6, purpose="assessment")


def aisha_sample(c) -> None:
    """Sent ten days ago and still not acknowledged: overdue for both sides (whatever bank holidays fell)."""
    send(
        c["practitioner"],
        c["Sample"],
        c["Women's Wellbeing Hub"],
        10,
        "Aisha left an abusive relationship in the spring and feels isolated; she asked for a "
        "women-only space.",
        ["domestic_abuse", "emotional_wellbeing"],
    )


def casey_placeholder(c) -> None:
    """Out in ten days: the plan has gaps, and RECONNECT has acknowledged the referral."""
    noah, person = c["navigator"], c["Placeholder"]
    received(noah, person, 300, c.organisations["demo-prison"], release_in_days=10)
    plan(
        noah,
        person,
        20,
        {
            "gp_registration": {"status": "done", "place": "Osmaston Road Medical Centre, Derby"},
            "id": {"status": "done", "detail": "Provisional driving licence applied for"},
            "medication": {"status": "in_progress", "detail": "Sertraline: 14 days' supply to be arranged"},
        },
    )
    referral = send(
        noah,
        person,
        c["RECONNECT Derbyshire"],
        3,
        "Casey has struggled with anxiety and self-harm in custody and is worried about release.",
        ["anxiety", "self_harm"],
        in_custody=True,
        release_date=day(-10),
    )
    move(c["nhs-caseworker"], referral, _S.ACKNOWLEDGED, 2)
    # Drafted for Casey to agree to from their own plan (Who can have your details): no consent yet.
    draft(
        noah,
        person,
        c["Riverside Talking Therapies"],
        "Casey would like talking therapy for anxiety once settled in the community.",
        ["anxiety"],
        in_custody=True,
        release_date=day(-10),
        referral_route="self",  # Riverside takes self-referrals: Casey asks, with Noah's help
    )


def mohammed_specimen(c) -> None:
    """Out in six days with no release plan yet, and an Enhanced RECONNECT referral still in draft."""
    noah, person = c["navigator"], c["Specimen"]
    received(noah, person, 400, c.organisations["demo-prison"], release_in_days=6)
    draft(
        noah,
        person,
        c["Enhanced RECONNECT"],
        "Long history of trauma; struggles to trust services. BSL interpreter needed for every contact.",
        ["trauma", "personality_disorder"],
        in_custody=True,
        release_date=day(-6),
    )


def kieran_walsh(c) -> None:
    """On a community order with a primary MHTR: in treatment, two sessions missed, and his latest
    PHQ-9 answered question 9 above zero, so both sides have an urgent notice."""
    nia, person = c["nhs-caseworker"], c["Walsh"]
    service = c["Primary Mental Health Treatment Requirement service"]
    community_order(
        c["practitioner"],
        person,
        70,
        "mhtr_primary",
        service,
        court="Derby Magistrates' Court",
        pdu_code=DERBY.pdu_code,
        started=True,
    )
    referral = send(
        c["practitioner"],
        person,
        service,
        70,
        "Primary MHTR made at Derby Magistrates' Court: depression and anxiety after a bereavement.",
        ["depression", "anxiety"],
    )
    move(nia, referral, _S.ACCEPTED, 68)
    assessed(nia, referral, 68, 63, scores=[("PHQ-9", [2, 3, 2, 2, 2, 1, 2, 1, 0])])
    sessions(nia, referral, [56, 49, 42, 35, 28, 21, 14], missed=(3, 5))
    measure(nia, referral, "PHQ-9", "session", 28, [2, 2, 2, 2, 2, 1, 2, 1, 0])
    measure(nia, referral, "PHQ-9", "session", 7, [3, 2, 2, 3, 2, 2, 1, 2, 1])
    book(nia, referral, 7, starts_in_days_ago=-2, hour=10)


def shannon_hughes(c) -> None:
    """Declined by talking therapies when triage found drug use the referral had not mentioned, then
    waitlisted where current use is welcome."""
    declined = send(
        c["practitioner"],
        c["Hughes"],
        c["Riverside Talking Therapies"],
        40,
        "Panic attacks most days; wants to get back to work.",
        ["anxiety", "depression"],
    )
    move(
        c["nhs-caseworker"],
        declined,
        _S.DECLINED,
        37,
        reason_code="outside_criteria_substance_use",
        note="At triage Shannon told us she uses cannabis daily, which the referral did not say. We cannot "
        "offer therapy alongside daily use at present. The Dual Diagnosis Recovery "
        "Group in Derby works with people who are still using: we suggest a referral there.",
    )
    waiting = send(
        c["practitioner"],
        c["Hughes"],
        c["Dual Diagnosis Recovery Group"],
        35,
        "Panic and low mood tangled up with cannabis use; declined by Riverside Talking Therapies.",
        ["substance_use", "anxiety"],
        current_substance_use="Cannabis daily; alcohol at weekends.",
        uses_substances=True,
    )
    move(c["caseworker"], waiting, _S.WAITLISTED, 33, waitlist_position=2, expected_start_on=day(-18))


def lee_brannigan(c) -> None:
    """Released in the spring, in online treatment, then recalled three weeks ago: paused, not closed."""
    noah, priya, casey, person = c["navigator"], c["practitioner"], c["caseworker"], c["Brannigan"]
    received(noah, person, 500, c.organisations["demo-prison"], release_in_days=-150)
    released(noah, person, 150)
    referral = send(
        priya,
        person,
        c["Steady Minds Online"],
        120,
        "Low mood and worry about money since release; prefers video to travelling.",
        ["depression"],
    )
    move(casey, referral, _S.ACCEPTED, 118)
    assessed(casey, referral, 118, 115, scores=[("PHQ-9", [2, 2, 2, 1, 2, 1, 1, 1, 0])])
    sessions(casey, referral, [108, 101, 94, 87])
    recalled(priya, person, 21, c.organisations["demo-prison"], release_in_days=56)


def darren_moss(c) -> None:
    """Recalled during treatment, re-released three weeks ago, and taken back on where he left off."""
    noah, priya, nia, person = c["navigator"], c["practitioner"], c["nhs-caseworker"], c["Moss"]
    received(noah, person, 420, c.organisations["demo-prison"], release_in_days=-180)
    released(noah, person, 180)
    referral = send(
        priya,
        person,
        c["Community Mental Health Team (secondary MHTR)"],
        170,
        "Hearing voices again since release; stopped his antipsychotic in custody.",
        ["psychosis"],
        medication="Aripiprazole 10mg, stopped in custody.",
    )
    move(nia, referral, _S.ACCEPTED, 160)
    assessed(nia, referral, 160, 150, scores=[("PHQ-9", [2, 2, 2, 2, 1, 2, 2, 1, 0])])
    sessions(nia, referral, [143, 136, 129, 122])
    measure(nia, referral, "PHQ-9", "session", 122, PHQ9_MID)
    recalled(priya, person, 80, c.organisations["demo-prison"], release_in_days=-21)
    re_released(noah, person, 21)
    move(nia, referral, _S.IN_TREATMENT, 19)
    sessions(nia, referral, [12, 5])
    measure(nia, referral, "PHQ-9", "session", 5, PHQ9_LOW)
    book(nia, referral, 5, starts_in_days_ago=-3, hour=14)


def natalie_price(c) -> None:
    """Completed at the women's hub, scores much improved, with the end-of-service summary written."""
    casey = c["caseworker"]
    referral = send(
        c["practitioner"],
        c["Price"],
        c["Women's Wellbeing Hub"],
        110,
        "Natalie has felt low and alone since her children went to live with her mother.",
        ["emotional_wellbeing", "relationships"],
    )
    move(casey, referral, _S.ACCEPTED, 106)
    assessed(casey, referral, 106, 100, scores=[("PHQ-9", PHQ9_HIGH), ("GAD-7", GAD7_HIGH)])
    sessions(casey, referral, [93, 86, 79, 72, 65, 58])
    measure(casey, referral, "PHQ-9", "last", 58, PHQ9_LOW)
    measure(casey, referral, "GAD-7", "last", 58, GAD7_LOW)
    move(casey, referral, _S.COMPLETED, 56, reason_code="treatment_completed")
    summarise(
        casey,
        referral,
        55,
        "Eight weeks of one-to-one support and the Thursday women's group.",
        "Keep going to the group, which she can attend without a referral.",
        "Natalie has our number and can come back on her own at any time.",
    )


def ryan_coleman(c) -> None:
    """Ended early after missed appointments, with a summary saying what was tried."""
    casey = c["caseworker"]
    referral = send(
        c["practitioner"],
        c["Coleman"],
        c["Neurodiversity Navigators"],
        75,
        "Recently diagnosed autistic; finds appointments overwhelming.",
        ["neurodivergence"],
    )
    move(casey, referral, _S.ACCEPTED, 70)
    assessed(casey, referral, 70, 63)
    sessions(casey, referral, [56, 49, 42], missed=(1, 2))
    move(
        casey,
        referral,
        _S.ENDED_EARLY,
        40,
        reason_code="did_not_attend",
        note="Missed two sessions in a row; letters and texts unanswered.",
    )
    summarise(
        casey,
        referral,
        39,
        "An assessment and one session; two further sessions were missed.",
        "Ryan may do better with sessions at his probation office, where he already goes.",
        "Refer again when he is ready: we will offer the probation office as the venue.",
    )
    # Priya has started the new referral the summary suggests, and not yet finished it.
    draft(
        c["practitioner"],
        c["Coleman"],
        c["Neurodiversity Navigators"],
        "Second referral: Ryan is ready to try again if sessions can be at the probation office.",
        ["neurodivergence"],
    )


def gemma_lowe(c) -> None:
    """Withdrew from talking therapies to take up the women's OPD pathway, which has accepted her."""
    therapy = send(
        c["practitioner"],
        c["Lowe"],
        c["Riverside Talking Therapies"],
        30,
        "Low mood and self-harm urges at times of stress.",
        ["depression", "self_harm"],
    )
    move(c["nhs-caseworker"], therapy, _S.ACKNOWLEDGED, 29)
    move(
        c["practitioner"],
        therapy,
        _S.WITHDRAWN,
        25,
        reason_code="person_declined",
        note="Gemma would rather wait for the women's OPD pathway, which she has now been screened for.",
    )
    opd = send(
        c["practitioner"],
        c["Lowe"],
        c["Women's Offender Personality Disorder Pathway"],
        24,
        f"Screened into the OPD pathway by the OPD case consultant on {day(26):%-d %B %Y}.",
        ["personality_disorder", "trauma"],
    )
    move(c["nhs-caseworker"], opd, _S.ACCEPTED, 10)


def harpreet_kaur(c) -> None:
    """Sent this morning: new for the charity to decide on."""
    send(
        c["practitioner"],
        c["Kaur"],
        c["Sahara Culturally Informed Counselling"],
        0,
        "Harpreet would like counselling in Punjabi after a family bereavement.",
        ["bereavement", "depression"],
    )


def patrick_doherty(c) -> None:
    """An assessment tomorrow with a Traveller-led project, and screened for the OPD pathway."""
    casey = c["caseworker"]
    project = send(
        c["practitioner"],
        c["Doherty"],
        c["Travelling Together Wellbeing Project"],
        20,
        "Patrick lost his brother last year and has been drinking more; prefers to meet on site.",
        ["bereavement", "emotional_wellbeing"],
    )
    move(casey, project, _S.ACKNOWLEDGED, 19)
    move(casey, project, _S.ACCEPTED, 15)
    book(casey, project, 15, starts_in_days_ago=-1, hour=10, purpose="assessment")
    opd = send(
        c["practitioner"],
        c["Doherty"],
        c["Offender Personality Disorder Pathway, Derbyshire community service"],
        4,
        f"Screened into the OPD pathway on {day(9):%-d %B %Y}; case formulation requested.",
        ["personality_disorder"],
    )
    move(c["nhs-caseworker"], opd, _S.ACKNOWLEDGED, 3)


JOURNEYS = [
    jordan_example,
    aisha_sample,
    casey_placeholder,
    mohammed_specimen,
    kieran_walsh,
    shannon_hughes,
    lee_brannigan,
    darren_moss,
    natalie_price,
    ryan_coleman,
    gemma_lowe,
    harpreet_kaur,
    patrick_doherty,
]


def seed(cast) -> int:
    for journey in JOURNEYS:
        journey(cast)
    return len(JOURNEYS)
