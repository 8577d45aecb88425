"""What the signed-in person sees: their own plan, coming appointments and referrals in plain words,
with tel: links and crisis help; nothing staff did not mean to share; small, plain and audited."""

import gzip
import html
import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from throughcare.appointments.models import Mode
from throughcare.continuity.tests.release_helpers import typical_plan
from throughcare.core.readability import reading_age
from throughcare.core.templatetags.govuk_dates import govuk_time_text
from throughcare.directory.models import Phone
from throughcare.myplan import words
from throughcare.myplan.models import PersonMessage, PersonSession
from throughcare.myplan.reminders import reminders_choose, stop_token
from throughcare.myplan.services import plan_access_grant
from throughcare.myplan.tests.helpers import give, link_secret, signed_in_client
from throughcare.notices.models import Channel
from throughcare.people.models import Programme
from throughcare.people.programmes import programme_end, programme_start
from throughcare.people.tests.helpers import person_in
from throughcare.referrals.states import ReferralState
from throughcare.referrals.tests.helpers import submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def typical(practitioner, caseworker, service):
    Phone.objects.create(service=service, number="0115 496 0999")
    person, _items, appointment = typical_plan(practitioner, caseworker, service)
    return person, appointment


def _text(response) -> str:
    body = response.content.decode()
    main = body[body.index("<main") : body.index("</main>")]
    return html.unescape(re.sub(r"<[^>]+>", " ", main))


def test_the_person_sees_their_next_appointment_with_time_place_and_a_tel_link(
    practitioner, typical, service
):
    person, appointment = typical
    response = signed_in_client(give(practitioner, person)).get(reverse("myplan:plan"))
    body = response.content.decode()
    assert govuk_time_text(appointment.starts_at) in body
    assert "Where: 1 High St" in body
    assert 'href="tel:01154960999"' in body
    assert "Someone will meet you at the gate." in body
    assert f"{service.name} have set a time for your first meeting." in html.unescape(body)


def test_the_person_sees_nothing_staff_did_not_mean_to_share(practitioner, typical):
    person, appointment = typical
    referral = appointment.referral
    text = _text(signed_in_client(give(practitioner, person)).get(reverse("myplan:plan")))
    for private in (referral.risk_summary, referral.reason_for_referral, referral.contact_preferences):
        assert private
        assert private not in text
    assert "Risk" not in text


def test_a_submitted_referral_says_when_they_will_hear(practitioner, service):
    person = person_in(practitioner.current_organisation)
    referral = submitted(practitioner, service, person=person)
    text = _text(signed_in_client(give(practitioner, person)).get(reverse("myplan:plan")))
    assert f"{service.name} have your referral." in text
    assert "They will contact you by" in text
    assert referral.decide_by is not None


def test_every_referral_state_has_words_for_the_person_or_is_hidden():
    assert set(words.REFERRAL_WORDS) | words.HIDDEN_STATES == set(ReferralState.values)


def test_every_appointment_mode_has_words_for_the_person():
    assert set(words.MODE_WORDS) == set(Mode.values)


def test_every_programme_has_words_for_the_person():
    assert set(words.PROGRAMME_WORDS) == set(Programme.values)


def test_the_person_reads_the_programmes_they_are_in_now_in_plain_words(
    practitioner, typical, django_assert_max_num_queries
):
    person, _ = typical
    start = date(2026, 2, 2)
    for code in ("iom", "cfo_evolution"):
        programme_start(actor=practitioner, person=person, programme=code, started_on=start)
    ended = programme_start(
        actor=practitioner, person=person, programme="out_of_court_disposal", started_on=start
    )
    programme_end(actor=practitioner, membership=ended, ended_on=start)
    client = signed_in_client(give(practitioner, person))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("myplan:plan"))
    text = _text(response)
    assert "You are part of IOM." in text
    assert "You are part of CFO Evolution." in text
    assert "You started on 2 February 2026." in text
    assert "out of court disposal" not in text  # ended: no longer part of their plan
    assert reading_age(text) <= 9


def test_the_person_sees_only_their_own_plan(practitioner, typical):
    _person, _ = typical
    other = person_in(practitioner.current_organisation, given_names="Alex")
    text = _text(signed_in_client(give(practitioner, other)).get(reverse("myplan:plan")))
    assert "Alex" in text
    assert "Someone will meet you at the gate." not in text
    assert "You have no appointments booked yet." in text


def test_the_plan_page_is_plain_small_and_has_crisis_help(practitioner, typical):
    person, _ = typical
    response = signed_in_client(give(practitioner, person)).get(reverse("myplan:plan"))
    body = response.content.decode()
    assert "Samaritans" in body
    assert 'href="tel:999"' in body
    assert "govuk-service-navigation" not in body
    assert "<script" not in body
    assert len(gzip.compress(response.content)) < 100_000
    assert len(response.content) < 100_000
    assert reading_age(_text(response)) <= 9


@pytest.mark.parametrize(
    ("name", "args", "method"),
    [
        ("myplan:start", "secret", "get"),
        ("myplan:code", "secret", "get"),
        ("myplan:stop", None, "get"),
        ("myplan:signed-out", None, "get"),
        ("myplan:reminders", None, "get"),
        ("myplan:reminders-stop", "stop", "get"),
    ],
)
@pytest.mark.parametrize("channel", [Channel.EMAIL, Channel.TEXT])
def test_every_page_for_the_person_reads_at_age_nine_or_below(practitioner, name, args, method, channel):
    access = plan_access_grant(
        actor=practitioner,
        person=person_in(practitioner.current_organisation),
        channel=channel,
        email="sam@example.com",
        mobile_number="07700 900982",
    )
    client = signed_in_client(access)
    if args == "stop":
        reminders_choose(access=access, by=Channel.TEXT, mobile_number="07700 900982")
    arguments = {"secret": [link_secret(access)], "stop": [stop_token(access)], None: []}[args]
    response = getattr(client, method)(reverse(name, args=arguments))
    assert response.status_code == 200
    assert reading_age(_text(response)) <= 9, _text(response)


@pytest.mark.parametrize("channel", [Channel.EMAIL, Channel.TEXT])
def test_the_link_and_code_messages_read_at_age_nine_or_below(practitioner, channel):
    access = plan_access_grant(
        actor=practitioner,
        person=person_in(practitioner.current_organisation),
        channel=channel,
        email="sam@example.com",
        mobile_number="07700 900982",
    )
    signed_in_client(access)
    for message in PersonMessage.objects.filter(access=access):
        readable = re.sub(r"https?://\S+", "", message.body)  # a link is not words to read
        assert reading_age(readable) <= 9, readable


def test_the_plan_page_takes_a_fixed_number_of_queries(practitioner, typical, django_assert_max_num_queries):
    person, _ = typical
    client = signed_in_client(give(practitioner, person))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("myplan:plan")).status_code == 200


def test_without_a_session_the_plan_sends_the_person_to_sign_in_help(practitioner):
    response = Client().get(reverse("myplan:plan"))
    assert response.status_code == 302
    assert response["Location"] == reverse("myplan:signed-out")


def test_a_staff_session_does_not_open_a_persons_plan(practitioner, typical):
    client = Client()
    client.force_login(practitioner)
    assert client.get(reverse("myplan:plan")).status_code == 302


def test_a_persons_session_does_not_open_staff_pages(practitioner, typical):
    person, _ = typical
    client = signed_in_client(give(practitioner, person))
    response = client.get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == 302
    assert "/account/sign-in" in response["Location"]


def test_a_session_ends_after_time_without_use(practitioner, typical, settings):
    person, _ = typical
    client = signed_in_client(give(practitioner, person))
    PersonSession.objects.update(
        last_seen_at=timezone.now() - timedelta(seconds=settings.PERSON_SESSION_IDLE_SECONDS)
    )
    assert client.get(reverse("myplan:plan")).status_code == 302


def test_signing_out_ends_the_session(practitioner, typical):
    person, _ = typical
    client = signed_in_client(give(practitioner, person))
    assert client.post(reverse("myplan:sign-out")).status_code == 302
    assert PersonSession.objects.get().ended_at is not None
    assert client.get(reverse("myplan:plan")).status_code == 302


def test_the_person_can_stop_their_own_link(practitioner, typical):
    person, _ = typical
    access = give(practitioner, person)
    client = signed_in_client(access)
    response = client.post(reverse("myplan:stop"))
    assert response.status_code == 302
    assert response["Location"].endswith("?stopped=1")
    access.refresh_from_db()
    assert access.ended_at is not None
    assert access.ended_by_person
    assert client.get(reverse("myplan:plan")).status_code == 302
    assert Client().get(reverse("myplan:start", args=[link_secret(access)])).status_code == 404
