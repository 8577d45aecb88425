"""A release, transfer, recall, re-release or probation change is held to its records' own rules: the
custody episode's (the release date asked for, by today and on or after the start; the type of
release; the prison name's length; the expected release after a recall) and the journey event's (a
transfer's or change's date asked for, by today, a transfer's during its episode). The page and the
API give the model's words, all at once, and nothing is written."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from throughcare.continuity.choices import EpisodeEnd, EpisodeStart, EventKind
from throughcare.continuity.custody import recall as recall_services
from throughcare.continuity.custody import services
from throughcare.continuity.field_rules import RELEASE_TYPE_MESSAGE, START_DATE_NAMES
from throughcare.continuity.models import CustodyEpisode, JourneyEvent
from throughcare.continuity.tests.helpers import RECALLED, RECEIVED, released_person
from throughcare.continuity.tests.rules_helpers import api_body, api_errors, page_data, page_errors
from throughcare.people.tests.helpers import person_in

pytestmark = pytest.mark.django_db

LONG_NAME = "HMP " + "L" * 197
NAME_MESSAGE = "The prison name must be 200 characters or fewer"


def tomorrow() -> date:
    return timezone.localdate() + timedelta(days=1)


def in_custody(practitioner):
    person = person_in(practitioner.current_organisation)
    services.custody_record_reception(
        actor=practitioner, person=person, prison_name="HMP Leeds", reception_date=RECEIVED
    )
    return person


def recalled(practitioner):
    person = released_person(practitioner)
    recall_services.custody_recall(
        actor=practitioner, person=person, recalled_on=RECALLED, prison_name="HMP Hull"
    )
    return person


SETUPS = {"in custody": in_custody, "released": released_person, "recalled": recalled}

# (who, page and API path, answers, the errors each must give)
CASES = [
    (
        "in custody",
        "release",
        {"released_on": "tomorrow", "release_type": "licence"},
        {"released_on": "The release date must be today or in the past"},
    ),
    (
        "in custody",
        "release",
        {"released_on": date(2025, 2, 1), "release_type": "escaped"},
        {
            "released_on": "The release date must be on or after the date they were received, 1 March 2025",
            "release_type": RELEASE_TYPE_MESSAGE,
        },
    ),
    (
        "recalled",
        "re-release",
        {"released_on": date(2025, 10, 1), "release_type": "licence"},
        {"released_on": "The release date must be on or after the date they were received, 1 November 2025"},
    ),
    (
        "in custody",
        "transfer",
        {"transferred_on": "tomorrow", "prison_name": LONG_NAME},
        {"transferred_on": "The transfer date must be today or in the past", "prison_name": NAME_MESSAGE},
    ),
    (
        "in custody",
        "transfer",
        {"transferred_on": date(2025, 2, 1), "prison_name": "HMP Hull"},
        {"transferred_on": "The transfer date must be on or after the date they were received, 1 March 2025"},
    ),
    (
        "released",
        "recall",
        {"recalled_on": "tomorrow", "prison_name": LONG_NAME},
        {"recalled_on": "The recall date must be today or in the past", "prison_name": NAME_MESSAGE},
    ),
    (
        "released",
        "recall",
        {"recalled_on": RECALLED, "prison_name": "HMP Hull", "expected_release_date": date(2025, 10, 1)},
        {"expected_release_date": "The expected release date must be on or after the recall date"},
    ),
]


def _answers(answers: dict) -> dict:
    return {name: tomorrow() if value == "tomorrow" else value for name, value in answers.items()}


def _recorded(person) -> tuple:
    episodes = CustodyEpisode.objects.filter(person=person)
    return list(episodes.values_list("prison_name", "actual_release_date")), JourneyEvent.objects.count()


@pytest.mark.parametrize(("who", "change", "answers", "expected"), CASES)
def test_the_page_gives_the_models_words_and_records_nothing(practitioner, who, change, answers, expected):
    person = SETUPS[who](practitioner)
    before = _recorded(person)
    errors = page_errors(practitioner, change, {"person_id": person.pk}, page_data(_answers(answers)))
    assert errors == expected
    assert _recorded(person) == before


@pytest.mark.parametrize(("who", "change", "answers", "expected"), CASES)
def test_the_api_gives_the_models_words_and_records_nothing(practitioner, who, change, answers, expected):
    person = SETUPS[who](practitioner)
    before = _recorded(person)
    errors = api_errors(practitioner, f"people/{person.pk}/{change}", api_body(_answers(answers)))
    assert errors == expected
    assert _recorded(person) == before


@pytest.mark.parametrize(
    ("who", "change", "answers", "expected"),
    [
        (
            "in custody",
            "release",
            {},
            {"released_on": "Enter the release date", "release_type": RELEASE_TYPE_MESSAGE},
        ),
        (
            "in custody",
            "transfer",
            {"prison_name": "HMP Hull"},
            {"transferred_on": "Enter the transfer date"},
        ),
        ("released", "recall", {"prison_name": "HMP Hull"}, {"recalled_on": "Enter the recall date"}),
        (
            "in custody",
            "probation-change",
            {"practitioner_name": "Sam Okafor"},
            {"changed_on": "Enter the date of the change"},
        ),
    ],
)
def test_a_date_left_out_on_the_page_is_asked_for_by_its_name(practitioner, who, change, answers, expected):
    """The API's schema requires these dates, so only a page can leave one out."""
    person = SETUPS[who](practitioner)
    assert page_errors(practitioner, change, {"person_id": person.pk}, answers) == expected


def test_a_probation_change_dated_tomorrow_gets_the_events_words_on_the_page_and_the_api(practitioner):
    person = in_custody(practitioner)
    message = {"changed_on": "The date of the change must be today or in the past"}
    answers = {"changed_on": "tomorrow", "practitioner_name": "Sam Okafor"}
    assert (
        page_errors(practitioner, "probation-change", {"person_id": person.pk}, page_data(_answers(answers)))
        == message
    )
    assert (
        api_errors(practitioner, f"people/{person.pk}/probation-changes", api_body(_answers(answers)))
        == message
    )
    assert not JourneyEvent.objects.filter(kind=EventKind.PROBATION_CHANGED).exists()


def test_an_ended_episode_says_when_and_how_by_its_own_rules():
    episode = CustodyEpisode(
        prison_name="HMP Leeds", reception_date=RECEIVED, ended_by=EpisodeEnd.RELEASED, release_type=""
    )
    with pytest.raises(ValidationError) as refused:
        episode.full_clean(exclude=["person", "prison"], validate_constraints=False)
    assert refused.value.message_dict == {
        "actual_release_date": ["Enter the release date"],
        "release_type": [RELEASE_TYPE_MESSAGE],
    }


def test_a_recall_episode_names_its_start_as_the_recall_date():
    episode = CustodyEpisode(
        prison_name="HMP Hull", started_by=EpisodeStart.RECALL, reception_date=tomorrow()
    )
    with pytest.raises(ValidationError) as refused:
        episode.full_clean(exclude=["person", "prison"], validate_constraints=False)
    assert refused.value.message_dict == {"reception_date": ["The recall date must be today or in the past"]}


def test_every_way_an_episode_starts_names_its_start_date():
    assert set(START_DATE_NAMES) == set(EpisodeStart)


def test_a_transfer_event_happens_during_its_episode():
    episode = CustodyEpisode(prison_name="HMP Leeds", reception_date=RECEIVED)
    event = JourneyEvent(kind=EventKind.TRANSFER, occurred_on=date(2025, 1, 1), episode=episode)
    with pytest.raises(ValidationError) as refused:
        event.full_clean(exclude=["person", "episode"])
    assert refused.value.message_dict == {
        "occurred_on": ["The transfer date must be on or after the date they were received, 1 March 2025"]
    }


def test_an_order_event_may_be_dated_ahead_as_its_date_is_the_orders():
    JourneyEvent(kind=EventKind.ORDER_MADE, occurred_on=tomorrow()).full_clean(exclude=["person"])
