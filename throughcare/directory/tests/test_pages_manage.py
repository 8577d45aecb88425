"""A provider manager's pages: their services, adding, editing and confirming them, and 404 for others'."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from throughcare.core.models import AuditEvent
from throughcare.directory import services
from throughcare.directory.details import FundingDetails, ServiceDetails
from throughcare.directory.models import DirectoryOrganisation, Funding, Location, Service, ServiceAtLocation
from throughcare.directory.tests.test_pages_support import (
    add_service,
    authority_of,
    manager_of,
    provider,
    service_form_data,
)
from throughcare.geography.tests.conftest import geography, geography_dir  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geography")]


@pytest.fixture
def ours():
    return provider("Harbour Minds")


@pytest.fixture
def theirs():
    return provider("Another Charity")


@pytest.fixture
def manager(client, make_user, ours):
    client.force_login(manager_of(make_user, ours[0]))
    return client


def test_your_services_lists_only_our_services_with_their_state(manager, ours, theirs):
    today = timezone.localdate()
    full = add_service(
        ours[1],
        name="Full group",
        capacity_available=0,
        capacity_maximum=12,
        typical_wait_days=28,
        tier="primary",
        funding=[FundingDetails("Lottery", None, today + timedelta(days=40))],
    )
    add_service(ours[1], name="Open group", capacity_available=3, capacity_maximum=10, covers_england=True)
    services.service_confirm(actor=None, service=full, on=today - timedelta(days=200))
    add_service(theirs[1], name="Their group")

    response = manager.get(reverse("directory:your-services"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Full group" in page
    assert "Open group" in page
    assert "Their group" not in page
    assert "3 of 10 places" in page
    assert "Full</td>" in page
    assert "About 4 weeks" in page
    assert "Primary care and talking therapies" in page
    assert "Needs checking" in page
    assert "1 entry not confirmed in the last 90 days" in page
    assert "Funding ends within 3 months for 1 service" in page


def test_a_manager_adds_a_service_with_every_detail(manager, ours):
    leeds = authority_of("LS1")
    data = service_form_data(
        ServiceDetails(
            name="Dual diagnosis group",
            description="Groups for people whose drug use and mental health are tangled together.",
            url="https://harbour.example/dual",
            email="referrals@harbour.example",
            alert="Closed in August.",
            tier="primary",
            need_codes=["substance_use", "anxiety"],
            referral_route_codes=["self", "probation"],
            custody_stage_codes=["post_release"],
            delivery_codes=["group", "face_to_face"],
            community_codes=["lgbtq"],
            minimum_age=18,
            maximum_age=65,
            gender="men",
            accepts_current_substance_use=True,
            highest_risk_to_others=2,
            accepts_risk_to_self=False,
            requires_gp_registration=True,
            statutory_referrals_only=True,
            local_authority_codes=[leeds],
            icb_codes=["E54000054"],
            pdu_codes=[],
            radius_miles=12,
            capacity_available=3,
            capacity_maximum=10,
            capacity_unit="places",
            typical_wait_days=21,
            funding=[
                FundingDetails("Lottery", date(2026, 4, 1), date(2027, 3, 31)),
                FundingDetails("ICB grant", None, date(2026, 12, 31)),
            ],
            languages=["Polish", "Urdu"],
            bars_endpoint="https://bars.harbour.example.nhs.uk/fhir",
            bars_receiver_id="2000012345",
        )
    )

    response = manager.post(reverse("directory:service-create"), data)

    service = Service.objects.get(name="Dual diagnosis group")
    assert response.status_code == 302
    assert response.url == reverse("directory:service-locations", args=[service.id])
    assert service.organisation == ours[1]
    assert (service.minimum_age, service.maximum_age, service.gender) == (18, 65, "men")
    assert (service.highest_risk_to_others, service.accepts_risk_to_self) == (2, False)
    assert service.requires_gp_registration
    assert service.statutory_referrals_only
    assert (service.capacity_available, service.capacity_maximum, service.typical_wait_days) == (3, 10, 21)
    assert service.funding_ends_on == date(2026, 12, 31)
    assert sorted(service.languages.values_list("name", flat=True)) == ["Polish", "Urdu"]
    assert set(service.terms.values_list("code", flat=True)) >= {"substance_use", "self", "lgbtq", "primary"}
    assert list(service.local_authorities.values_list("code", flat=True)) == [leeds]
    assert list(service.icbs.values_list("code", flat=True)) == ["E54000054"]
    assert (service.bars_endpoint, service.bars_receiver_id) == (
        "https://bars.harbour.example.nhs.uk/fhir",
        "2000012345",
    )
    assert AuditEvent.objects.filter(verb="directory.service_created", target_id=str(service.id)).exists()


def test_the_edit_page_is_filled_in_and_saving_updates_and_confirms(manager, ours):
    service = add_service(
        ours[1],
        name="Recovery group",
        capacity_available=0,
        capacity_maximum=8,
        need_codes=["trauma"],
        funding=[FundingDetails("Lottery", date(2026, 1, 1), date(2027, 6, 30))],
    )
    services.service_confirm(actor=None, service=service, on=date(2025, 1, 1))

    page = manager.get(reverse("directory:service-edit", args=[service.id])).content.decode()

    assert 'value="Recovery group"' in page
    assert 'name="capacity_available" type="text" value="0"' in page
    assert 'value="trauma" checked' in page
    assert 'name="funding_0_ends_on_year" type="text" inputmode="numeric" value="2027"' in page
    data = service_form_data(
        services.details_of(service), name="Recovery group (Leeds)", capacity_available="2"
    )
    response = manager.post(reverse("directory:service-edit", args=[service.id]), data)
    assert response.status_code == 302
    service.refresh_from_db()
    assert (service.name, service.capacity_available) == ("Recovery group (Leeds)", 2)
    assert service.last_confirmed_on == timezone.localdate()
    assert Funding.objects.get(service=service).ends_on == date(2027, 6, 30)
    assert AuditEvent.objects.filter(verb="directory.service_updated", target_id=str(service.id)).exists()


def test_confirming_an_entry_marks_it_checked_today(manager, ours):
    service = add_service(ours[1], name="Old entry")
    services.service_confirm(actor=None, service=service, on=date(2024, 1, 1))
    response = manager.post(reverse("directory:service-confirm", args=[service.id]))
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.last_confirmed_on == timezone.localdate()
    assert (
        AuditEvent.objects.filter(verb="directory.service_confirmed", target_id=str(service.id)).count() == 2
    )


BAD_INPUT = [
    ({"need_codes": ["telepathy"]}, "need_codes", "Unknown needs addressed code: telepathy"),
    ({"tier": "platinum"}, "tier", "Unknown tier &#x27;platinum&#x27;"),
    (
        {"minimum_age": "40", "maximum_age": "18"},
        "maximum_age",
        "The maximum age must be the same as or more",
    ),
    (
        {"capacity_available": "12", "capacity_maximum": "10"},
        "capacity_available",
        "Places available (12) cannot be more than the maximum (10).",
    ),
    (
        {
            "funding_1_source": "Lottery",
            "funding_1_starts_on_day": "1",
            "funding_1_starts_on_month": "4",
            "funding_1_starts_on_year": "2027",
            "funding_1_ends_on_day": "31",
            "funding_1_ends_on_month": "3",
            "funding_1_ends_on_year": "2026",
        },
        "funding_1_ends_on-day",
        "The funding end date must be on or after its start date.",
    ),
    (
        {
            "funding_0_source": "Grant",
            "funding_0_ends_on_day": "31",
            "funding_0_ends_on_month": "2",
            "funding_0_ends_on_year": "2027",
        },
        "funding_0_ends_on-day",
        "Funding 1 end date must be a real date",
    ),
    ({"covers_england": None}, "covers_england", "Say where the service is available"),
    ({"local_authority_codes": ["E99999999"]}, "area", "Unknown area code: E99999999."),
    ({"minimum_age": "eighteen"}, "minimum_age", "Minimum age must be a whole number, like 18"),
    ({"url": "harbour.example"}, "url", "Enter a web address starting https://"),
    ({"name": ""}, "name", "Enter the service&#x27;s name."),
    ({"bars_endpoint": "http://bars.example/fhir"}, "bars_endpoint", "Enter the NHS BaRS endpoint as a web"),
    ({"bars_receiver_id": "DOS 123"}, "bars_receiver_id", "Enter the receiver identifier in letters"),
]


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_INPUT, ids=[case[1] for case in BAD_INPUT])
def test_bad_input_is_shown_on_its_field_and_nothing_is_saved(manager, overrides, field, message):
    events = AuditEvent.objects.count()
    organisations = DirectoryOrganisation.objects.count()

    response = manager.post(reverse("directory:service-create"), service_form_data(**overrides))

    page = response.content.decode()
    assert response.status_code == 422
    assert "There is a problem" in page
    assert f'href="#id_{field}"' in page
    assert page.count(message) == 2  # in the error summary and beside the field
    assert "<title>Error: " in page
    assert not Service.objects.exists()
    assert AuditEvent.objects.count() == events
    assert DirectoryOrganisation.objects.count() == organisations


def test_a_refused_edit_changes_nothing(manager, ours):
    service = add_service(ours[1], name="Steady group", capacity_available=1, capacity_maximum=5)
    data = service_form_data(services.details_of(service), name="Renamed", capacity_available="9")
    response = manager.post(reverse("directory:service-edit", args=[service.id]), data)
    assert response.status_code == 422
    service.refresh_from_db()
    assert (service.name, service.capacity_available) == ("Steady group", 1)


def test_another_organisations_service_and_location_answer_404(manager, theirs):
    service = add_service(theirs[1], name="Their group", at=("LS6",))
    location = service.service_at_locations.get().location
    before = (service.name, service.last_confirmed_on)
    urls = [
        ("get", reverse("directory:service-edit", args=[service.id])),
        ("post", reverse("directory:service-edit", args=[service.id])),
        ("post", reverse("directory:service-confirm", args=[service.id])),
        ("get", reverse("directory:service-locations", args=[service.id])),
        ("post", reverse("directory:service-location-unlink", args=[service.id, location.id])),
        ("get", reverse("directory:location-edit", args=[location.id])),
        ("post", reverse("directory:location-edit", args=[location.id])),
        ("get", reverse("directory:location-create") + f"?service={service.id}"),
    ]
    for method, url in urls:
        data = service_form_data(name="Hijacked") if method == "post" else None
        assert getattr(manager, method)(url, data).status_code == 404, url
    service.refresh_from_db()
    assert (service.name, service.last_confirmed_on) == before
    assert ServiceAtLocation.objects.filter(service=service).exists()


def test_a_location_is_added_for_a_service_and_linked(manager, ours):
    service = add_service(ours[1], name="Walk-in group")
    url = reverse("directory:location-create") + f"?service={service.id}"
    assert 'name="service" value="' in manager.get(url).content.decode()

    response = manager.post(
        reverse("directory:location-create"),
        {
            "name": "Leeds hub",
            "address_1": "1 Park Row",
            "city": "Leeds",
            "postal_code": "ls1 4ap",
            "service": str(service.id),
        },
    )

    assert response.status_code == 302
    location = Location.objects.get(name="Leeds hub")
    assert location.postal_code == "LS1 4AP"
    assert location.latitude is not None
    assert ServiceAtLocation.objects.filter(service=service, location=location).exists()
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"directory.location_created", "directory.service_location_linked"} <= verbs


@pytest.mark.parametrize(
    ("postcode", "message"),
    [
        ("LS1 1A!", "a postcode has only letters, numbers and a space"),
        ("LS99 1AA", "We could not find the postcode"),
    ],
)
def test_a_location_with_a_bad_postcode_is_refused_with_nothing_saved(client, make_user, postcode, message):
    owner, _ = provider("Brand New Charity")
    DirectoryOrganisation.objects.filter(owner=owner).delete()
    client.force_login(manager_of(make_user, owner))

    response = client.post(reverse("directory:location-create"), {"name": "Hub", "postal_code": postcode})

    assert response.status_code == 422
    assert message in response.content.decode()
    assert 'href="#id_postal_code"' in response.content.decode()
    assert not Location.objects.exists()
    assert not DirectoryOrganisation.objects.filter(owner=owner).exists()


def test_editing_a_location_moves_it(manager, ours):
    service = add_service(ours[1], name="Hub group", at=("LS6",))
    location = service.service_at_locations.get().location
    response = manager.post(
        reverse("directory:location-edit", args=[location.id]),
        {"name": "Bradford hub", "postal_code": "BD1 1AA"},
    )
    assert response.status_code == 302
    location.refresh_from_db()
    assert (location.name, location.postal_code) == ("Bradford hub", "BD1 1AA")
    assert AuditEvent.objects.filter(verb="directory.location_updated", target_id=str(location.id)).exists()


def test_linking_and_unlinking_our_locations(manager, ours, theirs):
    service = add_service(ours[1], name="Roaming group")
    spare = add_service(ours[1], name="Other", at=("BD1",)).service_at_locations.get().location
    foreign = add_service(theirs[1], name="Theirs", at=("LS6",)).service_at_locations.get().location
    url = reverse("directory:service-locations", args=[service.id])

    page = manager.get(url).content.decode()
    assert spare.name in page
    assert foreign.name not in page
    forged = manager.post(url, {"location": str(foreign.id)})
    assert forged.status_code == 422
    assert "Select one of your organisation" in forged.content.decode()

    assert manager.post(url, {"location": str(spare.id)}).status_code == 302
    assert ServiceAtLocation.objects.filter(service=service, location=spare).exists()
    unlink = reverse("directory:service-location-unlink", args=[service.id, spare.id])
    assert manager.post(unlink).status_code == 302
    assert not ServiceAtLocation.objects.filter(service=service, location=spare).exists()
    verbs = list(AuditEvent.objects.values_list("verb", flat=True))
    assert "directory.service_location_linked" in verbs
    assert "directory.service_location_unlinked" in verbs
