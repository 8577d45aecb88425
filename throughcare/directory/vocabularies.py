"""Throughcare's published taxonomy: the coded lists that describe services in the directory.

Each vocabulary becomes an HSDS taxonomy with one term per code (loaded by a migration, with ids
derived from the codes so they are the same in every deployment). Services carry these terms, so
they can be filtered, matched and exchanged through Open Referral UK as attributes.
"""

import uuid
from dataclasses import dataclass
from functools import cached_property

TAXONOMY_NAMESPACE = uuid.UUID("6f1c8d2e-7a4b-4c39-9d0e-5b8a1f2c3d4e")
TAXONOMY_URI = "https://throughcare.example/taxonomy"


@dataclass(frozen=True)
class Vocabulary:
    code: str
    name: str
    description: str
    terms: tuple[tuple[str, str, str], ...]  # (code, name, description)

    @property
    def id(self) -> uuid.UUID:
        return taxonomy_id(self.code)

    def term_id(self, term_code: str) -> uuid.UUID:
        return term_id(self.code, term_code)

    # Worked out once: matching asks for codes and labels hundreds of times a request.
    @cached_property
    def codes(self) -> frozenset[str]:
        return frozenset(code for code, _name, _description in self.terms)

    @cached_property
    def _labels(self) -> dict[str, str]:
        return {code: name for code, name, _description in self.terms}

    def label(self, term_code: str) -> str:
        return self._labels[term_code]


def taxonomy_id(vocabulary_code: str) -> uuid.UUID:
    return uuid.uuid5(TAXONOMY_NAMESPACE, vocabulary_code)


def term_id(vocabulary_code: str, term_code: str) -> uuid.UUID:
    return uuid.uuid5(TAXONOMY_NAMESPACE, f"{vocabulary_code}/{term_code}")


NEEDS = Vocabulary(
    "need",
    "Needs addressed",
    "The mental health and related needs a service works with.",
    (
        ("anxiety", "Anxiety", "Generalised anxiety, panic and phobias."),
        ("depression", "Depression", "Low mood and depression."),
        ("trauma", "Trauma and PTSD", "Post-traumatic stress and the effects of trauma."),
        (
            "personality_disorder",
            "Personality disorder",
            "Including the Offender Personality Disorder pathway.",
        ),
        ("psychosis", "Psychosis", "Psychosis, schizophrenia and bipolar disorder."),
        ("self_harm", "Self-harm and suicidal thoughts", "Self-harm, suicidality and crisis."),
        (
            "neurodivergence",
            "Neurodivergence",
            "Autism, ADHD, learning disability and acquired brain injury.",
        ),
        (
            "substance_use",
            "Substance use and dual diagnosis",
            "Drug or alcohol use alongside mental health needs.",
        ),
        ("domestic_abuse", "Domestic abuse", "Support for survivors of domestic abuse."),
        ("bereavement", "Bereavement", "Grief and loss."),
        ("eating_disorder", "Eating disorders", "Anorexia, bulimia and other eating disorders."),
        ("emotional_wellbeing", "Emotional wellbeing", "Stress, isolation and low-level emotional support."),
        ("relationships", "Healthy relationships", "Family, relationships and parenting."),
        (
            "housing_wellbeing",
            "Housing and practical support",
            "Practical help that underpins mental health.",
        ),
    ),
)

TIERS = Vocabulary(
    "tier",
    "Tier of provision",
    "How intensive a service is, from wellbeing support to specialist care.",
    (
        ("wellbeing", "Low-level wellbeing", "Peer support, wellbeing groups and signposting."),
        (
            "primary",
            "Primary care and talking therapies",
            "NHS Talking Therapies, counselling, primary MHTRs.",
        ),
        ("secondary", "Secondary care", "Community mental health team level, secondary MHTRs."),
        (
            "specialist",
            "Specialist",
            "Offender Personality Disorder pathway, forensic and other specialist care.",
        ),
    ),
)

REFERRAL_ROUTES = Vocabulary(
    "referral_route",
    "Referral routes accepted",
    "Who can refer someone to the service.",
    (
        ("self", "Self-referral", "The person can refer themselves."),
        ("probation", "Probation", "Probation practitioners."),
        ("prison", "Prison", "Prison staff and prison healthcare."),
        ("gp", "GP", "General practice."),
        ("liaison_diversion", "Liaison and diversion", "Liaison and diversion services."),
        (
            "iom",
            "Integrated Offender Management",
            "IOM teams: police, probation and partners managing people together.",
        ),
        ("cfo_evolution", "CFO Evolution", "CFO Evolution providers (HMPPS co-financing)."),
        (
            "crs",
            "Commissioned Rehabilitative Services",
            "Probation's commissioned providers, such as personal wellbeing services.",
        ),
        (
            "out_of_court_disposal",
            "Out of court disposals",
            "Police-led out of court disposals and the diversion schemes that deliver them.",
        ),
        (
            "statutory_agency",
            "Other statutory agencies",
            "Local authority, police and other statutory bodies.",
        ),
        ("vcse", "Voluntary-sector organisations", "Charities and community organisations."),
    ),
)

CUSTODY_STAGES = Vocabulary(
    "custody_stage",
    "Custody stage",
    "Where in someone's contact with justice the service works.",
    (
        ("pre_release", "Before release (in-reach)", "Works with people in prison before release."),
        ("post_release", "After release", "Works with people after release from prison."),
        (
            "community_sentence",
            "Community sentence",
            "Works with people on community or suspended sentences.",
        ),
        ("mhtr_primary", "MHTR provider (primary)", "Delivers primary mental health treatment requirements."),
        (
            "mhtr_secondary",
            "MHTR provider (secondary)",
            "Delivers secondary mental health treatment requirements.",
        ),
        (
            "pre_sentence",
            "Before sentence",
            "Works with people before sentencing, such as liaison and diversion.",
        ),
    ),
)

DELIVERY = Vocabulary(
    "delivery",
    "How the service is delivered",
    "Formats, channels and who delivers the service.",
    (
        ("one_to_one", "One-to-one", "Sessions with one person."),
        ("group", "Group", "Group sessions."),
        ("face_to_face", "Face to face", "In person."),
        ("online", "Online", "By video or online."),
        ("phone", "By phone", "By telephone."),
        ("clinically_led", "Clinically led", "Led by qualified clinicians."),
        ("peer_led", "Peer-led", "Led by peers."),
        ("lived_experience_staff", "Staff with lived experience", "Staff with lived experience of justice."),
        (
            "neurodivergence_adaptations",
            "Adapted for neurodivergent people",
            "Adjustments for neurodivergence.",
        ),
        ("interpreters", "Interpreters available", "Interpreters can be arranged."),
    ),
)

COMMUNITIES = Vocabulary(
    "community",
    "Led by and for communities",
    "Culturally specific services led by and for a community.",
    (
        ("black", "Black communities", "Led by and for Black communities."),
        ("asian", "Asian communities", "Led by and for Asian communities."),
        ("mixed", "Mixed heritage communities", "Led by and for people of mixed heritage."),
        (
            "gypsy_roma_traveller",
            "Gypsy, Roma and Traveller communities",
            "Led by and for Gypsy, Roma and Travellers.",
        ),
        (
            "racially_minoritised",
            "Racially minoritised communities",
            "Led by and for racially minoritised people.",
        ),
        ("lgbtq", "LGBTQ+ communities", "Led by and for LGBTQ+ people."),
        ("women", "Women", "Led by and for women."),
        ("veterans", "Veterans", "Led by and for armed forces veterans."),
    ),
)

# Named eligibility rules a service applies (the rules themselves, with their windows and texts, are
# data in matching/eligibility_rules.py), and whether it takes referrals outside its criteria.
ELIGIBILITY = Vocabulary(
    "eligibility",
    "Eligibility rules and exceptions",
    "Named programmes' eligibility rules a service applies, and whether it considers referrals "
    "outside its criteria when the referrer gives a reason.",
    (
        ("reconnect", "RECONNECT", "From 12 weeks before release to 6 months after release."),
        (
            "enhanced_reconnect",
            "Enhanced RECONNECT",
            "From 12 weeks before release to 12 months after, referred by probation or another "
            "statutory agency.",
        ),
        ("mhtr_primary", "Primary MHTR only", "Only for people with an active primary care MHTR."),
        ("mhtr_secondary", "Secondary MHTR only", "Only for people with an active secondary care MHTR."),
        ("mhtr_any", "Any MHTR only", "Only for people with an active MHTR, primary or secondary."),
        (
            "opd_pathway",
            "OPD pathway",
            "Only for people screened in to the Offender Personality Disorder pathway.",
        ),
        ("womens_pathway", "Women's pathway", "For women, by their gender as recorded in their own words."),
        (
            "outside_criteria_override",
            "Considers referrals outside its criteria",
            "Takes a referral outside its criteria when the referrer records why.",
        ),
    ),
)

VOCABULARIES: tuple[Vocabulary, ...] = (
    NEEDS,
    TIERS,
    REFERRAL_ROUTES,
    CUSTODY_STAGES,
    DELIVERY,
    COMMUNITIES,
    ELIGIBILITY,
)
BY_CODE = {vocabulary.code: vocabulary for vocabulary in VOCABULARIES}
