"""Property: whatever a referrer writes, the message carries it back unchanged (no database needed)."""

import json
import uuid
from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from throughcare.accounts.models import Organisation, User
from throughcare.directory.models import Service
from throughcare.directory.vocabularies import NEEDS
from throughcare.people.models import Person
from throughcare.referrals.fhir.build import build_bundle
from throughcare.referrals.fhir.parse import parse_referral_message
from throughcare.referrals.models import Referral
from throughcare.referrals.services import ReferralDetails

TEXT_FIELDS = [
    "reason_for_referral",
    "risk_summary",
    "risk_to_self",
    "current_substance_use",
    "gp_details",
    "medication",
    "contact_preferences",
    "interpreter_language",
    "release_date_unknown_reason",
]
# What a person can type: no control characters (FHIR strings refuse them) and trimmed, as saved.
typed = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=60).map(str.strip)
details = st.builds(
    ReferralDetails,
    need_codes=st.lists(st.sampled_from(sorted(NEEDS.codes)), unique=True).map(sorted),
    in_custody=st.booleans(),
    release_date=st.none() | st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    **dict.fromkeys(TEXT_FIELDS, typed),
)


def _referral(shared: ReferralDetails) -> Referral:
    referrer, receiver = (
        Organisation(id=uuid.uuid4(), code=f"org-{n}", name=f"Organisation {n}") for n in (1, 2)
    )
    person = Person(
        id=uuid.uuid4(),
        given_names="Sam",
        family_name="Example",
        date_of_birth=date(1990, 5, 17),
        nhs_number="9434765919",
    )
    user = User(id=uuid.uuid4(), email="p@example.org", full_name="Priya Practitioner")
    return Referral(
        id=uuid.uuid4(),
        person=person,
        service=Service(id=uuid.uuid4(), name="Talking therapies"),
        referring_organisation=referrer,
        receiving_organisation=receiver,
        created_by=user,
        created_at=datetime(2026, 1, 5, 9, 30, tzinfo=UTC),
        **shared.cleaned(),
    )


@settings(max_examples=60, deadline=None)
@given(details)
def test_the_shared_fields_survive_the_round_trip(shared):
    referral = _referral(shared)
    message = json.loads(build_bundle(referral, None).model_dump_json(exclude_none=True))
    draft = parse_referral_message(message)
    assert draft.details.cleaned() == shared.cleaned()
    assert draft.nhs_number == referral.person.nhs_number
    assert draft.service_id == str(referral.service_id)
