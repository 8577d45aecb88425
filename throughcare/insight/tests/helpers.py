"""Small hand-built data for the insight tests: a few areas, services placed in them, and referrals.

Rows are bulk-created with only the fields the aggregates read, so each test states its figures
plainly (the referral services' own checks are tested in the referrals app).
"""

import datetime
import html
import itertools
import re

from django.utils import timezone

from throughcare.accounts.tests.factories import MembershipFactory, OrganisationFactory
from throughcare.directory.models import ServiceCoverage
from throughcare.directory.tests.factories import DirectoryOrganisationFactory, ServiceFactory
from throughcare.geography.models import Icb, LocalAuthority, NhsRegion, Pdu, ProbationRegion
from throughcare.people.models import Person
from throughcare.referrals.models import Referral, ReferralTransition

NORTH, SOUTH = "E40000012", "E40000006"
ICB_A, ICB_B = "E54000057", "E54000008"
LA_A1, LA_A2, LA_B1 = "E08000003", "E08000001", "E06000042"
REGION, PDU_A = "N55", "N55MAN"
_numbers = itertools.count(1)


def build_areas() -> None:
    north, south = (
        NhsRegion.objects.create(code=NORTH, name="North West"),
        NhsRegion.objects.create(code=SOUTH, name="South East"),
    )
    icb_a = Icb.objects.create(code=ICB_A, name="Greater Manchester ICB", nhs_region=north)
    icb_b = Icb.objects.create(code=ICB_B, name="Buckinghamshire ICB", nhs_region=south)
    region = ProbationRegion.objects.create(code=REGION, name="Greater Manchester")
    pdu = Pdu.objects.create(code=PDU_A, name="Manchester North", region=region)
    LocalAuthority.objects.create(code=LA_A1, name="Manchester", nation="ENG", icb=icb_a, pdu=pdu)
    LocalAuthority.objects.create(code=LA_A2, name="Bolton", nation="ENG", icb=icb_a)
    LocalAuthority.objects.create(code=LA_B1, name="Milton Keynes", nation="ENG", icb=icb_b)


def service_in(*la_codes, owner=None, **fields):
    """A service covering these local authorities (none: all of England)."""
    fields.setdefault("covers_england", not la_codes)
    service = ServiceFactory(organisation=DirectoryOrganisationFactory(owner=owner), **fields)
    ServiceCoverage.objects.bulk_create(
        [ServiceCoverage(service=service, local_authority_code=c) for c in la_codes]
    )
    return service


def _referring_user():
    return MembershipFactory(organisation=OrganisationFactory(kind="probation"), role="practitioner").user


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def referrals(
    service,
    count: int,
    *,
    state="submitted",
    ethnicity="",
    gender="not_known",
    moves=(),
    submitted_on=None,
    home="",
    home_country="",
):
    """`count` referrals (each for a new person) to `service`, now in `state`; `moves` are
    (to_state, reason_code, day) rows added to each one's history. `home` is the local authority the
    people live in (its country is England unless `home_country` says otherwise; none: not recorded)."""
    user = _referring_user()
    people = Person.objects.bulk_create(
        [
            Person(
                given_names="Test",
                family_name=f"Person {next(_numbers)}",
                date_of_birth=datetime.date(1990, 1, 1),
                ethnicity=ethnicity,
                gender=gender,
                residence_local_authority_id=home or None,
                residence_country=home_country or ("ENG" if home else ""),
            )
            for _ in range(count)
        ]
    )
    made = Referral.objects.bulk_create(
        [
            Referral(
                person=person,
                service=service,
                referring_organisation=user.current_organisation,
                receiving_organisation=service.organisation.owner,
                created_by=user,
                state=state,
                submitted_at=at(submitted_on) if submitted_on else None,
            )
            for person in people
        ]
    )
    ReferralTransition.objects.bulk_create(
        [
            ReferralTransition(
                referral=referral,
                from_state="submitted",
                to_state=to_state,
                side="receiver",
                reason_code=reason,
                at=at(day),
            )
            for referral in made
            for to_state, reason, day in moves
        ]
    )
    return made


CHART_ADDRESS = re.compile(r'(?:src|srcset)="(/insight/charts/[^"]+\.svg)"')


def chart_addresses(page: str) -> list[str]:
    """Every chart drawing a page asks for, wide and narrow (insight/charts.py)."""
    return [html.unescape(address) for address in CHART_ADDRESS.findall(page)]


def drawn_charts(client, page: str) -> str:
    """Every chart drawing the page asks for, as the browser fetches them (both sizes), one after another."""
    drawings = []
    for address in chart_addresses(page):
        response = client.get(address)
        assert response.status_code == 200, (address, response.status_code)
        assert response["Content-Type"] == "image/svg+xml"
        drawings.append(response.content.decode())
    return "".join(drawings)
