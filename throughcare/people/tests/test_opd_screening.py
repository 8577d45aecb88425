"""OPD pathway screenings: recorded with date and source on the person, never dated in the future."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from throughcare.accounts.services import token_issue
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.people.models import OpdScreening
from throughcare.people.screening import opd_screening_record
from throughcare.people.tests.helpers import person_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def practitioner(make_user):
    return make_user(Role.PRACTITIONER)


def _api(user):
    from django.test import Client

    return Client(headers={"Authorization": f"Bearer {token_issue(actor=None, user=user, name='t').secret}"})


def test_a_screening_is_recorded_and_audited_over_the_api(practitioner):
    person = person_in(practitioner.current_organisation)
    url = f"/api/v1/people/{person.pk}/opd-screenings"
    body = {"screened_on": str(timezone.localdate()), "outcome": "screened_in", "source": "case_consultation"}
    made = _api(practitioner).post(url, body, content_type="application/json")
    assert made.status_code == 201, made.json()
    assert made.json()["outcome"] == "screened_in"
    assert AuditEvent.objects.filter(verb="person.opd_screening_recorded").count() == 1
    listed = _api(practitioner).get(url)
    assert [s["source"] for s in listed.json()] == ["case_consultation"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"screened_on": timezone.localdate() + timedelta(days=1)},
            "screened_on",
            "The date of the screening must be today or in the past",
        ),
        ({"screened_on": None}, "screened_on", "Enter the date of the screening"),
        ({"outcome": "maybe"}, "outcome", "Choose whether the person was screened in or screened out"),
        ({"source": "rumour"}, "source", "Choose what the screening came from:"),
    ],
)
def test_bad_screenings_are_refused_with_nothing_written(practitioner, change, field, message):
    person = person_in(practitioner.current_organisation)
    values = {"screened_on": timezone.localdate(), "outcome": "screened_in", "source": "oasys"} | change
    with pytest.raises(ValidationError) as caught:
        opd_screening_record(actor=practitioner, person=person, **values)
    assert caught.value.message_dict[field][0].startswith(message)
    assert not OpdScreening.objects.exists()
    assert not AuditEvent.objects.filter(verb="person.opd_screening_recorded").exists()


def test_a_future_screening_over_the_api_answers_422(practitioner):
    person = person_in(practitioner.current_organisation)
    body = {
        "screened_on": str(timezone.localdate() + timedelta(days=3)),
        "outcome": "screened_in",
        "source": "oasys",
    }
    answer = _api(practitioner).post(
        f"/api/v1/people/{person.pk}/opd-screenings", body, content_type="application/json"
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["loc"][-1] == "screened_on"
    assert not OpdScreening.objects.exists()


def test_the_page_records_a_screening_and_refuses_a_future_one(client, practitioner):
    person = person_in(practitioner.current_organisation)
    client.force_login(practitioner)
    url = f"/people/{person.pk}/opd-screening/"
    assert client.get(url).status_code == 200
    tomorrow = timezone.localdate() + timedelta(days=1)
    future = {
        "screened_on_day": tomorrow.day,
        "screened_on_month": tomorrow.month,
        "screened_on_year": tomorrow.year,
        "outcome": "screened_in",
        "source": "oasys",
    }
    refused = client.post(url, future)
    assert refused.status_code == 422
    assert "The date of the screening must be today or in the past" in refused.content.decode()
    assert not OpdScreening.objects.exists()
    today = timezone.localdate()
    done = client.post(
        url,
        future
        | {"screened_on_day": today.day, "screened_on_month": today.month, "screened_on_year": today.year},
    )
    assert done.status_code == 302
    assert OpdScreening.objects.get().recorded_by == practitioner
