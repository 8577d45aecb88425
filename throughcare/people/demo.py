"""Demonstration people: the fictional people of `throughcare.demo.people_catalogue`, each in the team of
the demo organisation leading their care (and a second one working with them through the gate).

Created through the ordinary services, so they are validated and audited.
"""

from throughcare.accounts.models import Organisation
from throughcare.core.permissions import OrganisationKind
from throughcare.people import services
from throughcare.people.models import CareTeamEndReason, CareTeamRole

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
