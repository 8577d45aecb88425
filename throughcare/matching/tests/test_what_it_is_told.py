"""Matching uses what it is told: neurodivergence, language and interpreter needs, peer-led and
lived-experience preferences each favour the services that offer them. Scenario tables."""

import pytest
from django.test import Client

from throughcare.accounts.services import token_issue
from throughcare.accounts.tests.factories import OrganisationFactory
from throughcare.core.permissions import OrganisationKind, Role
from throughcare.directory import services
from throughcare.directory.details import LocationDetails, ServiceDetails
from throughcare.matching.engine import match
from throughcare.matching.profile import NeedsProfile

pytestmark = pytest.mark.django_db

ALIKE = {
    "tier": "primary",
    "need_codes": ["anxiety"],
    "referral_route_codes": ["self"],
    "typical_wait_days": 28,
    "local_authority_codes": ["E08000035"],
}
# Services alike in every way but the one thing each offers; "Plain" offers none of them.
OFFERS = {
    "Plain": {},
    "Adapted": {"delivery_codes": ["neurodivergence_adaptations"]},
    "Interpreted": {"delivery_codes": ["interpreters"]},
    "Polish speaking": {"languages": ["Polish"]},
    "Peer group": {"delivery_codes": ["peer_led"]},
    "Lived experience": {"delivery_codes": ["lived_experience_staff"]},
}


@pytest.fixture
def alike_services(leeds_gazetteer):
    owner = OrganisationFactory(kind=OrganisationKind.VCSE_PROVIDER)
    organisation = services.directory_organisation_for(actor=None, owner=owner)
    location = services.location_create(
        actor=None, organisation=organisation, details=LocationDetails(name="Hub", postal_code="LS1")
    )
    for name, offer in OFFERS.items():
        service = services.service_create(
            actor=None, organisation=organisation, details=ServiceDetails(name=name, **ALIKE, **offer)
        )
        services.service_location_link(actor=None, service=service, location=location)


# name, what the profile says, the service that must come first, the reason it must give
SCENARIOS = [
    ("neurodivergence", {"neurodivergent": True}, "Adapted", "Adapted for neurodivergent people"),
    ("interpreter needed", {"needs_interpreter": True}, "Interpreted", "Interpreters available"),
    (
        "speaks Polish",
        {"language": "Polish", "needs_interpreter": True},
        "Polish speaking",
        "Offers support in Polish",
    ),
    ("peer-led preferred", {"preferences": ["peer_led"]}, "Peer group", "Peer-led"),
    (
        "lived experience preferred",
        {"preferences": ["lived_experience_staff"]},
        "Lived experience",
        "Staff with lived experience",
    ),
]


def _profile(**told) -> NeedsProfile:
    return NeedsProfile(postcode="LS1", need_codes=["anxiety"], referral_routes=["self"], **told)


@pytest.mark.parametrize(("name", "told", "first", "reason"), SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_what_it_is_told_puts_the_fitting_service_first(alike_services, name, told, first, reason):
    outcome = match(actor=None, profile=_profile(**told))
    top = outcome.matches[0]
    assert top.service.name == first
    assert reason in top.score.reasons
    plain = next(m for m in outcome.matches if m.service.name == "Plain")
    assert top.score.total > plain.score.total


def test_with_nothing_told_the_alike_services_score_the_same(alike_services):
    outcome = match(actor=None, profile=_profile())
    assert len({m.score.total for m in outcome.matches}) == 1


def test_english_speakers_without_an_interpreter_have_no_language_need(alike_services):
    outcome = match(actor=None, profile=_profile(language="English"))
    assert len({m.score.total for m in outcome.matches}) == 1


def test_peer_led_is_accepted_and_scored_over_the_api(alike_services, make_user):
    user = make_user(Role.PRACTITIONER)
    api = Client(headers={"Authorization": f"Bearer {token_issue(actor=None, user=user, name='t').secret}"})
    body = {
        "postcode": "LS1",
        "need_codes": ["anxiety"],
        "preferences": ["peer_led"],
        "neurodivergent": False,
    }
    answer = api.post("/api/v1/matches", body, content_type="application/json")
    assert answer.status_code == 200, answer.json()
    assert answer.json()["matches"][0]["service"]["name"] == "Peer group"
