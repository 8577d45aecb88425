"""Demonstration people: the fictional people of `throughcare.demo.people_catalogue`, each in the team of
the demo organisation leading their care (and a second one working with them through the gate).

Created through the ordinary services, so they are validated and audited.
"""

from throughcare.accounts.models import Organisation
from throughcare.core.permissions import OrganisationKind
from throughcare.people import services
from throughcare.people.models import CareTeamRole

ROLE_BY_KIND = {
    OrganisationKind.PROBATION: CareTeamRole.PROBATION_PRACTITIONER,
    OrganisationKind.PRISON: CareTeamRole.PRISON_KEY_WORKER,
}


def seed_people(ctx) -> None:
    from throughcare.demo.people_catalogue import DEMO_PEOPLE

    codes = {p.lead for p in DEMO_PEOPLE} | {p.shared_with for p in DEMO_PEOPLE if p.shared_with}
    organisations = {o.code: o for o in Organisation.objects.filter(code__in=codes)}
    if len(organisations) != len(codes):
        return
    for entry in DEMO_PEOPLE:
        lead = organisations[entry.lead]
        person = services.person_create(
            actor=None, details=entry.details, organisation=lead, care_team_role=ROLE_BY_KIND[lead.kind]
        )
        if entry.shared_with:
            other = organisations[entry.shared_with]
            services.care_team_add(
                actor=None, person=person, organisation=other, role=ROLE_BY_KIND[other.kind]
            )
    ctx.counts["people"] = ctx.counts.get("people", 0) + len(DEMO_PEOPLE)
