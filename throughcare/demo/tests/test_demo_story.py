"""The small demo shows every feature: every referral state, three areas, thirty services, twenty
people, and something real to act on for every demo sign-in, read through the ordinary selectors."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from throughcare.accounts.models import Organisation, User
from throughcare.appointments.models import Appointment, Status
from throughcare.appointments.selectors import upcoming_for
from throughcare.continuity.choices import MHTR_KINDS
from throughcare.continuity.models import ReleasePlanItem, Requirement
from throughcare.continuity.release.selectors import ReconnectWindow, caseload_for
from throughcare.core.audit import verify_chain
from throughcare.core.permissions import Permission, Role, has_permission
from throughcare.demo import seeding
from throughcare.demo.areas import AREA_SIGN_INS, DEMO_AREAS, NATIONAL_COMMISSIONER, icb_of
from throughcare.directory.models import Service, ServiceCoverage
from throughcare.directory.selectors import services_managed_by, stale_before
from throughcare.insight.areas import Level, find_area
from throughcare.matching.models import UnmetNeed
from throughcare.notices.models import URGENT_KINDS, NoticeKind
from throughcare.notices.selectors import notices_for
from throughcare.outcomes.models import EndOfServiceSummary, OutcomeMeasurement
from throughcare.people.models import Gender, Person
from throughcare.referrals.models import Referral
from throughcare.referrals.selectors import worklist_for
from throughcare.referrals.states import ReferralState

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One small demo for the whole module, rolled back afterwards: seeding takes seconds."""
    with django_db_blocker.unblock(), transaction.atomic():
        seeding.seed(scale="small", seed=1, progress=False)
        yield
        transaction.set_rollback(True)


def _user(local_part: str) -> User:
    return User.objects.get(email=seeding.demo_email(local_part))


ALL_SIGN_INS = [s[0] for s in seeding.DEMO_SIGN_INS + AREA_SIGN_INS]


def test_every_referral_state_has_a_demo_referral(demo):
    present = set(Referral.objects.values_list("state", flat=True))
    missing = [state.label for state in ReferralState if state not in present]
    assert missing == [], f"No demo referral is {', '.join(missing)}"


def test_the_demo_is_big_enough_to_show_the_product(demo):
    assert Service.objects.filter(organisation__owner__code__startswith="demo").count() >= 30
    assert Person.objects.count() >= 20
    assert Referral.objects.count() >= 30


@pytest.mark.parametrize("area", DEMO_AREAS, ids=lambda area: area.key)
def test_each_area_has_local_services_its_own_commissioner_and_activity_in_its_icb(demo, area):
    local = ServiceCoverage.objects.filter(local_authority_code__in=area.local_authority_codes)
    assert local.values("service").distinct().count() >= 8
    commissioner = Organisation.objects.get(code=area.commissioner)
    assert User.objects.filter(memberships__organisation=commissioner, memberships__role=Role.COMMISSIONER)
    icb_code, icb_name = icb_of(area)
    assert commissioner.name.startswith(icb_name)
    assert (commissioner.commissioning_coverage, commissioner.commissioning_area_codes) == ("icb", [icb_code])
    icb = find_area(Level.ICB, icb_code)
    in_icb = Referral.objects.filter(icb.referrals_q())
    assert in_icb.filter(state=ReferralState.DECLINED).exists()
    assert in_icb.filter(state=ReferralState.IN_TREATMENT).exists()
    assert UnmetNeed.objects.filter(icb_code=icb_code).exists()


def test_the_national_commissioner_sees_every_area(demo):
    assert Organisation.objects.get(code=NATIONAL_COMMISSIONER).commissioning_coverage == "national"


def test_the_demo_shows_the_whole_loop(demo):
    today = timezone.localdate()
    declined = ReferralState.DECLINED
    assert Referral.objects.filter(state=declined, transitions__to_state=declined, transitions__note__gt="")
    assert Referral.objects.filter(state=ReferralState.WAITLISTED, waitlist_position__isnull=False).exists()
    paused = Referral.objects.get(state=ReferralState.PAUSED)
    assert paused.transitions.filter(reason_code="returned_to_custody", side="system").exists()
    resumed = Referral.objects.filter(state=ReferralState.IN_TREATMENT, transitions__from_state="paused")
    assert resumed.exists()
    assert EndOfServiceSummary.objects.filter(ending_state=ReferralState.COMPLETED).exists()
    assert Appointment.objects.filter(status=Status.DID_NOT_ATTEND).count() >= 3
    assert Appointment.objects.filter(status=Status.BOOKED, starts_at__date=today).count() >= 2
    assert Appointment.objects.filter(status=Status.BOOKED, starts_at__lt=timezone.now()).exists()
    series = OutcomeMeasurement.objects.filter(measure="PHQ-9").values("referral").distinct()
    assert sum(1 for r in series if OutcomeMeasurement.objects.filter(**r, measure="PHQ-9").count() >= 3) >= 3
    assert Requirement.objects.filter(kind__in=MHTR_KINDS).values("status").distinct().count() >= 3
    assert Referral.objects.filter(notices__kind=NoticeKind.RISK_TO_SELF).exists()
    assert UnmetNeed.objects.count() >= 3
    # History spread over past weeks, relative to today, so the demo never looks stale.
    assert Referral.objects.filter(submitted_at__lt=timezone.now() - timedelta(days=60)).exists()
    assert Referral.objects.filter(submitted_at__date=today).exists()
    assert ReleasePlanItem.objects.filter(happens_at__isnull=False).exists()


# A service working only with people under (or about to be under) a mental health treatment requirement.
MHTR_ONLY_STAGES = {f"custody_stage:{code}" for code in ("pre_sentence", "community_sentence", *MHTR_KINDS)}


def test_demo_referrals_keep_the_services_own_rules(demo):
    checked = {"mhtr": 0, "women": 0, "opd": 0, "reconnect": 0}
    for referral in Referral.objects.select_related("service", "person"):
        service, person = referral.service, referral.person
        stages = {code for code in service.term_codes.split() if code.startswith("custody_stage:")}
        if stages and stages <= MHTR_ONLY_STAGES:
            checked["mhtr"] += 1
            assert Requirement.objects.filter(order__person=person, service=service, kind__in=MHTR_KINDS), (
                service
            )
        if service.gender == "women":
            checked["women"] += 1
            assert person.gender == Gender.WOMAN, service.name
        if "Personality Disorder" in service.name and referral.state != ReferralState.DECLINED:
            checked["opd"] += 1
            assert "Screened into the OPD pathway" in referral.reason_for_referral
        if "RECONNECT" in service.name and referral.submitted_at:
            checked["reconnect"] += 1
            episode = person.custody_episodes.order_by("-reception_date").first()
            release = episode.actual_release_date or episode.expected_release_date
            window = ReconnectWindow.around(release)
            assert window.starts_on <= referral.submitted_at.date() <= window.enhanced_ends_on
    assert min(checked.values()) >= 2, checked


def _things_to_act_on(user) -> dict[str, int]:
    found = {"notices": len(notices_for(user))}
    if has_permission(user, Permission.MAKE_REFERRALS) or has_permission(user, Permission.RECEIVE_REFERRALS):
        found["worklist"] = len(worklist_for(user))
    if has_permission(user, Permission.RECEIVE_REFERRALS):
        found["upcoming appointments"] = len(upcoming_for(user))
    if has_permission(user, Permission.PLAN_RELEASES):
        found["releases with gaps"] = len(caseload_for(user, days=14, gaps_only=True).rows)
    soon = timezone.localdate() + timedelta(weeks=8)
    managed = services_managed_by(user)
    found["listings to review"] = managed.filter(last_confirmed_on__lt=stale_before()).count()
    found["funding ending"] = managed.filter(funding_ends_on__lte=soon).count()
    if user.current_role == Role.COMMISSIONER and user.current_organisation.code == NATIONAL_COMMISSIONER:
        found["referrals in England"] = Referral.objects.exclude(submitted_at=None).count()
    elif user.current_role == Role.COMMISSIONER:
        area = next(a for a in DEMO_AREAS if a.commissioner == user.current_organisation.code)
        found["referrals in their ICB"] = Referral.objects.filter(
            find_area(Level.ICB, icb_of(area)[0]).referrals_q()
        ).count()
    if user.current_role == Role.DPO:
        from throughcare.rights.selectors import people_for_dpo

        found["people whose records they answer for"] = people_for_dpo(user).count()
    if user.current_role == Role.ADMINISTRATOR:
        found["organisations"] = Organisation.objects.count()
        found["audit events checked"] = verify_chain().checked if verify_chain().intact else 0
    return found


@pytest.mark.parametrize("local_part", ALL_SIGN_INS)
def test_every_demo_sign_in_has_something_real_to_act_on(demo, local_part):
    found = _things_to_act_on(_user(local_part))
    assert sum(found.values()) > 0, f"{local_part} has nothing to act on: {found}"


def test_each_side_of_the_first_area_has_its_own_day(demo):
    practitioner = _things_to_act_on(_user("practitioner"))
    assert practitioner["worklist"]  # an overdue referral, and a draft
    assert practitioner["notices"]
    assert any(n.kind in URGENT_KINDS for n in notices_for(_user("practitioner")))
    navigator = _things_to_act_on(_user("navigator"))
    assert navigator["releases with gaps"] >= 2
    for provider in ("caseworker", "nhs-caseworker"):
        found = _things_to_act_on(_user(provider))
        assert found["worklist"], provider
        assert found["upcoming appointments"], provider
    manager = _things_to_act_on(_user("manager"))
    assert manager["listings to review"]
    assert manager["funding ending"]


def test_seeding_again_changes_nothing(demo, capsys):
    models = (Organisation, User, Service, Person, Referral, Appointment, OutcomeMeasurement, UnmetNeed)
    before = [model.objects.count() for model in models]
    chain = verify_chain()
    call_command("seed_demo", "--quiet")
    assert "already loaded" in capsys.readouterr().out
    assert [model.objects.count() for model in models] == before
    assert chain.intact
    assert verify_chain().checked == chain.checked


def test_the_demo_clock_records_nothing_in_the_future_and_gives_time_back(demo):
    from throughcare.core.models import AuditEvent
    from throughcare.demo.clock import clock_at, moment
    from throughcare.referrals.models import ReferralTransition

    now = timezone.now()
    assert not AuditEvent.objects.filter(occurred_at__gt=now).exists()
    assert not ReferralTransition.objects.filter(at__gt=now).exists()
    assert AuditEvent.objects.filter(occurred_at__lt=now - timedelta(days=300)).exists()
    with clock_at(moment(-3)):  # a moment in the future is held at the real now
        held = timezone.now()
    assert now <= held <= timezone.now()
    with clock_at(moment(30)):
        assert timezone.localdate() == timezone.localtime(moment(30)).date()
    assert timezone.now() >= now


def test_casey_placeholder_can_see_their_own_plan_on_a_phone(demo):
    from django.urls import reverse

    from throughcare.myplan.models import PlanAccess
    from throughcare.myplan.tests.helpers import signed_in_client

    access = PlanAccess.objects.get(person__family_name="Placeholder", ended_at__isnull=True)
    page = signed_in_client(access).get(reverse("myplan:plan")).content.decode()
    assert "RECONNECT Derbyshire have your referral." in page
    assert "You are registered with a GP." in page
    assert "We text 07*** ***461 the day before each appointment." in page
    assert (access.reminders_by, access.mobile_number) == ("text", "+447700900461")


def test_jordan_example_gets_their_plan_link_and_codes_by_text(demo):
    from django.urls import reverse

    from throughcare.myplan.models import PlanAccess
    from throughcare.myplan.tests.helpers import signed_in_client

    access = PlanAccess.objects.get(person__family_name="Example", ended_at__isnull=True)
    assert (access.channel, access.mobile_number, access.email) == ("text", "+447700900462", "")
    phone = signed_in_client(access)
    assert access.messages.filter(subject="Your code", channel="text").exists()
    assert (
        "We text 07*** ***462 the day before each appointment."
        in phone.get(reverse("myplan:plan")).content.decode()
    )


def test_casey_sees_who_has_their_details_and_a_referral_waiting_for_their_yes(demo):
    from django.urls import reverse

    from throughcare.myplan.models import PlanAccess
    from throughcare.myplan.tests.helpers import signed_in_client

    access = PlanAccess.objects.get(person__family_name="Placeholder", ended_at__isnull=True)
    text = signed_in_client(access).get(reverse("myplan:sharing")).content.decode()
    assert "You said RECONNECT Derbyshire can have your details." in text
    assert "Your worker wants to send your details to Riverside Talking Therapies." in text


def test_riverside_has_a_request_to_be_contacted_waiting(demo):
    from throughcare.selfreferrals.selectors import self_referrals_for

    owner = _user("nhs-caseworker")
    assert [request.name for request in self_referrals_for(owner)] == ["Robin"]


def test_riverside_took_one_person_who_asked_on_and_their_referral_waits_for_a_decision(demo):
    from throughcare.selfreferrals.models import SelfReferral

    taken_on = SelfReferral.objects.select_related("referral").get(name="Alex Okafor")
    assert taken_on.referral.state == "submitted"
    assert taken_on.referral.receiving_organisation == _user("nhs-caseworker").current_organisation


def test_the_nhs_dpo_has_peoples_words_to_check_one_flagged(demo):
    from throughcare.feedback.moderation import words_waiting_for

    waiting = words_waiting_for(_user("nhs-dpo"))
    assert len(waiting) == 2
    assert {flag["kind"] for feedback in waiting for flag in feedback.words_flags} == {"name", "phone"}


def test_the_feedback_summary_has_the_busiest_service_with_its_few_answers_hidden(demo):
    from throughcare.feedback.models import Feedback
    from throughcare.feedback.selectors import summaries_for

    rows = summaries_for(_user("commissioner"))
    assert [row.service for row in rows] == ["Riverside Talking Therapies"]
    assert 1 <= Feedback.objects.count() <= 7
    assert rows[0].answered.text == "*"


def test_the_demo_prison_sees_someone_it_received_through_its_place_in_the_team(demo):
    """Greystone recorded nothing about Jermaine Whitfield: his practitioner recorded his reception."""
    from throughcare.people.models import CareTeamMember, CareTeamNotice
    from throughcare.people.selectors import people_visible_to

    marcus = _user("manchester-navigator")
    jermaine = Person.objects.get(given_names="Jermaine", family_name="Whitfield")
    place = CareTeamMember.objects.get(person=jermaine, organisation=marcus.current_organisation)
    assert (place.role, place.is_lead, place.ended_on) == ("custody_team", False, None)
    assert people_visible_to(marcus).filter(pk=jermaine.pk).exists()
    assert CareTeamNotice.objects.filter(
        person=jermaine, organisation=marcus.current_organisation, kind="custody_joined"
    ).exists()
