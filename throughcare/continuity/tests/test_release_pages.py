"""The release planning pages: the caseload and its gaps list, a person's plan, changing an item,
and the plan in plain words; errors as GOV.UK summaries with 422, scope, roles and query counts."""

import pytest
from django.test import Client
from django.urls import reverse

from throughcare.continuity.models import ReleasePlanItem
from throughcare.continuity.release.choices import PlanItemKind, PlanItemStatus
from throughcare.continuity.tests.helpers import a_prison
from throughcare.continuity.tests.release_helpers import in_custody, planned
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _settle_all(items):
    ReleasePlanItem.objects.filter(pk__in=[i.pk for i in items.values()]).update(
        status=PlanItemStatus.NOT_NEEDED, not_needed_reason="Test"
    )


def test_the_caseload_lists_releases_soonest_first_with_the_window(practitioner):
    later = in_custody(practitioner, days_to_release=60, family_name="Later")
    sooner = in_custody(practitioner, days_to_release=10, family_name="Sooner")
    in_custody(practitioner, days_to_release=120, family_name="Beyond")
    body = _client(practitioner).get(reverse("continuity:release-caseload")).content.decode()
    assert body.index(sooner.full_name) < body.index(later.full_name)
    assert "Beyond" not in body
    assert "Plan not started" in body
    assert AuditEvent.objects.filter(verb="release_plan.caseload_viewed").exists()


def test_weeks_ahead_widens_the_caseload(practitioner):
    in_custody(practitioner, days_to_release=120, family_name="Beyond")
    body = _client(practitioner).get(reverse("continuity:release-caseload"), {"weeks": "20"}).content.decode()
    assert "Beyond" in body


def test_the_caseload_leaves_out_other_organisations_people(practitioner, make_user):
    in_custody(make_user(Role.PRACTITIONER), days_to_release=10, family_name="Elsewhere")
    body = _client(practitioner).get(reverse("continuity:release-caseload")).content.decode()
    assert "Elsewhere" not in body


def test_prison_staff_see_their_own_prison(make_user):
    prison = a_prison()
    prison_worker = make_user(Role.PRACTITIONER, organisation=prison)
    in_custody(prison_worker, days_to_release=10, prison=prison, family_name="Here")
    in_custody(prison_worker, days_to_release=10, family_name="Othergaol")
    body = _client(prison_worker).get(reverse("continuity:release-caseload")).content.decode()
    assert "Here" in body
    assert "Othergaol" not in body


def test_the_gaps_list_leaves_out_settled_plans_and_later_releases(practitioner):
    _, settled = planned(practitioner, days_to_release=5, family_name="Settled")
    _settle_all(settled)
    planned(practitioner, days_to_release=6, family_name="Gappy")
    in_custody(practitioner, days_to_release=30, family_name="Later")
    body = _client(practitioner).get(reverse("continuity:release-gaps")).content.decode()
    assert "Gappy" in body
    assert "Settled" not in body
    assert "Later" not in body
    assert "Housing" in body


@pytest.mark.parametrize("url_name", ["continuity:release-caseload", "continuity:release-gaps"])
def test_the_caseload_takes_the_same_queries_for_two_or_twelve_people(
    practitioner, django_assert_num_queries, url_name
):
    client = _client(practitioner)
    for _ in range(2):
        planned(practitioner, days_to_release=5)
    client.get(reverse(url_name))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse(url_name))
    for _ in range(10):
        planned(practitioner, days_to_release=5)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse(url_name))
    assert response.content.decode().count("Plan not started") == 0
    assert len(response.context["rows"]) == 12


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.ADMINISTRATOR, Role.PROVIDER_CASEWORKER])
def test_roles_without_plan_releases_get_403_for_the_caseload(make_user, role):
    assert _client(make_user(role)).get(reverse("continuity:release-caseload")).status_code == 403


def test_starting_a_plan_on_the_page(practitioner):
    person = in_custody(practitioner)
    response = _client(practitioner).post(reverse("continuity:release-plan-start", args=[person.pk]))
    assert response.status_code == 302
    assert ReleasePlanItem.objects.filter(episode__person=person).count() == len(PlanItemKind.values)


def test_starting_a_plan_without_a_release_date_answers_422(practitioner):
    person = in_custody(practitioner, days_to_release=None)
    response = _client(practitioner).post(reverse("continuity:release-plan-start", args=[person.pk]))
    assert response.status_code == 422
    assert "govuk-error-summary" in response.content.decode()


def test_the_plan_page_shows_items_and_audits(practitioner):
    person, _ = planned(practitioner)
    response = _client(practitioner).get(reverse("continuity:release-plan", args=[person.pk]))
    assert "GP registration (or help to register)" in response.content.decode()
    assert AuditEvent.objects.filter(verb="release_plan.viewed", target_id=str(person.pk)).exists()


def test_changing_an_item_on_the_page(practitioner):
    _, items = planned(practitioner)
    item = items[PlanItemKind.GP_REGISTRATION]
    response = _client(practitioner).post(
        reverse("continuity:release-plan-item", args=[item.pk]),
        {"status": "done", "owner_side": "prison", "place": "Park Surgery"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.place == "Park Surgery"


def test_a_done_gp_registration_without_a_practice_answers_422_with_the_message(practitioner):
    _, items = planned(practitioner)
    item = items[PlanItemKind.GP_REGISTRATION]
    response = _client(practitioner).post(
        reverse("continuity:release-plan-item", args=[item.pk]), {"status": "done", "owner_side": "prison"}
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Enter the name of the GP practice they are registered with" in body


def test_another_organisations_item_is_404(practitioner, make_user):
    _, items = planned(practitioner)
    other = _client(make_user(Role.PRACTITIONER))
    assert other.get(reverse("continuity:release-plan-item", args=[items["id"].pk])).status_code == 404


def test_the_plain_plan_tells_what_is_arranged_and_what_is_not(practitioner):
    person, items = planned(practitioner)
    gate = items[PlanItemKind.MET_AT_GATE]
    ReleasePlanItem.objects.filter(pk=gate.pk).update(status="done", contact="Jo, 07700 900123")
    response = _client(practitioner).get(reverse("continuity:release-plan-print", args=[person.pk]))
    body = response.content.decode()
    assert "Someone will meet you at the gate." in body
    assert 'Jo, <a class="govuk-link" href="tel:07700900123">07700 900123</a>' in body
    assert "Somewhere to stay" in body
    assert AuditEvent.objects.filter(verb="release_plan.printed", target_id=str(person.pk)).exists()


@pytest.mark.parametrize(
    "weeks", ["abc", "-1", "0", "53", "2.5", "\uff11\uff12"]
)  # the last is 12 in full-width digits
def test_weeks_ahead_that_are_not_a_whole_number_in_range_are_refused_in_words(practitioner, weeks):
    in_custody(practitioner, days_to_release=10, family_name="Sooner")

    response = _client(practitioner).get(reverse("continuity:release-caseload"), {"weeks": weeks})

    body = response.content.decode()
    assert response.status_code == 422
    assert body.count("Enter weeks ahead as a whole number from 1 to 52, like 12") == 2
    assert f'value="{weeks}"' in body  # kept as typed, to be corrected
    assert "Sooner" in body  # the usual 12 weeks are shown meanwhile
