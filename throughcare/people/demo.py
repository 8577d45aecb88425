"""Demonstration people: the fictional people of `throughcare.demo.people_catalogue`, each in the team of
the demo organisation leading their care (and a second one working with them through the gate).

Created through the ordinary services, so they are validated and audited.
"""

from throughcare.accounts.models import Organisation
from throughcare.core.permissions import OrganisationKind
from throughcare.people import services
from throughcare.people.models import CareTeamEndReason, CareTeamRole
from throughcare.people.residence import residence_record

ROLE_BY_KIND = {
    OrganisationKind.PROBATION: CareTeamRole.PROBATION_PRACTITIONER,
    OrganisationKind.PRISON: CareTeamRole.PRISON_KEY_WORKER,
}


def seed_people(ctx) -> None:
    from throughcare.demo.clock import clock_at, moment
    from throughcare.demo.people_catalogue import DEMO_PEOPLE

    codes = {p.lead for p in DEMO_PEOPLE} | {p.shared_with for p in DEMO_PEOPLE if p.shared_with}
    organisations = {o.code: o for o in Organisation.objects.filter(code__in=codes)}
    if len(organisations) != len(codes):
        return
    from throughcare.demo.areas import area_of_organisation, home_districts

    districts = {}
    for n, entry in enumerate(DEMO_PEOPLE):
        lead = organisations[entry.lead]
        # Known to their teams well before their stories begin (the earliest begins 500 days ago).
        with clock_at(moment(600 - n * 10, 9)):
            person = services.person_create(
                actor=None, details=entry.details, organisation=lead, care_team_role=ROLE_BY_KIND[lead.kind]
            )
            if entry.shared_with:
                other = organisations[entry.shared_with]
                services.care_team_add(
                    actor=None, person=person, organisation=other, role=ROLE_BY_KIND[other.kind]
                )
            # Everyone lives in their team's area, but one in seven has no home recorded yet, so
            # insight shows both the count where people live and the fallback to the service's area.
            area = area_of_organisation(entry.lead)
            if area is not None and n % 7 != 6:
                if area.key not in districts:
                    districts[area.key] = home_districts(area)
                if districts[area.key]:
                    home = districts[area.key][n % len(districts[area.key])]
                    residence_record(actor=None, person=person, postcode=home)
    ctx.counts["people"] = ctx.counts.get("people", 0) + len(DEMO_PEOPLE)
    seed_team_notices(ctx)


def seed_team_notices(ctx) -> None:
    """Care team notices for the Derby sign-ins: the demo VCSE tried to record Jordan Example by NHS
    number (probation, the lead, is asked to add them), and the demo NHS service's part in Aisha
    Sample's team was ended by probation (it is told, without her name)."""
    from throughcare.people.models import Person
    from throughcare.people.team_notices import join_request_raise

    vcse = Organisation.objects.filter(code="demo-vcse").first()
    nhs = Organisation.objects.filter(code="demo-nhs").first()
    jordan = Person.objects.filter(nhs_number="9434765919").first()
    aisha = Person.objects.filter(given_names="Aisha", family_name="Sample").first()
    if vcse is None or nhs is None or jordan is None or aisha is None:
        return
    join_request_raise(actor=None, person=jordan, organisation=vcse, matched_on="nhs_number")
    member = services.care_team_add(
        actor=None, person=aisha, organisation=nhs, role=CareTeamRole.PROVIDER_CASEWORKER
    )
    services.care_team_end(actor=None, member=member, reason=CareTeamEndReason.WORK_FINISHED)
    ctx.counts["care team notices"] = ctx.counts.get("care team notices", 0) + 2


def seed_restricted_record(ctx, email_for) -> None:
    """Natalie Price's record, restricted by Priya (probation, the lead) after prison healthcare joined her
    team; Noah at the prison opened it through break-glass, which Dana (the DPO) has to review."""
    from throughcare.accounts.models import User
    from throughcare.people.models import Person
    from throughcare.people.restriction import break_glass_open, person_restrict

    person = Person.objects.filter(given_names="Natalie", family_name="Price").first()
    prison = Organisation.objects.filter(code="demo-prison").first()
    users = {
        u.email: u for u in User.objects.filter(email__in=[email_for("practitioner"), email_for("navigator")])
    }
    priya, noah = users.get(email_for("practitioner")), users.get(email_for("navigator"))
    if person is None or prison is None or priya is None or noah is None:
        return
    services.care_team_add(actor=priya, person=person, organisation=prison, role=CareTeamRole.OTHER)
    person_restrict(actor=priya, person=person, users=[])
    break_glass_open(
        actor=noah,
        person=person,
        reason="Healthcare asked for her GP details before a visit, and Priya was not in today",
    )
    ctx.counts["restricted records"] = ctx.counts.get("restricted records", 0) + 1
