import pytest
from django.core.management import call_command
from django.db import transaction

from throughcare.accounts.models import Membership, Organisation, User
from throughcare.core.audit import verify_chain
from throughcare.core.permissions import Role
from throughcare.demo import seeding
from throughcare.demo.areas import AREA_ORGANISATIONS, AREA_SIGN_INS
from throughcare.directory.models import Location, Service
from throughcare.directory.term_codes import services_out_of_step

pytestmark = pytest.mark.django_db


def _can_sign_in(client, email):
    response = client.post("/account/sign-in/", {"username": email, "password": seeding.DEMO_PASSWORD})
    client.logout()
    return response.status_code == 302


def test_small_demo_gives_one_sign_in_per_role_that_works(client, capsys):
    call_command("seed_demo", "--quiet")
    out = capsys.readouterr().out
    for role in Role:
        assert role.label in out
    # The seven original sign-ins, and the other areas' beside them, all printed and all working.
    for local_part, _name, _code, role in seeding.DEMO_SIGN_INS + AREA_SIGN_INS:
        email = seeding.demo_email(local_part)
        assert email in out
        assert User.objects.get(email=email).current_role == role
        assert _can_sign_in(client, email)
    assert verify_chain().intact


def test_seeding_twice_reuses_what_is_there(capsys):
    call_command("seed_demo", "--quiet")
    counts = (Organisation.objects.count(), User.objects.count())
    call_command("seed_demo", "--quiet")
    assert "already loaded" in capsys.readouterr().out
    assert (Organisation.objects.count(), User.objects.count()) == counts


def test_demo_uses_the_shared_geography_when_present_and_a_sample_when_not(settings, tmp_path, capsys):
    settings.GEOGRAPHY_DATA_DIR = str(tmp_path / "absent")
    call_command("seed_demo", "--quiet")
    assert "built-in sample" in capsys.readouterr().out
    assert Organisation.objects.filter(name__contains="Manchester North").exists()


@pytest.fixture
def tiny_national(monkeypatch):
    monkeypatch.setitem(seeding.SCALES, "national", {"prisons": 2, "providers": 5, "staff_per_pdu": 2})


def _snapshot():
    # The named demo organisations are made through the ordinary services, with random ids;
    # the bulk national rows take their ids from the seed.
    national = Membership.objects.exclude(organisation__code__startswith="demo")
    return sorted(national.values_list("id", "user_id", "organisation_id", "user__email", "role"))


def test_national_scale_is_deterministic_for_a_seed(tiny_national):
    # The first seed is rolled back, so the second starts from the same empty database.
    with transaction.atomic():
        ctx = seeding.seed(scale="national", seed=7, progress=False)
        areas = ctx.areas
        first = _snapshot()
        expected_orgs = 7 + len(AREA_ORGANISATIONS) + len(areas.pdus) + len(areas.icbs) + 2 + 5
        assert Organisation.objects.count() == expected_orgs
        transaction.set_rollback(True)
    seeding.seed(scale="national", seed=7, progress=False)
    assert _snapshot() == first


def test_national_staff_can_sign_in_with_the_demo_password(tiny_national, client):
    seeding.seed(scale="national", seed=7, progress=False)
    email = seeding.demo_email("prison-0001-009")
    assert _can_sign_in(client, email)


def test_national_services_carry_their_term_codes_as_their_terms_say(tiny_national, monkeypatch):
    monkeypatch.setitem(seeding.SCALES["national"], "services", 30)
    seeding.seed(scale="national", seed=7, progress=False)
    bulk_written = Service.objects.filter(name__startswith="Demo service")
    assert bulk_written.filter(term_codes__contains=" need:").exists()
    assert services_out_of_step() == []


def test_an_unknown_scale_is_refused():
    with pytest.raises(ValueError, match="Scale must be one of"):
        seeding.seed(scale="galactic", seed=1)


def test_small_demo_publishes_services_near_the_demo_probation_area():
    call_command("seed_demo", "--quiet")
    services = Service.objects.filter(organisation__owner__code__in=["demo-vcse", "demo-nhs"])
    assert services.count() == 13
    located = Location.objects.filter(service_at_locations__service__in=services, latitude__isnull=False)
    assert located.count() == 13
    assert set(located.values_list("postal_code", flat=True)) <= {
        "DE1",
        "DE21",
        "DE22",
        "DE23",
        "DE24",
        "DE3",
    }
    assert services.filter(name="Enhanced RECONNECT", statutory_referrals_only=True).exists()


def test_seeding_restores_the_published_taxonomy_if_it_was_lost():
    from throughcare.directory.models import TaxonomyTerm

    TaxonomyTerm.objects.all().delete()  # as a flushed test database would have it
    call_command("seed_demo", "--quiet")
    service = Service.objects.get(name="Dual Diagnosis Recovery Group")
    assert "substance_use" in set(service.terms.values_list("code", flat=True))


def test_small_demo_shows_journeys_at_several_stages_without_emailing_anyone(mailoutbox):
    from throughcare.appointments.models import Appointment
    from throughcare.continuity.models import CustodyEpisode, ReleasePlanItem
    from throughcare.notices.models import Notice
    from throughcare.outcomes.models import OutcomeMeasurement

    seeding.seed(scale="small", seed=1, progress=False)
    assert Appointment.objects.filter(referral__state="assessment_booked").exists()
    assert OutcomeMeasurement.objects.filter(referral__state="in_treatment").count() >= 10
    waiting = CustodyEpisode.objects.filter(
        actual_release_date__isnull=True, person__family_name="Placeholder"
    )
    assert ReleasePlanItem.objects.filter(episode__in=waiting).exists()
    # People live somewhere, so insight counts them there; some homes are not recorded yet, so the
    # fallback to the service's area shows too.
    from throughcare.people.models import Person

    assert Person.objects.filter(residence_local_authority__isnull=False).count() >= 20
    assert Person.objects.filter(residence_country="").exists()
    # Notices are raised as for real referrals, but the demo's fictional addresses get no email.
    assert Notice.objects.exists()
    assert not Notice.objects.filter(emailed_at__isnull=True).exists()
    assert mailoutbox == []
    # The other programmes people are in, overlapping for one; and a crisis flagged as mis-tiered.
    from throughcare.people.models import ProgrammeMembership
    from throughcare.referrals.models import Referral

    current = ProgrammeMembership.objects.filter(person__family_name="Placeholder", ended_on__isnull=True)
    assert current.count() == 2
    assert Referral.objects.filter(service__tier="wellbeing").exclude(mis_tier_warning="").exists()
