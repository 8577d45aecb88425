"""Referrals are checked against the service's hard rules, through matching's own rules, when they
are drafted and when they are submitted; an override needs the service's leave and a reason."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from throughcare.accounts.tests.factories import OrganisationFactory
from throughcare.continuity.models import CustodyEpisode, Order, Requirement
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import OrganisationKind, Role
from throughcare.directory.models import RiskLevel
from throughcare.directory.tests.factories import vocabulary_terms
from throughcare.people.models import OpdScreening
from throughcare.people.tests.helpers import person_in
from throughcare.referrals import services
from throughcare.referrals.models import OutsideCriteria, Referral
from throughcare.referrals.tests.helpers import complete_details, give_consent, service_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def eligibility(*codes):
    return vocabulary_terms(eligibility=list(codes))


def in_custody(person, release_in_weeks):
    CustodyEpisode.objects.create(
        person=person,
        prison_name="HMP Leeds",
        reception_date=TODAY - timedelta(days=400),
        expected_release_date=TODAY + timedelta(weeks=release_in_weeks),
    )


def released(person, days_ago):
    CustodyEpisode.objects.create(
        person=person,
        prison_name="HMP Leeds",
        reception_date=TODAY - timedelta(days=days_ago + 300),
        actual_release_date=TODAY - timedelta(days=days_ago),
    )


def with_mhtr(person, kind, status="active"):
    order = Order.objects.create(person=person, kind="community_order", starts_on=TODAY - timedelta(days=30))
    Requirement.objects.create(order=order, kind=kind, status=status, ordered_on=TODAY - timedelta(days=30))


def _draft(referrer, service, person, reason="", **details):
    return services.referral_create_draft(
        actor=referrer,
        person_id=person.pk,
        service_id=service.pk,
        details=complete_details(**details),
        outside_criteria_reason=reason,
    )


def refused(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


@pytest.fixture
def charity_worker(make_user):
    return make_user(Role.PRACTITIONER, organisation=OrganisationFactory(kind=OrganisationKind.VCSE_PROVIDER))


# name, service facts and eligibility terms, the person's record, the referral's answers, the text refused
HARD_RULE_SCENARIOS = [
    ("too old", {"maximum_age": 30}, {}, {}, "For ages up to 30"),
    ("women only, man referred", {"gender": "women"}, {"gender": "man"}, {}, "Women only"),
    ("men only, woman referred", {"gender": "men"}, {"gender": "woman"}, {}, "Men only"),
    (
        "excludes current use",
        {"accepts_current_substance_use": False},
        {},
        {"uses_substances": True},
        "Excludes people currently using drugs or alcohol",
    ),
    (
        "risk above what it accepts",
        {"highest_risk_to_others": RiskLevel.MEDIUM},
        {},
        {"risk_to_others_level": RiskLevel.HIGH},
        "Accepts risk of serious harm to others up to medium",
    ),
    (
        "no current risk to self",
        {"accepts_risk_to_self": False},
        {},
        {"at_risk_to_self": True},
        "Does not work with people at current risk to themselves",
    ),
]


@pytest.mark.parametrize(
    ("name", "facts", "person_fields", "answers", "text"),
    HARD_RULE_SCENARIOS,
    ids=[s[0] for s in HARD_RULE_SCENARIOS],
)
def test_a_draft_breaking_a_hard_rule_is_refused_with_its_text(
    referrer, receiver, name, facts, person_fields, answers, text
):
    service = service_of(receiver.current_organisation, **facts)
    person = person_in(referrer.current_organisation, **person_fields)
    errors = refused(lambda: _draft(referrer, service, person, **answers))
    assert errors["service_id"] == [f"{service.name} cannot take this referral: {text}"]
    assert not Referral.objects.exists()


def test_a_referral_within_the_rules_is_drafted(referrer, receiver):
    service = service_of(receiver.current_organisation, gender="women", minimum_age=18)
    person = person_in(referrer.current_organisation, gender="woman")
    referral = _draft(referrer, service, person)
    assert referral.state == "draft"
    assert not OutsideCriteria.objects.exists()


def test_a_charity_cannot_draft_to_a_statutory_only_service(charity_worker, receiver):
    service = service_of(
        receiver.current_organisation, statutory_referrals_only=True, terms=eligibility("enhanced_reconnect")
    )
    person = person_in(charity_worker.current_organisation)
    released(person, days_ago=30)
    errors = refused(lambda: _draft(charity_worker, service, person))
    assert "Statutory referral only" in errors["service_id"][0]
    assert "not from a statutory agency" in errors["service_id"][0]


@pytest.mark.parametrize(
    ("route", "message"),
    [
        ("nonsense", "Choose a referral route from:"),
        ("probation", "Your organisation refers as voluntary-sector organisations"),
    ],
)
def test_an_unknown_or_borrowed_route_is_refused(charity_worker, receiver, route, message):
    service = service_of(receiver.current_organisation)
    person = person_in(charity_worker.current_organisation)
    errors = refused(lambda: _draft(charity_worker, service, person, referral_route=route))
    assert errors["referral_route"][0].startswith(message)
    assert not Referral.objects.exists()


def test_an_override_needs_the_services_leave(referrer, receiver):
    service = service_of(receiver.current_organisation, gender="women")
    person = person_in(referrer.current_organisation, gender="man")
    errors = refused(lambda: _draft(referrer, service, person, reason="He asked for this group"))
    assert errors["service_id"] == [f"{service.name} cannot take this referral: Women only"]


def test_an_override_without_a_reason_gets_its_own_error(referrer, receiver):
    service = service_of(
        receiver.current_organisation, minimum_age=50, terms=eligibility("outside_criteria_override")
    )
    person = person_in(referrer.current_organisation)
    errors = refused(lambda: _draft(referrer, service, person, reason="   "))
    assert errors["outside_criteria_reason"] == ["Enter why you are referring outside the service's criteria"]
    assert errors["service_id"] == [
        f"This referral is outside {service.name}'s criteria: For ages 50 and over"
    ]
    assert not Referral.objects.exists()
    assert not AuditEvent.objects.filter(verb="referral.referred_outside_criteria").exists()


def test_an_override_is_recorded_audited_and_shown_to_the_receiver(referrer, receiver):
    from throughcare.referrals.selectors import referral_for

    service = service_of(
        receiver.current_organisation, minimum_age=50, terms=eligibility("outside_criteria_override")
    )
    person = person_in(referrer.current_organisation)
    referral = _draft(referrer, service, person, reason="Only local service; agreed with its manager")
    [row] = OutsideCriteria.objects.filter(referral=referral)
    assert (row.rule_code, row.rule_text) == ("age", "For ages 50 and over")
    event = AuditEvent.objects.get(verb="referral.referred_outside_criteria")
    assert event.payload == {"rules": ["age"]}
    give_consent(referrer, referral)
    services.referral_submit(actor=referrer, referral=referral)  # the override covers submission
    seen = referral_for(receiver, referral.pk)
    assert seen.outside_criteria == ["For ages 50 and over"]
    assert seen.outside_criteria_reason == "Only local service; agreed with its manager"


def test_submission_checks_the_rules_again(referrer, receiver):
    service = service_of(receiver.current_organisation, terms=eligibility("reconnect"))
    person = person_in(referrer.current_organisation)
    in_custody(person, release_in_weeks=8)
    referral = _draft(referrer, service, person, in_custody=True, release_date=TODAY + timedelta(weeks=8))
    give_consent(referrer, referral)
    CustodyEpisode.objects.filter(person=person).update(expected_release_date=TODAY + timedelta(weeks=30))
    errors = refused(lambda: services.referral_submit(actor=referrer, referral=referral))
    assert errors["service_id"] == [
        f"{service.name} cannot take this referral: RECONNECT works with people from 12 weeks before "
        "release to 6 months after: release is in 30 weeks"
    ]
    referral.refresh_from_db()
    assert referral.state == "draft"


def test_submission_can_override_with_a_reason_where_allowed(referrer, receiver):
    service = service_of(
        receiver.current_organisation, terms=eligibility("mhtr_any", "outside_criteria_override")
    )
    person = person_in(referrer.current_organisation)
    with_mhtr(person, "mhtr_primary")
    referral = _draft(referrer, service, person)
    give_consent(referrer, referral)
    Requirement.objects.update(status="completed")
    errors = refused(lambda: services.referral_submit(actor=referrer, referral=referral))
    assert errors["outside_criteria_reason"] == ["Enter why you are referring outside the service's criteria"]
    services.referral_submit(actor=referrer, referral=referral, outside_criteria_reason="Finishing treatment")
    assert referral.state == "submitted"
    assert list(OutsideCriteria.objects.values_list("rule_code", flat=True)) == ["mhtr_any"]


def test_submission_asks_for_the_answers_the_services_rules_need(referrer, receiver):
    service = service_of(
        receiver.current_organisation,
        accepts_current_substance_use=False,
        highest_risk_to_others=RiskLevel.HIGH,
        accepts_risk_to_self=False,
    )
    referral = _draft(referrer, service, person_in(referrer.current_organisation))
    give_consent(referrer, referral)
    errors = refused(lambda: services.referral_submit(actor=referrer, referral=referral))
    assert set(errors) == {"uses_substances", "risk_to_others_level", "at_risk_to_self"}
    assert errors["risk_to_others_level"] == [
        "Choose the person's risk of serious harm to others: the service accepts up to high"
    ]


def test_the_api_refuses_and_overrides_with_field_errors(referrer, receiver):
    from throughcare.referrals.tests.test_api import client

    service = service_of(
        receiver.current_organisation, minimum_age=50, terms=eligibility("outside_criteria_override")
    )
    person = person_in(referrer.current_organisation)
    api = client(referrer)
    body = {"person_id": str(person.pk), "service_id": str(service.pk), "reason_for_referral": "Low mood"}
    answer = api.post("/api/v1/referrals", body, content_type="application/json")
    assert answer.status_code == 422
    assert {e["loc"][-1] for e in answer.json()["errors"]} == {"service_id", "outside_criteria_reason"}
    body["outside_criteria_reason"] = "Nearest service"
    made = api.post("/api/v1/referrals", body, content_type="application/json")
    assert made.status_code == 201
    assert made.json()["outside_criteria"] == ["For ages 50 and over"]
    assert made.json()["outside_criteria_reason"] == "Nearest service"


def test_the_draft_page_shows_the_rules_text(client, referrer, receiver):
    service = service_of(receiver.current_organisation, gender="women")
    person = person_in(referrer.current_organisation, gender="man")
    client.force_login(referrer)
    page = client.post(
        f"/referrals/new/{service.pk}/",
        {"person": str(person.pk), "in_custody": "no", "reason_for_referral": "Low mood"},
    )
    assert page.status_code == 422
    assert f"{service.name} cannot take this referral: Women only" in page.content.decode()
    assert not Referral.objects.exists()


def test_a_fhir_import_breaking_a_rule_is_refused_and_nothing_written(referrer, receiver):
    from throughcare.people.tests.helpers import valid_nhs_number
    from throughcare.referrals.tests.fhir_helpers import api_client, minimal_message

    service = service_of(receiver.current_organisation, gender="women")
    nhs_number = valid_nhs_number(21)
    person_in(referrer.current_organisation, gender="man", nhs_number=nhs_number)
    message = minimal_message(nhs_number=nhs_number, service_id=service.pk)
    answer = api_client(referrer).post("/api/v1/referrals/fhir", message, content_type="application/json")
    assert answer.status_code == 422
    assert "cannot take this referral: Women only" in str(answer.json())
    assert not Referral.objects.exists()


def test_the_api_submits_outside_criteria_with_a_reason(referrer, receiver):
    from throughcare.referrals.tests.test_api import client

    service = service_of(
        receiver.current_organisation, terms=eligibility("opd_pathway", "outside_criteria_override")
    )
    person = person_in(referrer.current_organisation)
    OpdScreening.objects.create(
        person=person, screened_on=TODAY, outcome="screened_in", source="oasys", recorded_by=referrer
    )
    referral = _draft(referrer, service, person)
    give_consent(referrer, referral)
    OpdScreening.objects.create(
        person=person,
        screened_on=TODAY,
        outcome="screened_out",
        source="case_consultation",
        recorded_by=referrer,
    )
    api = client(referrer)
    url = f"/api/v1/referrals/{referral.pk}/submit"
    refused_answer = api.post(url)
    assert refused_answer.status_code == 422
    sent = api.post(url, {"outside_criteria_reason": "Psychology advised"}, content_type="application/json")
    assert sent.status_code == 200, sent.json()
    assert sent.json()["state"] == "submitted"
    assert sent.json()["outside_criteria"] == [
        "The Offender Personality Disorder pathway is only for people screened in to it"
    ]


def test_an_override_the_draft_no_longer_needs_is_not_shown_when_sent(referrer, receiver):
    from throughcare.referrals.selectors import referral_for

    service = service_of(
        receiver.current_organisation, terms=eligibility("mhtr_any", "outside_criteria_override")
    )
    person = person_in(referrer.current_organisation)
    referral = _draft(referrer, service, person, reason="Order expected next week")
    assert OutsideCriteria.objects.count() == 1
    with_mhtr(person, "mhtr_secondary")
    give_consent(referrer, referral)
    services.referral_submit(actor=referrer, referral=referral)
    seen = referral_for(receiver, referral.pk)
    assert (seen.outside_criteria, seen.outside_criteria_reason) == ([], "")
