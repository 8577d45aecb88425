"""Where a person lives: kept as a district and its local authority, never the full postcode; a
postcode outside England is kept as outside England and signposted; bad postcodes write nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from throughcare.accounts.services import token_issue
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.geography.models import Country, Icb, LocalAuthority, Pdu, PostcodeDistrict, ProbationRegion
from throughcare.people.models import Person, ResidenceSource
from throughcare.people.residence import residence_record
from throughcare.people.tests.helpers import person_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def practitioner(make_user):
    return make_user(Role.PRACTITIONER)


@pytest.fixture
def leeds(db):
    icb = Icb.objects.create(code="E54000054", name="West Yorkshire ICB")
    pdu = Pdu.objects.create(
        code="N53LDS", name="Leeds", region=ProbationRegion.objects.create(code="N53", name="YH")
    )
    authority = LocalAuthority.objects.create(code="E08000035", name="Leeds", nation="ENG", icb=icb, pdu=pdu)
    PostcodeDistrict.objects.create(
        code="LS1", latitude=53.79, longitude=-1.54, country=Country.ENGLAND, local_authority=authority
    )
    return authority


def _api(user):
    return Client(headers={"Authorization": f"Bearer {token_issue(actor=None, user=user, name='t').secret}"})


def test_a_full_postcode_keeps_only_its_district_and_local_authority(practitioner, leeds):
    person = person_in(practitioner.current_organisation)
    residence = residence_record(actor=practitioner, person=person, postcode="ls1 4ap")
    person.refresh_from_db()
    assert (person.residence_district, person.residence_local_authority_id) == ("LS1", "E08000035")
    assert person.residence_source == ResidenceSource.POSTCODE
    assert residence.in_england
    assert not Person.objects.filter(residence_district__contains="4AP").exists()
    event = AuditEvent.objects.get(verb="person.residence_recorded")
    assert "LS1" not in str(event.payload)
    assert "E08000035" not in str(event.payload)


def test_the_api_gives_the_area_and_its_icb_and_pdu(practitioner, leeds):
    person = person_in(practitioner.current_organisation)
    answer = _api(practitioner).put(
        f"/api/v1/people/{person.pk}/residence", {"postcode": "LS1 4AP"}, content_type="application/json"
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json() == {
        "district": "LS1",
        "country": "ENG",
        "in_england": True,
        "local_authority_code": "E08000035",
        "local_authority_name": "Leeds",
        "icb_code": "E54000054",
        "pdu_code": "N53LDS",
    }
    shown = _api(practitioner).get(f"/api/v1/people/{person.pk}")
    assert shown.json()["residence"]["local_authority_name"] == "Leeds"


def test_a_postcode_outside_england_is_stored_as_outside_england_and_signposted(practitioner, leeds):
    person = person_in(practitioner.current_organisation)
    client = Client()
    client.force_login(practitioner)
    page = client.post(f"/people/{person.pk}/residence/", {"postcode": "CF10 1AA"})
    assert page.status_code == 200
    assert "CF10 is in Wales" in page.content.decode()
    assert "NHS 111 Wales" in page.content.decode()
    person.refresh_from_db()
    assert (person.residence_country, person.residence_local_authority) == (Country.WALES, None)


@pytest.mark.parametrize(
    ("postcode", "message"),
    [
        ("", "Enter a postcode"),
        ("QQ1 1AA", "Enter a real postcode"),
        ("LS99 9ZZ", "We could not find the postcode district LS99"),
    ],
)
def test_bad_postcodes_are_refused_with_nothing_written(practitioner, leeds, postcode, message):
    person = person_in(practitioner.current_organisation)
    with pytest.raises(ValidationError) as caught:
        residence_record(actor=practitioner, person=person, postcode=postcode)
    assert caught.value.message_dict["postcode"][0].startswith(message)
    person.refresh_from_db()
    assert (person.residence_district, person.residence_country) == ("", "")
    assert not AuditEvent.objects.filter(verb="person.residence_recorded").exists()


def test_the_page_shows_a_bad_postcode_in_the_error_summary(practitioner, leeds):
    person = person_in(practitioner.current_organisation)
    client = Client()
    client.force_login(practitioner)
    page = client.post(f"/people/{person.pk}/residence/", {"postcode": "LS1 4AC"})
    assert page.status_code == 422
    assert "govuk-error-summary" in page.content.decode()
    detail = client.get(f"/people/{person.pk}/")
    assert "Record where they live" in detail.content.decode()
