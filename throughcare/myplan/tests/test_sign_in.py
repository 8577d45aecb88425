"""A person signs in to their own plan with the emailed link and a one-time code: no password, codes
single-use and short-lived, sending limited, wrong codes locked out, every step audited."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from throughcare.core.models import AuditEvent
from throughcare.myplan.models import PersonSession, SignInCode
from throughcare.myplan.tests.helpers import give, latest_body, link_secret, sent_code, signed_in_client
from throughcare.people.tests.helpers import person_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def access(practitioner):
    return give(practitioner, person_in(practitioner.current_organisation))


def verbs(person) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_id=str(person.pk))
        .order_by("occurred_at")
        .values_list("verb", flat=True)
    )


def test_the_link_email_says_nothing_about_health_or_offences(access):
    body = latest_body(access)
    assert "/my-plan/start/" in body
    for word in ("prison", "probation", "mental", "health", "offence", access.person.family_name):
        assert word.lower() not in body.lower()


def test_opening_the_link_and_typing_the_code_signs_the_person_in(access):
    client = signed_in_client(access)
    response = client.get(reverse("myplan:plan"))
    assert response.status_code == 200
    assert "Your plan" in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    assert verbs(access.person)[-3:] == [
        "plan_access.code_sent",
        "plan_access.signed_in",
        "plan_access.plan_viewed",
    ]


def test_a_wrong_link_or_an_ended_one_does_not_work(access, practitioner):
    assert Client().get(reverse("myplan:start", args=["not-a-real-link"])).status_code == 404
    secret = link_secret(access)
    give(practitioner, access.person)  # a new link ends the old one
    assert Client().get(reverse("myplan:start", args=[secret])).status_code == 404


def test_a_wrong_code_is_refused_with_an_error_the_person_can_read(access):
    client = Client()
    secret = link_secret(access)
    client.post(reverse("myplan:start", args=[secret]))
    wrong = "000000" if sent_code(access) != "000000" else "111111"
    response = client.post(reverse("myplan:code", args=[secret]), {"code": wrong})
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert "The code is not right" in body
    assert "plan_access.code_failed" in verbs(access.person)


def test_a_code_that_is_not_six_numbers_is_refused_before_it_is_checked(access):
    secret = link_secret(access)
    response = Client().post(reverse("myplan:code", args=[secret]), {"code": "12ab"})
    assert response.status_code == 400
    assert "The code is 6 numbers" in response.content.decode()
    assert "plan_access.code_failed" not in verbs(access.person)


def test_a_code_works_once(access):
    client = Client()
    secret = link_secret(access)
    client.post(reverse("myplan:start", args=[secret]))
    code = sent_code(access)
    assert client.post(reverse("myplan:code", args=[secret]), {"code": code}).status_code == 302
    assert Client().post(reverse("myplan:code", args=[secret]), {"code": code}).status_code == 400


def test_a_code_stops_working_when_it_expires(access):
    client = Client()
    secret = link_secret(access)
    client.post(reverse("myplan:start", args=[secret]))
    SignInCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.post(reverse("myplan:code", args=[secret]), {"code": sent_code(access)}).status_code == 400


def test_a_new_code_replaces_the_one_before(access):
    client = Client()
    secret = link_secret(access)
    client.post(reverse("myplan:start", args=[secret]))
    first = sent_code(access)
    client.post(reverse("myplan:start", args=[secret]))
    second = sent_code(access)
    if first != second:
        assert client.post(reverse("myplan:code", args=[secret]), {"code": first}).status_code == 400
    assert client.post(reverse("myplan:code", args=[secret]), {"code": second}).status_code == 302


def test_only_a_few_codes_can_be_sent_for_one_link(access, settings):
    settings.PLAN_CODE_SEND_LIMIT = (3, 900)
    secret = link_secret(access)
    statuses = [Client().post(reverse("myplan:start", args=[secret])).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert SignInCode.objects.filter(access=access).count() == 3


def test_wrong_codes_lock_sign_in_even_for_the_right_code(access, settings):
    settings.PLAN_CODE_LOCKOUT = 3
    client = Client()
    secret = link_secret(access)
    client.post(reverse("myplan:start", args=[secret]))
    code = sent_code(access)
    wrong = "000000" if code != "000000" else "111111"
    statuses = [
        client.post(reverse("myplan:code", args=[secret]), {"code": wrong}).status_code for _ in range(3)
    ]
    assert statuses == [400, 400, 429]
    assert client.post(reverse("myplan:code", args=[secret]), {"code": code}).status_code == 429
    assert "plan_access.locked_out" in verbs(access.person)
    assert not PersonSession.objects.exists()


def test_sign_in_pages_are_limited_per_address(access, settings):
    settings.PLAN_SIGN_IN_RATE_LIMIT = (2, 900)
    url = reverse("myplan:start", args=["guessing"])
    statuses = [Client().get(url).status_code for _ in range(3)]
    assert statuses == [404, 404, 429]


def test_the_code_is_kept_only_as_a_keyed_digest(access):
    Client().post(reverse("myplan:start", args=[link_secret(access)]))
    stored = SignInCode.objects.get(access=access)
    assert sent_code(access) not in stored.digest
    assert len(stored.digest) == 64
