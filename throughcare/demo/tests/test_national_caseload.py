"""The national people and referrals generators, run small: same seed, same data; every row valid."""

import random
from collections import Counter
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from throughcare.accounts.models import Membership
from throughcare.core.working_days import deadline
from throughcare.demo import seeding
from throughcare.demo.national_people import seed_national_people
from throughcare.demo.national_referral_paths import FINAL_STATES
from throughcare.demo.national_referrals import seed_national_referrals
from throughcare.demo.people_catalogue import DEMO_PEOPLE
from throughcare.demo.reference import load_demo_areas
from throughcare.people.identifiers import clean_crn, clean_nhs_number, clean_pnc, clean_prison_number
from throughcare.people.models import CareTeamMember, Person
from throughcare.referrals.models import Consent, Referral, ReferralTransition
from throughcare.referrals.states import TERMINAL_STATES, ReferralState, Side, check_transition

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 27, 15, 30, tzinfo=UTC)
PEOPLE, REFERRALS = 150, 2000


@pytest.fixture
def national_organisations(monkeypatch):
    """Organisations, staff and services at a tiny national scale, without people or referrals."""
    sizes = {"prisons": 2, "providers": 9, "staff_per_pdu": 2, "services": 40}
    monkeypatch.setitem(seeding.SCALES, "national", sizes)
    seeding.seed(scale="national", seed=3, progress=False)


def _generate(seed: int, people: int = PEOPLE, referrals: int = REFERRALS) -> None:
    ctx = seeding.SeedContext(
        scale="national", rng=random.Random(seed), areas=load_demo_areas(), progress=False
    )
    caseload = seed_national_people(ctx, count=people, now=NOW)
    seed_national_referrals(ctx, caseload, count=referrals, now=NOW)


@pytest.fixture
def caseload(national_organisations):
    _generate(seed=11)


def _snapshot() -> tuple:
    return (
        sorted(
            Person.objects.values_list(
                "id", "given_names", "family_name", "date_of_birth", "nhs_number", "crn"
            )
        ),
        sorted(
            CareTeamMember.objects.values_list("id", "person_id", "organisation_id", "user_id", "is_lead")
        ),
        sorted(
            Referral.objects.values_list("id", "person_id", "service_id", "state", "created_at", "due_by")
        ),
        list(
            ReferralTransition.objects.order_by("id").values_list(
                "referral_id", "to_state", "reason_code", "at"
            )
        ),
        sorted(Consent.objects.values_list("id", "referral_id", "given_on", "withdrawn_at")),
    )


def test_the_same_seed_gives_the_same_people_and_referrals(national_organisations):
    with transaction.atomic():
        _generate(seed=11, people=40, referrals=300)
        first = _snapshot()
        transaction.set_rollback(True)
    assert Referral.objects.count() == 0
    _generate(seed=11, people=40, referrals=300)
    assert _snapshot()[:3] == first[:3]
    assert [row[1:] for row in _snapshot()[3]] == [row[1:] for row in first[3]]
    assert _snapshot()[4] == first[4]


def test_a_different_seed_gives_different_people(national_organisations):
    with transaction.atomic():
        _generate(seed=11, people=40, referrals=0)
        first = _snapshot()[0]
        transaction.set_rollback(True)
    _generate(seed=12, people=40, referrals=0)
    assert _snapshot()[0] != first


def test_every_identifier_is_valid_by_its_rules_and_unique(caseload):
    people = list(Person.objects.values_list("nhs_number", "prison_number", "crn", "pnc"))
    for nhs_number, prison_number, crn, pnc in people:
        assert clean_nhs_number(nhs_number) == nhs_number
        assert clean_prison_number(prison_number) == prison_number
        assert clean_crn(crn) == crn
        assert clean_pnc(pnc) == pnc
    for column in zip(*people, strict=True):
        recorded = [value for value in column if value]
        assert len(recorded) == len(set(recorded))
    assert sum(1 for row in people if row[0]) > len(people) / 2  # most have an NHS number


def test_everyone_has_one_lead_in_a_probation_or_prison_team_with_a_member_of_its_staff(caseload):
    generated = Person.objects.exclude(care_team__organisation__code__startswith="demo-")
    assert generated.count() > PEOPLE * 0.8
    leads = Counter(CareTeamMember.objects.filter(is_lead=True).values_list("person_id", flat=True))
    assert set(leads.values()) == {1}
    assert set(leads) == set(Person.objects.values_list("id", flat=True))
    assert CareTeamMember.objects.filter(user__isnull=False).count() > PEOPLE
    members = set(Membership.objects.values_list("organisation_id", "user_id"))
    # The named demo people's teams are recorded by organisation only.
    for organisation_id, user_id, kind in CareTeamMember.objects.filter(user__isnull=False).values_list(
        "organisation_id", "user_id", "organisation__kind"
    ):
        assert kind in ("probation", "prison")
        assert (organisation_id, user_id) in members


def test_every_referral_history_is_a_legal_route_made_by_the_right_side(caseload):
    members = set(Membership.objects.values_list("organisation_id", "user_id"))
    history: dict = {}
    for t in ReferralTransition.objects.order_by("id"):
        history.setdefault(t.referral_id, []).append(t)
    referrals = Referral.objects.all()
    assert referrals.count() == REFERRALS
    for referral in referrals:
        moves = history.get(referral.pk, [])
        state, at = ReferralState.DRAFT, referral.created_at
        for move in moves:
            assert move.from_state == state
            check_transition(move.from_state, move.to_state, move.side, move.reason_code, move.note)
            assert move.at > at
            if move.side == Side.REFERRER:
                assert (referral.referring_organisation_id, move.actor_id) in members
            elif move.side == Side.RECEIVER:
                assert (referral.receiving_organisation_id, move.actor_id) in members
            else:
                assert move.actor_id is None
            state, at = move.to_state, move.at
        assert referral.state == state
        assert referral.created_at <= at <= NOW


def test_every_submitted_referral_has_consent_given_before_it_was_submitted(caseload):
    consents = {c.referral_id: c for c in Consent.objects.all()}
    submitted = Referral.objects.filter(submitted_at__isnull=False)
    assert submitted.count() > REFERRALS * 0.9
    for referral in submitted:
        consent = consents[referral.pk]
        assert consent.created_at <= referral.submitted_at
        assert consent.recorded_by_id == referral.created_by_id
    assert not Referral.objects.filter(submitted_at__isnull=True, consents__isnull=False).exists()


def test_consent_withdrawn_as_a_reason_withdraws_the_consent(caseload):
    withdrawn = ReferralTransition.objects.filter(reason_code="consent_withdrawn").values("referral_id")
    assert Consent.objects.filter(referral_id__in=withdrawn, withdrawn_at__isnull=True).count() == 0
    assert Consent.objects.exclude(referral_id__in=withdrawn).filter(withdrawn_at__isnull=False).count() == 0


def test_deadlines_are_the_ones_the_service_would_set(caseload):
    due_now = {ReferralState.SUBMITTED: "acknowledge_by", ReferralState.ACKNOWLEDGED: "decide_by"}
    for referral in Referral.objects.filter(submitted_at__isnull=False).select_related("service")[:500]:
        service = referral.service
        assert referral.acknowledge_by == deadline(referral.submitted_at, service.acknowledge_within_days)
        assert referral.decide_by == deadline(referral.submitted_at, service.decide_within_days)
        expected = getattr(referral, due_now[referral.state]) if referral.state in due_now else None
        assert referral.due_by == expected
    assert not Referral.objects.filter(submitted_at__isnull=True, due_by__isnull=False).exists()


def test_some_open_referrals_are_overdue_and_some_are_not(caseload):
    waiting = Referral.objects.filter(due_by__isnull=False)
    assert waiting.filter(due_by__lt=NOW).exists()
    assert waiting.filter(due_by__gte=NOW).exists()


def test_states_come_in_roughly_the_intended_proportions(caseload):
    counts = Counter(Referral.objects.values_list("state", flat=True))
    closed = sum(counts[state] for state in TERMINAL_STATES) / REFERRALS
    assert 0.8 < closed < 0.93
    for state, percent in FINAL_STATES.items():
        share = 100 * counts[state] / REFERRALS
        assert abs(share - percent) < max(3.0, percent * 0.25), state


def test_referrals_come_from_the_persons_team_to_a_providers_service(caseload):
    teams = set(CareTeamMember.objects.values_list("person_id", "organisation_id"))
    rows = Referral.objects.values_list(
        "person_id",
        "referring_organisation_id",
        "receiving_organisation_id",
        "service__organisation__owner_id",
    )
    for person_id, referrer, receiver, owner in rows:
        assert (person_id, referrer) in teams
        assert receiver == owner
    kinds = set(Referral.objects.values_list("receiving_organisation__kind", flat=True))
    assert kinds <= {"vcse_provider", "nhs_provider"}


def test_the_demo_charity_receives_its_larger_share(caseload):
    # At national scale 4% is about 80 times an average provider's share: a full worklist.
    received = Referral.objects.filter(receiving_organisation__code="demo-vcse").count()
    assert 0.02 < received / REFERRALS < 0.07


def test_the_small_demo_has_no_generated_caseload():
    from throughcare.demo.areas import DEMO_AREAS
    from throughcare.demo.history import DUE_FOR_RELEASE
    from throughcare.demo.history import PEOPLE as PAST_YEAR
    from throughcare.demo.people_catalogue import DEMO_PEOPLE
    from throughcare.selfreferrals.models import SelfReferral

    call_command("seed_demo", "--quiet")
    # Only the named demo people, the past year's and each area's people due for release, and
    # whoever a service took on from asking it themselves, all referred by the demo's own teams.
    due_for_release = len(DUE_FOR_RELEASE) * len(DEMO_AREAS)
    taken_on = SelfReferral.objects.filter(referral__isnull=False)
    assert Person.objects.count() == (
        len(DEMO_PEOPLE) + sum(len(p) for p in PAST_YEAR.values()) + due_for_release + taken_on.count()
    )
    referrers = set(
        Referral.objects.exclude(self_referral__isnull=False).values_list(
            "referring_organisation__code", flat=True
        )
    )
    assert referrers == {
        "demo-probation",
        "demo-prison",
        "demo-leeds-probation",
        "demo-manchester-probation",
        "demo-manchester-prison",
    }


def _indexes(*models) -> dict:
    with connection.cursor() as cursor:
        return {m: sorted(connection.introspection.get_constraints(cursor, m._meta.db_table)) for m in models}


def test_the_national_steps_add_people_and_referrals_and_leave_every_index_in_place(monkeypatch):
    sizes = {"prisons": 2, "providers": 9, "staff_per_pdu": 2, "services": 40, "people": 30, "referrals": 120}
    monkeypatch.setitem(seeding.SCALES, "national", sizes)
    tables = (Person, CareTeamMember, Referral, ReferralTransition, Consent)
    before = _indexes(*tables)
    ctx = seeding.seed(scale="national", seed=5, progress=False)
    assert ctx.counts["referrals"] == 120
    assert Person.objects.count() == len(DEMO_PEOPLE) + 30  # the named demo people, and the generated
    assert _indexes(*tables) == before


def test_people_live_in_their_probation_delivery_unit_s_area_or_are_marked_unknown(caseload):
    from throughcare.accounts.models import Organisation

    national = Person.objects.filter(crn__regex=r"^[A-N]\d{6}$")
    known = national.exclude(residence_local_authority=None)
    assert known.count() > national.count() * 0.8
    for person in known.select_related("residence_local_authority")[:40]:
        lead = CareTeamMember.objects.filter(person=person, role="probation_practitioner").first()
        code = Organisation.objects.get(pk=lead.organisation_id).code
        if code.startswith("pdu-"):
            assert f"pdu-{person.residence_local_authority.pdu_id}".lower() == code
