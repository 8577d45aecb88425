"""The demo directory's services in Leeds and in Manchester and Salford: (owner, details) pairs.

As in `catalogue_derby`: owners are the area's "vcse" or "nhs" provider, `LOCAL` the area's own
local authorities, and dates are relative to the day the demo is loaded.
"""

from datetime import date

from throughcare.demo.catalogue import LOCAL, weeks
from throughcare.directory.details import FundingDetails, ServiceDetails

NHS_ENGLAND = "NHS England Health and Justice"


def _service(name, tier, description, needs, routes, delivery, **more) -> ServiceDetails:
    return ServiceDetails(
        name=name,
        tier=tier,
        description=description,
        need_codes=needs,
        referral_route_codes=routes,
        delivery_codes=delivery,
        **({"minimum_age": 18} | more),
    )


def leeds_services() -> list[tuple[str, ServiceDetails]]:
    return [
        (
            "nhs",
            _service(
                "Kirkgate Talking Therapies",
                "primary",
                "NHS talking therapies for anxiety, depression and trauma in Leeds: guided self-help, CBT "
                "and "
                "EMDR. You need to be registered with a Leeds GP.",
                ["anxiety", "depression", "trauma"],
                ["self", "gp", "probation"],
                ["one_to_one", "group", "online", "phone", "clinically_led"],
                accepts_current_substance_use=False,
                requires_gp_registration=True,
                accepts_risk_to_self=False,
                typical_wait_days=84,
                capacity_available=35,
                capacity_maximum=300,
                capacity_unit="referrals a month",
                **LOCAL,
            ),
        ),
        (
            "nhs",
            _service(
                "Leeds Primary MHTR Service",
                "primary",
                "Psychological treatment for people given a primary Mental Health Treatment Requirement by "
                "Leeds "
                "courts: assessed before sentence, then up to 12 sessions with a clinical psychologist.",
                ["anxiety", "depression", "trauma", "self_harm"],
                ["probation"],
                ["one_to_one", "face_to_face", "clinically_led"],
                custody_stage_codes=["pre_sentence", "community_sentence", "mhtr_primary"],
                statutory_referrals_only=True,
                typical_wait_days=21,
                capacity_available=4,
                capacity_maximum=30,
                capacity_unit="places",
                funding=[FundingDetails(NHS_ENGLAND, date(2024, 4, 1), weeks(12))],
                **LOCAL,
            ),
        ),
        (
            "nhs",
            _service(
                "Kirkgate Community Mental Health Team (secondary MHTR)",
                "secondary",
                "Psychiatric assessment and care coordination, including secondary Mental Health Treatment "
                "Requirements.",
                ["psychosis", "personality_disorder", "self_harm", "depression"],
                ["gp", "probation", "liaison_diversion", "statutory_agency"],
                ["one_to_one", "face_to_face", "clinically_led"],
                custody_stage_codes=["community_sentence", "mhtr_secondary", "post_release"],
                requires_gp_registration=True,
                typical_wait_days=120,
                **LOCAL,
            ),
        ),
        (
            "nhs",
            _service(
                "RECONNECT West Yorkshire",
                "secondary",
                "Care after custody from 12 weeks before release to 6 months after, for people leaving HMP "
                "Leeds "
                "and other prisons for West Yorkshire. Referred by prison or probation staff.",
                ["depression", "anxiety", "trauma", "self_harm", "substance_use"],
                ["prison", "probation"],
                ["one_to_one", "face_to_face", "phone", "lived_experience_staff"],
                custody_stage_codes=["pre_release", "post_release"],
                typical_wait_days=7,
                capacity_available=6,
                capacity_maximum=45,
                capacity_unit="places",
                funding=[FundingDetails(NHS_ENGLAND, date(2024, 4, 1), weeks(80))],
                radius_miles=30,
            ),
        ),
        (
            "nhs",
            _service(
                "Kirkgate Early Intervention in Psychosis",
                "secondary",
                "Assessment and up to three years of support after a first episode of psychosis, with "
                "family work.",
                ["psychosis"],
                ["gp", "self", "probation", "liaison_diversion"],
                ["one_to_one", "face_to_face", "clinically_led"],
                maximum_age=65,
                typical_wait_days=14,
                **LOCAL,
            ),
        ),
        (
            "vcse",
            _service(
                "Aire Valley Recovery Café",
                "wellbeing",
                "Peer-run café and recovery groups for people whose drinking or drug use and mental health "
                "go "
                "together. Come as you are: current use is welcome.",
                ["substance_use", "emotional_wellbeing", "anxiety"],
                ["self", "probation", "prison", "vcse"],
                ["group", "face_to_face", "peer_led", "lived_experience_staff"],
                custody_stage_codes=["post_release", "community_sentence"],
                typical_wait_days=0,
                funding=[FundingDetails("Police and Crime Commissioner grant", None, weeks(5))],
                **LOCAL,
            ),
        ),
        (
            "vcse",
            _service(
                "Chapeltown Brothers Wellbeing Circle",
                "wellbeing",
                "A men's group led by and for Black men, with one-to-one mentoring from men who have been "
                "through "
                "the justice system themselves.",
                ["emotional_wellbeing", "depression", "trauma", "relationships"],
                ["self", "probation", "vcse"],
                ["group", "one_to_one", "face_to_face", "peer_led", "lived_experience_staff"],
                community_codes=["black", "racially_minoritised"],
                gender="men",
                typical_wait_days=14,
                capacity_available=5,
                capacity_maximum=16,
                capacity_unit="places",
                funding=[FundingDetails("West Yorkshire ICB health inequalities fund", None, weeks(44))],
                **LOCAL,
            ),
        ),
        (
            "vcse",
            _service(
                "Leeds Women's Centre: Wellbeing and Trauma Support",
                "primary",
                "Trauma-informed counselling and groups for women, alongside help with domestic abuse, "
                "housing and children's social care. Women-only building; creche on site.",
                ["trauma", "domestic_abuse", "depression", "anxiety"],
                ["self", "probation", "prison", "vcse"],
                ["one_to_one", "group", "face_to_face", "lived_experience_staff"],
                community_codes=["women"],
                gender="women",
                typical_wait_days=21,
                capacity_available=0,
                capacity_maximum=24,
                capacity_unit="places",
                funding=[FundingDetails("Ministry of Justice women's services grant", None, weeks(3))],
                **LOCAL,
            ),
        ),
        (
            "vcse",
            _service(
                "Aire Valley Bereavement Support",
                "wellbeing",
                "Bereavement support by phone or video, including after a death in custody or by suicide.",
                ["bereavement", "emotional_wellbeing"],
                ["self", "probation", "prison", "gp", "vcse"],
                ["one_to_one", "online", "phone"],
                typical_wait_days=28,
                capacity_available=8,
                capacity_maximum=30,
                capacity_unit="clients",
                radius_miles=40,
            ),
        ),
        (
            "nhs",
            _service(
                "Kirkgate Crisis Café",
                "wellbeing",
                "An evening alternative to A&E for people in emotional distress, open 6pm to midnight "
                "every day. "
                "Walk in or phone ahead.",
                ["self_harm", "emotional_wellbeing", "anxiety"],
                ["self", "probation", "gp", "vcse"],
                ["one_to_one", "face_to_face", "phone", "peer_led"],
                minimum_age=16,
                **LOCAL,
            ),
        ),
    ]


def manchester_services() -> list[tuple[str, ServiceDetails]]:
    return [
        (
            "nhs",
            _service(
                "Pennine Vale Talking Therapies",
                "primary",
                "NHS talking therapies for Manchester and Salford, with sessions in Urdu, Polish and Arabic.",
                ["anxiety", "depression", "trauma"],
                ["self", "gp", "probation"],
                ["one_to_one", "group", "online", "phone", "clinically_led", "interpreters"],
                accepts_current_substance_use=False,
                requires_gp_registration=True,
                typical_wait_days=98,
                languages=["Urdu", "Polish", "Arabic"],
                capacity_available=50,
                capacity_maximum=420,
                capacity_unit="referrals a month",
                **LOCAL,
            ),
        ),
        (
            "nhs",
            _service(
                "Manchester and Salford Primary MHTR Service",
                "primary",
                "Primary Mental Health Treatment Requirements for Manchester and Salford courts: a "
                "psychologist "
                "assesses at court and treats the person in the community for up to 12 sessions.",
                ["anxiety", "depression", "trauma", "self_harm"],
                ["probation"],
                ["one_to_one", "face_to_face", "clinically_led"],
                custody_stage_codes=["pre_sentence", "community_sentence", "mhtr_primary"],
                statutory_referrals_only=True,
                typical_wait_days=28,
                capacity_available=2,
                capacity_maximum=28,
                capacity_unit="places",
                funding=[FundingDetails(NHS_ENGLAND, date(2024, 4, 1), weeks(60))],
                **LOCAL,
            ),
        ),
        (
            "nhs",
            _service(
                "Pennine Vale Dual Diagnosis Team",
                "secondary",
                "Specialist care for people with severe mental illness and drug or alcohol use, working "
                "alongside the drug and alcohol service. Current use is expected.",
                ["substance_use", "psychosis", "depression", "self_harm"],
                ["gp", "probation", "statutory_agency", "liaison_diversion"],
                ["one_to_one", "face_to_face", "clinically_led"],
                custody_stage_codes=["post_release", "community_sentence", "mhtr_secondary"],
                typical_wait_days=35,
                capacity_available=1,
                capacity_maximum=30,
                capacity_unit="places",
                **LOCAL,
            ),
        ),
        (
            "nhs",
            _service(
                "Greater Manchester OPD Pathway Intervention Service",
                "specialist",
                "Psychologically informed support for men and women screened into the Offender Personality "
                "Disorder pathway, with case consultation for probation practitioners.",
                ["personality_disorder", "trauma", "self_harm"],
                ["probation"],
                ["one_to_one", "group", "clinically_led"],
                custody_stage_codes=["community_sentence", "post_release"],
                statutory_referrals_only=True,
                typical_wait_days=42,
                capacity_available=3,
                capacity_maximum=25,
                capacity_unit="places",
                funding=[
                    FundingDetails("NHS England and HMPPS (OPD pathway)", date(2023, 4, 1), date(2028, 3, 31))
                ],
                **LOCAL,
            ),
        ),
        (
            "vcse",
            _service(
                "Cotton Street Women's Centre",
                "wellbeing",
                "A women-only centre offering key workers, wellbeing groups and counselling, with support "
                "through "
                "court, probation and child contact.",
                ["emotional_wellbeing", "domestic_abuse", "trauma", "relationships"],
                ["self", "probation", "prison", "vcse"],
                ["one_to_one", "group", "face_to_face", "peer_led"],
                custody_stage_codes=["post_release", "community_sentence"],
                community_codes=["women"],
                gender="women",
                typical_wait_days=10,
                capacity_available=4,
                capacity_maximum=30,
                capacity_unit="places",
                funding=[FundingDetails("Greater Manchester Combined Authority", None, weeks(2))],
                **LOCAL,
            ),
        ),
        (
            "vcse",
            _service(
                "Rainbow Minds LGBTQ+ Peer Support",
                "wellbeing",
                "Peer support by and for lesbian, gay, bisexual, trans and queer people, in person in the "
                "Village "
                "or online across England.",
                ["emotional_wellbeing", "anxiety", "depression", "relationships"],
                ["self", "probation", "vcse"],
                ["group", "one_to_one", "online", "peer_led", "lived_experience_staff"],
                community_codes=["lgbtq"],
                minimum_age=16,
                covers_england=True,
                typical_wait_days=7,
                funding=[FundingDetails("National Lottery Community Fund", None, weeks(26))],
            ),
        ),
        (
            "vcse",
            _service(
                "Cotton Street Veterans' Wellbeing",
                "wellbeing",
                "Support from fellow veterans for ex-forces men and women, including help with "
                "service-related "
                "trauma and links to Op COURAGE.",
                ["trauma", "emotional_wellbeing", "substance_use"],
                ["self", "probation", "prison", "vcse"],
                ["one_to_one", "group", "face_to_face", "peer_led"],
                community_codes=["veterans"],
                typical_wait_days=14,
                capacity_available=6,
                capacity_maximum=20,
                capacity_unit="places",
                **LOCAL,
            ),
        ),
        (
            "vcse",
            _service(
                "Salford Neurodiversity Hub",
                "wellbeing",
                "Support for autistic adults and adults with ADHD: quiet rooms, written plans, and help "
                "preparing "
                "for probation appointments.",
                ["neurodivergence", "emotional_wellbeing", "anxiety"],
                ["self", "probation", "prison", "gp"],
                ["one_to_one", "face_to_face", "phone", "neurodivergence_adaptations"],
                typical_wait_days=30,
                capacity_available=2,
                capacity_maximum=15,
                capacity_unit="places",
                **LOCAL,
            ),
        ),
        (
            "vcse",
            _service(
                "Cotton Street Housing and Wellbeing Link",
                "wellbeing",
                "A link worker for people newly released or at risk of losing their home, joining up housing "
                "advice with mental health support.",
                ["housing_wellbeing", "emotional_wellbeing", "anxiety"],
                ["self", "probation", "prison", "vcse"],
                ["one_to_one", "face_to_face", "phone"],
                custody_stage_codes=["pre_release", "post_release"],
                typical_wait_days=5,
                funding=[FundingDetails("Manchester City Council", None, weeks(16))],
                **LOCAL,
            ),
        ),
        (
            "vcse",
            _service(
                "Noor Women's Wellbeing Circle",
                "wellbeing",
                "A wellbeing group led by and for South Asian women, in Urdu, Punjabi and Bengali, with "
                "one-to-one listening sessions.",
                ["emotional_wellbeing", "depression", "domestic_abuse"],
                ["self", "probation", "vcse"],
                ["group", "one_to_one", "face_to_face", "interpreters", "peer_led"],
                community_codes=["asian", "women", "racially_minoritised"],
                gender="women",
                languages=["Urdu", "Punjabi", "Bengali"],
                typical_wait_days=14,
                capacity_available=5,
                capacity_maximum=15,
                capacity_unit="places",
                **LOCAL,
            ),
        ),
    ]
