"""Demonstration people: the fictional people of `throughcare.demo.people_catalogue`, each in the team of
the demo organisation leading their care (and a second one working with them through the gate).

Created through the ordinary services, so they are validated and audited.
"""

from throughcare.accounts.models import Organisation
from throughcare.core.permissions import OrganisationKind
from throughcare.people import services
from throughcare.people.models import CareTeamRole
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
