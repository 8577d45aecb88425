"""The demo directory's services around Derby: (owner, details) pairs for `directory.demo`.

Owners are "vcse" or "nhs", the area's provider organisations. `LOCAL` stands for the area's own
local authorities; services without it reach people by radius or cover England. Funding end dates
are relative to the day the demo is loaded, some ending soon so that reminders have work to show.
"""

from datetime import date

from throughcare.demo.catalogue import LOCAL, weeks
from throughcare.directory.details import FundingDetails, ServiceDetails


def derby_services() -> list[tuple[str, ServiceDetails]]:
    return [
        (
            "vcse",
            ServiceDetails(
                name="Women's Wellbeing Hub",
                tier="wellbeing",
                description="Drop-in and one-to-one support for women, alongside help with domestic abuse "
                "and "
                "relationships. Run by women with lived experience of the justice system.",
                need_codes=["emotional_wellbeing", "domestic_abuse", "relationships", "trauma"],
                referral_route_codes=["self", "probation", "prison", "vcse"],
                custody_stage_codes=["post_release", "community_sentence"],
                delivery_codes=["one_to_one", "group", "face_to_face", "peer_led", "lived_experience_staff"],
                community_codes=["women"],
                gender="women",
                minimum_age=18,
                capacity_available=6,
                capacity_maximum=20,
                capacity_unit="places",
                typical_wait_days=7,
                funding=[FundingDetails("National Lottery", None, weeks(8))],
                **LOCAL,
            ),
        ),
        (
            "vcse",
            ServiceDetails(
                name="Dual Diagnosis Recovery Group",
                tier="primary",
                description="Weekly groups and one-to-one sessions for people whose drug or alcohol use "
                "and mental "
                "health are tangled together. Current use is not a barrier.",
                need_codes=["substance_use", "anxiety", "depression"],
                referral_route_codes=["self", "probation", "gp"],
                custody_stage_codes=["post_release", "community_sentence"],
                delivery_codes=["group", "one_to_one", "face_to_face", "peer_led"],
                minimum_age=18,
                capacity_available=0,
                capacity_maximum=12,
                capacity_unit="places",
                typical_wait_days=28,
                funding=[FundingDetails("Police and Crime Commissioner grant", None, weeks(40))],
                **LOCAL,
            ),
        ),
        (
            "vcse",
            ServiceDetails(
                name="Sahara Culturally Informed Counselling",
                tier="primary",
                description="Counselling led by and for Black and Asian communities, in English, Urdu and "
                "Punjabi.",
                need_codes=["anxiety", "depression", "trauma", "bereavement"],
                referral_route_codes=["self", "probation", "vcse"],
                delivery_codes=["one_to_one", "face_to_face", "online", "interpreters"],
                community_codes=["black", "asian", "racially_minoritised"],
                languages=["Urdu", "Punjabi"],
                accepts_current_substance_use=False,
                minimum_age=16,
                typical_wait_days=21,
                capacity_available=4,
                capacity_maximum=15,
                capacity_unit="clients",
                funding=[FundingDetails("ICB grant", None, weeks(60))],
                **LOCAL,
            ),
        ),
        (
            "vcse",
            ServiceDetails(
                name="Neurodiversity Navigators",
                tier="wellbeing",
                description="Practical and emotional support for autistic people and people with ADHD or a "
                "learning disability, with adjusted appointments and easy-read information.",
                need_codes=["neurodivergence", "emotional_wellbeing"],
                referral_route_codes=["self", "probation", "prison"],
                delivery_codes=["one_to_one", "face_to_face", "phone", "neurodivergence_adaptations"],
                typical_wait_days=14,
                radius_miles=15,
            ),
        ),
        (
            "nhs",
            ServiceDetails(
                name="Riverside Talking Therapies",
                tier="primary",
                description="NHS talking therapies for anxiety and depression. You need to be registered "
                "with a GP "
                "in the area and not currently using drugs or alcohol problematically.",
                need_codes=["anxiety", "depression", "trauma"],
                referral_route_codes=["self", "gp", "probation"],
                delivery_codes=["one_to_one", "group", "online", "phone", "clinically_led"],
                accepts_current_substance_use=False,
                requires_gp_registration=True,
                minimum_age=18,
                highest_risk_to_others=2,
                accepts_risk_to_self=False,
                typical_wait_days=126,
                capacity_available=40,
                capacity_maximum=400,
                capacity_unit="referrals a month",
                **LOCAL,
            ),
        ),
        (
            "nhs",
            ServiceDetails(
                name="Primary Mental Health Treatment Requirement service",
                tier="primary",
                description="Psychological treatment delivered as a primary Mental Health Treatment "
                "Requirement, "
                "assessed before sentence.",
                need_codes=["anxiety", "depression", "trauma", "self_harm"],
                referral_route_codes=["probation"],
                custody_stage_codes=["pre_sentence", "community_sentence", "mhtr_primary"],
                delivery_codes=["one_to_one", "face_to_face", "clinically_led"],
                statutory_referrals_only=True,
                minimum_age=18,
                typical_wait_days=42,
                capacity_available=3,
                capacity_maximum=25,
                capacity_unit="places",
                funding=[FundingDetails("NHS England Health and Justice", None, weeks(20))],
                **LOCAL,
            ),
        ),
        (
            "nhs",
            ServiceDetails(
                name="Community Mental Health Team (secondary MHTR)",
                tier="secondary",
                description="Psychiatric assessment and treatment, including secondary Mental Health "
                "Treatment "
                "Requirements.",
                need_codes=["psychosis", "personality_disorder", "self_harm", "depression"],
                referral_route_codes=["gp", "probation", "liaison_diversion", "statutory_agency"],
                custody_stage_codes=["community_sentence", "mhtr_secondary", "post_release"],
                delivery_codes=["one_to_one", "face_to_face", "clinically_led"],
                requires_gp_registration=True,
                accepts_current_substance_use=False,
                minimum_age=18,
                typical_wait_days=180,
                **LOCAL,
            ),
        ),
        (
            "nhs",
            ServiceDetails(
                name="Enhanced RECONNECT",
                tier="specialist",
                description="Care after custody for people with complex needs, from 12 weeks before "
                "release to "
                "12 months after. Referrals only from probation or statutory agencies.",
                need_codes=["personality_disorder", "psychosis", "substance_use", "self_harm", "trauma"],
                referral_route_codes=["probation", "prison", "statutory_agency"],
                custody_stage_codes=["pre_release", "post_release"],
                statutory_referrals_only=True,
                delivery_codes=[
                    "one_to_one",
                    "face_to_face",
                    "phone",
                    "clinically_led",
                    "lived_experience_staff",
                ],
                minimum_age=18,
                typical_wait_days=10,
                capacity_available=2,
                capacity_maximum=30,
                capacity_unit="places",
                covers_england=False,
                radius_miles=40,
            ),
        ),
        (
            "nhs",
            ServiceDetails(
                name="Women's Offender Personality Disorder Pathway",
                tier="specialist",
                description="Specialist psychologically informed support for women likely to have a severe "
                "personality disorder, with peer mentors.",
                need_codes=["personality_disorder", "trauma", "self_harm"],
                referral_route_codes=["probation"],
                custody_stage_codes=["community_sentence", "post_release"],
                gender="women",
                statutory_referrals_only=True,
                delivery_codes=["one_to_one", "group", "clinically_led"],
                community_codes=["women"],
                minimum_age=18,
                typical_wait_days=35,
                covers_england=True,
                funding=[
                    FundingDetails("NHS England and HMPPS (OPD pathway)", date(2023, 4, 1), date(2028, 3, 31))
                ],
            ),
        ),
        (
            "nhs",
            ServiceDetails(
                name="RECONNECT Derbyshire",
                tier="secondary",
                description="Care after custody for people leaving prison with mental health needs, from "
                "12 weeks before release to 6 months after: a named worker meets them before release and "
                "goes with them to their first appointments. Referrals from prison or probation staff.",
                need_codes=["depression", "anxiety", "trauma", "self_harm", "substance_use"],
                referral_route_codes=["prison", "probation"],
                custody_stage_codes=["pre_release", "post_release"],
                delivery_codes=["one_to_one", "face_to_face", "phone", "lived_experience_staff"],
                minimum_age=18,
                typical_wait_days=5,
                capacity_available=9,
                capacity_maximum=40,
                capacity_unit="places",
                funding=[FundingDetails("NHS England Health and Justice", date(2024, 4, 1), weeks(70))],
                **LOCAL,
            ),
        ),
        (
            "nhs",
            ServiceDetails(
                name="Offender Personality Disorder Pathway, Derbyshire community service",
                tier="specialist",
                description="Psychologically informed consultation and case formulation for probation, and "
                "one-to-one work for people screened into the OPD pathway. Probation refers once the "
                "person has been screened.",
                need_codes=["personality_disorder", "trauma", "self_harm"],
                referral_route_codes=["probation"],
                custody_stage_codes=["community_sentence", "post_release"],
                statutory_referrals_only=True,
                delivery_codes=["one_to_one", "face_to_face", "clinically_led"],
                minimum_age=18,
                typical_wait_days=28,
                capacity_available=5,
                capacity_maximum=20,
                capacity_unit="places",
                funding=[
                    FundingDetails("NHS England and HMPPS (OPD pathway)", date(2023, 4, 1), date(2028, 3, 31))
                ],
                **LOCAL,
            ),
        ),
        (
            "vcse",
            ServiceDetails(
                name="Steady Minds Online",
                tier="wellbeing",
                description="Six weeks of guided self-help for low mood, stress and worry, by video or "
                "phone, with a named coach. Available anywhere in England; evening sessions.",
                need_codes=["anxiety", "depression", "emotional_wellbeing"],
                referral_route_codes=["self", "probation", "prison", "gp", "vcse"],
                custody_stage_codes=["post_release", "community_sentence"],
                delivery_codes=["online", "phone", "one_to_one"],
                minimum_age=18,
                covers_england=True,
                typical_wait_days=3,
                capacity_available=25,
                capacity_maximum=120,
                capacity_unit="places a month",
                funding=[FundingDetails("National Lottery Community Fund", None, weeks(3))],
            ),
        ),
        (
            "vcse",
            ServiceDetails(
                name="Travelling Together Wellbeing Project",
                tier="wellbeing",
                description="Wellbeing support led by and for Gypsy, Roma and Traveller people, with "
                "outreach to sites and help with GP registration. Literacy support on request.",
                need_codes=["emotional_wellbeing", "depression", "bereavement", "housing_wellbeing"],
                referral_route_codes=["self", "probation", "prison", "vcse"],
                delivery_codes=["one_to_one", "face_to_face", "phone", "peer_led", "lived_experience_staff"],
                community_codes=["gypsy_roma_traveller"],
                typical_wait_days=10,
                capacity_available=3,
                capacity_maximum=12,
                capacity_unit="places",
                funding=[FundingDetails("Derbyshire County Council", None, weeks(30))],
                **LOCAL,
            ),
        ),
    ]
