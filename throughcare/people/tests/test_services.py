"""Recording people and their teams: every bad input refused with its reason, nothing half-written."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from throughcare.accounts.tests.factories import OrganisationFactory
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import OrganisationKind, Role
from throughcare.people import services
from throughcare.people.duplicate_checks import KNOWN_ELSEWHERE, PossibleDuplicate
from throughcare.people.models import CareTeamMember, CareTeamRole, Person, PersonAlias
from throughcare.people.tests.helpers import details, person_in, valid_nhs_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def practitioner(make_user):
    return make_user(Role.PRACTITIONER)


def _errors(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_create_records_person_aliases_and_lead_membership(practitioner):
    person = services.person_create(
        actor=practitioner,
        details=details(aliases=["Sammy T", " Sammy  T ", ""], nhs_number="943 476 5919", crn="x123456"),
    )
    assert person.nhs_number == "9434765919"
    assert person.crn == "X123456"
    assert list(person.aliases.values_list("name", flat=True)) == ["Sammy T"]
    (member,) = person.care_team.all()
    assert member.is_lead
    assert member.organisation == practitioner.current_organisation
    assert member.role == CareTeamRole.PROBATION_PRACTITIONER
    assert member.user == practitioner
    verbs = list(
        AuditEvent.objects.filter(verb__in=["person.created", "care_team.added"]).values_list(
            "verb", flat=True
        )
    )
    assert verbs == ["person.created", "care_team.added"]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"given_names": " "}, "given_names", "Enter their given names"),
        ({"family_name": ""}, "family_name", "Enter their family name"),
        ({"family_name": "x" * 101}, "family_name", "100 characters"),
        ({"date_of_birth": None}, "date_of_birth", "Enter their date of birth"),
        ({"date_of_birth": date.today() + timedelta(days=1)}, "date_of_birth", "in the past"),
        ({"date_of_birth": date(1890, 1, 1)}, "date_of_birth", "last 120 years"),
        (
            {"date_of_birth": date.today() - timedelta(days=365 * 5)},
            "date_of_birth",
            "criminal responsibility",
        ),
        ({"gender": "robot"}, "gender", "Choose a gender"),
        ({"ethnicity": "martian"}, "ethnicity", "ONS 2021"),
        ({"interpreter_needed": True}, "interpreter_language", "language"),
        ({"phone": "call me"}, "phone", "Enter a phone number"),
        ({"email": "nope"}, "email", "correct format"),
        ({"contact_preference": "pigeon"}, "contact_preference", "Choose how to contact"),
        ({"contact_preference": "phone"}, "phone", "prefer to be contacted by phone"),
        ({"nhs_number": "1234567890"}, "nhs_number", "check digit would be 10"),
        ({"nhs_number": "9434765918"}, "nhs_number", "should be 9"),
        ({"prison_number": "A123BC"}, "prison_number", "A1234BC"),
        ({"crn": "X12"}, "crn", "X123456"),
        ({"pnc": "2001/0171310X"}, "pnc", "should be W"),
        ({"aliases": ["y" * 201]}, "aliases", "200 characters"),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(practitioner, overrides, field, words):
    events = AuditEvent.objects.count()
    errors = _errors(lambda: services.person_create(actor=practitioner, details=details(**overrides)))
    assert words in " ".join(errors[field])
    assert Person.objects.count() == 0
    assert CareTeamMember.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_create_without_an_organisation_is_refused():
    assert "organisation" in _errors(lambda: services.person_create(actor=None, details=details()))


def test_same_identifier_names_the_person_only_to_their_team(practitioner, make_user):
    nhs = valid_nhs_number(1)
    existing = services.person_create(actor=practitioner, details=details(nhs_number=nhs))
    colleague = make_user(Role.PRACTITIONER, organisation=practitioner.current_organisation)
    message = " ".join(
        _errors(lambda: services.person_create(actor=colleague, details=details(nhs_number=nhs)))[
            "nhs_number"
        ]
    )
    assert existing.full_name in message

    outsider = make_user(Role.PRACTITIONER)
    message = " ".join(
        _errors(lambda: services.person_create(actor=outsider, details=details(nhs_number=nhs)))["nhs_number"]
    )
    assert existing.family_name not in message
    assert message == KNOWN_ELSEWHERE
    assert Person.objects.count() == 1


@pytest.mark.parametrize("field", ["prison_number", "crn", "pnc"])
def test_each_identifier_is_unique(practitioner, field):
    value = {"prison_number": "A1234BC", "crn": "X123456", "pnc": "2001/0171310W"}[field]
    services.person_create(actor=practitioner, details=details(**{field: value}))
    assert field in _errors(
        lambda: services.person_create(actor=practitioner, details=details(**{field: value}))
    )


def test_same_name_and_birthday_warns_until_confirmed(practitioner, make_user):
    first = services.person_create(
        actor=practitioner, details=details(given_names="Jo", family_name="Bloggs")
    )
    with pytest.raises(PossibleDuplicate) as caught:
        services.person_create(
            actor=practitioner, details=details(given_names="Joanne", family_name="BLOGGS")
        )
    assert caught.value.visible == [first]
    services.person_create(
        actor=practitioner,
        details=details(given_names="Joanne", family_name="BLOGGS"),
        confirm_not_duplicate=True,
    )
    assert Person.objects.count() == 2
    event = AuditEvent.objects.filter(verb="person.created").last()
    assert event.payload["confirmed_not_duplicate"] is True


def test_same_name_and_birthday_in_another_team_is_not_mentioned(practitioner, make_user):
    first = services.person_create(
        actor=practitioner, details=details(given_names="Jo", family_name="Bloggs")
    )
    outsider = make_user(Role.PRACTITIONER)
    services.person_create(actor=outsider, details=details(given_names="J", family_name="Bloggs"))
    assert Person.objects.count() == 2
    # The data protection officer can still find the match the caller was not told about.
    check = AuditEvent.objects.filter(verb="person.duplicate_checked", actor=outsider).get()
    assert check.payload["unnamed_name_matches"] == [str(first.id)]
    assert check.payload["named"] == []


def test_update_changes_fields_and_audits_their_names_only(practitioner):
    person = person_in(practitioner.current_organisation, actor=practitioner)
    changed = details(given_names="Samuel", family_name=person.family_name, aliases=["Sam T"], crn="X654321")
    services.person_update(actor=practitioner, person=person, details=changed)
    person.refresh_from_db()
    assert person.given_names == "Samuel"
    assert person.crn == "X654321"
    event = AuditEvent.objects.filter(verb="person.updated").get()
    assert set(event.payload["fields"]) == {"given_names", "crn", "aliases"}
    assert "Samuel" not in str(event.payload)


def test_update_refuses_an_identifier_someone_else_holds(practitioner):
    organisation = practitioner.current_organisation
    person_in(organisation, crn="X111111")
    person = person_in(organisation)
    errors = _errors(
        lambda: services.person_update(actor=practitioner, person=person, details=details(crn="X111111"))
    )
    assert "crn" in errors
    person.refresh_from_db()
    assert person.crn == ""


def test_care_team_lead_rule(practitioner):
    person = person_in(practitioner.current_organisation)
    prison = OrganisationFactory(kind=OrganisationKind.PRISON)
    first_lead = person.care_team.get()
    member = services.care_team_add(
        actor=practitioner, person=person, organisation=prison, role=CareTeamRole.PRISON_KEY_WORKER
    )
    assert not member.is_lead
    services.care_team_set_lead(actor=practitioner, member=member)
    assert list(person.care_team.filter(is_lead=True)) == [member]
    first_lead.refresh_from_db()
    assert not first_lead.is_lead

    # Having handed the lead on, the practitioner's organisation can no longer take it back.
    assert "is_lead" in _errors(
        lambda: services.care_team_add(
            actor=practitioner, person=person, organisation=OrganisationFactory(), role="other", is_lead=True
        )
    )
    other = services.care_team_add(
        actor=None, person=person, organisation=OrganisationFactory(), role="other", is_lead=True
    )
    assert list(person.care_team.filter(is_lead=True)) == [other]


def test_care_team_add_refuses_bad_input(practitioner, make_user):
    organisation = practitioner.current_organisation
    person = person_in(organisation)
    stranger = make_user(Role.PRACTITIONER)
    inactive = OrganisationFactory(is_active=False)
    cases = [
        ({"organisation": organisation, "role": "wizard"}, "role"),
        ({"organisation": inactive, "role": "other"}, "organisation"),
        ({"organisation": organisation, "role": "other", "user": stranger}, "user"),
        (
            {
                "organisation": organisation,
                "role": "other",
                "started_on": timezone.localdate() + timedelta(1),
            },
            "started_on",
        ),
        ({"organisation": organisation, "role": CareTeamRole.PROBATION_PRACTITIONER}, "organisation"),
    ]
    for kwargs, field in cases:
        assert field in _errors(
            lambda kwargs=kwargs: services.care_team_add(actor=None, person=person, **kwargs)
        )
    assert person.care_team.count() == 1


def test_care_team_end_rules(practitioner):
    person = person_in(practitioner.current_organisation)
    lead = person.care_team.get()
    assert "nobody could see" in " ".join(
        _errors(lambda: services.care_team_end(actor=None, member=lead))["member"]
    )
    other = services.care_team_add(
        actor=None, person=person, organisation=OrganisationFactory(), role="other"
    )
    assert "lead" in " ".join(_errors(lambda: services.care_team_end(actor=None, member=lead))["member"])
    future = timezone.localdate() + timedelta(days=1)
    assert "ended_on" in _errors(lambda: services.care_team_end(actor=None, member=other, ended_on=future))
    services.care_team_end(actor=None, member=other)
    other.refresh_from_db()
    assert other.ended_on == timezone.localdate()
    assert "already left" in " ".join(
        _errors(lambda: services.care_team_end(actor=None, member=other))["member"]
    )
    assert AuditEvent.objects.filter(verb="care_team.ended").count() == 1


def test_merge_keeps_both_records_and_moves_what_the_survivor_lacks(practitioner):
    organisation = practitioner.current_organisation
    prison = OrganisationFactory(kind=OrganisationKind.PRISON)
    survivor = person_in(organisation, given_names="Alex", family_name="Stone", crn="X123456")
    merged = person_in(
        prison,
        given_names="Alec",
        family_name="Stone",
        prison_number="A1234BC",
        confirm_not_duplicate=True,
        crn="X999999",
        aliases=["Lex"],
    )
    services.care_team_add(
        actor=None, person=merged, organisation=organisation, role=CareTeamRole.PROBATION_PRACTITIONER
    )

    services.person_merge(actor=practitioner, survivor=survivor, merged=merged)

    survivor.refresh_from_db()
    merged.refresh_from_db()
    assert merged.merged_into == survivor
    assert merged.merged_at is not None
    assert survivor.prison_number == "A1234BC"
    assert merged.prison_number == ""
    assert survivor.crn == "X123456"
    assert merged.crn == "X999999"
    assert set(survivor.aliases.values_list("name", flat=True)) == {"Lex", "Alec Stone"}
    team = survivor.care_team.all()
    assert team.count() == 3
    assert team.filter(is_lead=True).count() == 1
    # The probation organisation was in both teams: one active row, the other ended, none lost.
    assert team.filter(organisation=organisation, ended_on__isnull=True).count() == 1
    assert PersonAlias.objects.filter(person=merged).count() == 0
    event = AuditEvent.objects.get(verb="person.merged")
    assert event.payload["moved_identifiers"] == ["prison_number"]
    assert event.payload["conflicting_identifiers"] == ["crn"]
    assert AuditEvent.objects.filter(verb="person.merged_away", target_id=str(merged.id)).exists()


def test_merge_refuses_itself_and_merged_records(practitioner):
    organisation = practitioner.current_organisation
    a, b, c = person_in(organisation), person_in(organisation), person_in(organisation)
    assert "merged" in _errors(lambda: services.person_merge(actor=None, survivor=a, merged=a))
    services.person_merge(actor=None, survivor=a, merged=b)
    b.refresh_from_db()
    assert "merged" in _errors(lambda: services.person_merge(actor=None, survivor=b, merged=c))
    assert "person" in _errors(
        lambda: services.care_team_add(actor=None, person=b, organisation=OrganisationFactory(), role="other")
    )
