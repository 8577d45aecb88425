"""The search and service pages, as practitioners and every other directory role see them."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from throughcare.core.permissions import Role
from throughcare.directory import services
from throughcare.directory.details import FundingDetails
from throughcare.directory.tests.test_pages_support import add_service, manager_of, provider
from throughcare.geography.tests.conftest import geography, geography_dir  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geography")]
SEARCH = reverse("directory:search")


@pytest.fixture
def organisation():
    return provider("Harbour Minds")[1]


@pytest.fixture
def practitioner(client_for):
    return client_for(Role.PRACTITIONER)


def test_a_postcode_and_need_search_shows_what_practitioners_need(practitioner, organisation):
    add_service(
        organisation,
        name="Headingley anxiety group",
        at=("LS6",),
        need_codes=["anxiety"],
        tier="primary",
        capacity_available=3,
        capacity_maximum=10,
        typical_wait_days=10,
        minimum_age=18,
        maximum_age=65,
        gender="women",
        accepts_current_substance_use=False,
    )
    add_service(
        organisation,
        name="Full group",
        at=("BD1",),
        need_codes=["anxiety"],
        capacity_available=0,
        capacity_maximum=6,
    )
    add_service(organisation, name="Psychosis team", at=("LS2",), need_codes=["psychosis"])

    response = practitioner.get(SEARCH, {"postcode": "ls1 4ap", "miles": "10", "need": "anxiety"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "2 services" in page
    assert "Filtered by: Anxiety." in page
    assert "Psychosis team" not in page
    assert page.index("Headingley anxiety group") < page.index("Full group")
    assert "Harbour Minds" in page
    assert "1.7 miles (Headingley anxiety group at LS6)" in page
    assert "Primary care and talking therapies" in page
    assert "10 days" in page
    assert "3 of 10 places" in page
    assert "Full</dd>" in page
    assert "Ages 18 to 65. Women only. Does not accept people currently using drugs or alcohol." in page


def test_area_wide_services_are_flagged(practitioner, organisation):
    add_service(organisation, name="National phone line", covers_england=True, delivery_codes=["phone"])
    page = practitioner.get(SEARCH, {"postcode": "LS1"}).content.decode()
    assert "Works across England" in page
    assert "Online or phone" in page
    assert "No location within 10 miles" in page


@pytest.mark.parametrize(
    ("postcode", "nation", "signpost"),
    [
        ("CF10 1AA", "Wales", "Dewis Cymru"),
        ("EH1 1YZ", "Scotland", "ALISS"),
        ("BT1 1AA", "Northern Ireland", "nidirect"),
        ("IM1 1AA", "the Isle of Man", "Isle of Man Government"),
        ("JE2 3AB", "Jersey", "Government of Jersey"),
    ],
)
def test_a_postcode_outside_england_signposts_that_nations_services(
    practitioner, organisation, postcode, nation, signpost
):
    add_service(organisation, name="Across England", covers_england=True)
    page = practitioner.get(SEARCH, {"postcode": postcode}).content.decode()
    assert f"is in {nation}" in page
    assert signpost in page
    assert "Across England" not in page
    assert 'id="results"' not in page


@pytest.mark.parametrize(
    ("postcode", "message"),
    [
        ("LS1 1A!", "a postcode has only letters, numbers and a space"),
        ("12345", "does not start with a letter"),
        ("LS99 1AA", "We could not find the postcode LS99 1AA"),
    ],
)
def test_a_malformed_or_unknown_postcode_is_explained(practitioner, postcode, message):
    response = practitioner.get(SEARCH, {"postcode": postcode})
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_postcode"' in page
    assert message in page


def test_a_forged_filter_is_refused_with_a_message(practitioner):
    page = practitioner.get(SEARCH, {"need": "telepathy"}).content.decode()
    assert "Select needs addressed in the list" in page


def test_pagination_keeps_the_search_in_the_url(practitioner, organisation):
    for n in range(22):
        add_service(organisation, name=f"Group {n:02d}", at=("LS6",), need_codes=["anxiety"])
    page = practitioner.get(SEARCH, {"postcode": "LS1", "need": "anxiety"}).content.decode()
    assert "22 services" in page
    assert "?postcode=LS1&amp;need=anxiety&amp;page=2" in page
    second = practitioner.get(SEARCH, {"postcode": "LS1", "need": "anxiety", "page": "2"}).content.decode()
    assert "Group 21" in second
    assert "Group 00" not in second


def _page_queries(client, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(SEARCH, params).status_code == 200
    return len(captured.captured_queries)


def test_the_results_page_needs_the_same_queries_for_few_or_many_results(practitioner, organisation):
    params = {"postcode": "LS1 4AP", "need": "anxiety", "only": "substance_use"}
    add_service(organisation, name="First", at=("LS6",), need_codes=["anxiety"])
    few = _page_queries(practitioner, params)
    for n in range(15):
        add_service(
            organisation,
            name=f"More {n}",
            at=("LS6", "BD1"),
            need_codes=["anxiety"],
            covers_england=n % 3 == 0,
        )
    assert _page_queries(practitioner, params) == few


def test_the_service_page_shows_everything_in_plain_words(practitioner, organisation):
    service = add_service(
        organisation,
        name="Enhanced support",
        at=("LS6",),
        description="Care after custody.",
        minimum_age=18,
        maximum_age=65,
        accepts_current_substance_use=False,
        statutory_referrals_only=True,
        requires_gp_registration=True,
        gender="women",
        highest_risk_to_others=2,
        accepts_risk_to_self=False,
        need_codes=["trauma"],
        languages=["Polish"],
        funding=[FundingDetails("Lottery", None, date(2027, 3, 31))],
    )

    page = practitioner.get(reverse("directory:service-detail", args=[service.id])).content.decode()

    for words in (
        "Ages 18 to 65",
        "Women only",
        "Does not accept people currently using drugs or alcohol",
        "Statutory referrals only: probation or other statutory agencies must refer",
        "Requires GP registration",
        "Does not work with people at current risk to themselves",
        "Does not accept people at high or very high risk of serious harm to others",
        "Trauma and PTSD",
        "Polish",
        "31 March 2027",
        "Enhanced support at LS6",
        "LS6",
        "Last confirmed",
    ):
        assert words in page, words
    assert "Edit" not in page


def test_the_service_page_offers_edit_only_to_its_own_managers(client, make_user, organisation):
    owner = organisation.owner
    service = add_service(organisation, name="Ours")
    url = reverse("directory:service-detail", args=[service.id])
    client.force_login(manager_of(make_user, owner))
    assert reverse("directory:service-edit", args=[service.id]) in client.get(url).content.decode()
    other_owner, _ = provider("Elsewhere")
    client.force_login(manager_of(make_user, other_owner))
    assert reverse("directory:service-edit", args=[service.id]) not in client.get(url).content.decode()


def test_navigation_shows_each_role_its_directory_pages(client_for):
    practitioner_page = client_for(Role.PRACTITIONER).get("/").content.decode()
    manager_page = client_for(Role.PROVIDER_MANAGER).get("/").content.decode()
    assert "Find services" in practitioner_page
    assert "Your services" not in practitioner_page
    assert "Find services" in manager_page
    assert "Your services" in manager_page


def test_a_stale_entry_says_so(practitioner, organisation):
    service = add_service(organisation, name="Unchecked")
    services.service_confirm(actor=None, service=service, on=date(2020, 1, 1))
    page = practitioner.get(reverse("directory:service-detail", args=[service.id])).content.decode()
    assert "Needs checking" in page


def test_an_empty_search_lists_open_services_with_the_defaults_chosen(practitioner, organisation):
    add_service(organisation, name="Open", covers_england=True)
    add_service(organisation, name="Closed for good", covers_england=True, status="defunct")
    page = practitioner.get(SEARCH).content.decode()
    assert "Open" in page
    assert "Closed for good" not in page
    assert '<option value="10" selected>' in page
    assert 'name="status" type="radio" value="active" checked' in page
    assert 'name="tier" type="radio" value="" checked' in page


def test_a_service_page_shows_the_hsds_text_an_import_kept(practitioner):
    from throughcare.directory.tests.factories import ServiceFactory

    service = ServiceFactory(
        alternate_name="The Shed",
        eligibility_description="Men over 18 in Anytown",
        application_process="Drop in on a Tuesday",
        fees_description="£2 a session",
    )
    page = practitioner.get(reverse("directory:service-detail", args=[service.id])).content.decode()
    for words in (
        "Also known as The Shed.",
        "Men over 18 in Anytown",
        "Drop in on a Tuesday",
        "£2 a session",
    ):
        assert words in page
    assert "Anyone: the service lists no exclusions." not in page
