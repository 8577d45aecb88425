"""Unmet need counts needs, not clicks: one record per person (or anonymous profile), area and need
set within the window; repeated searches update it. Scenario table of second searches."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.test import override_settings

from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.matching.engine import match
from throughcare.matching.models import UnmetNeed
from throughcare.matching.profile import NeedsProfile

pytestmark = pytest.mark.django_db

# Nothing near Leeds works with eating disorders (the Manchester service covers Manchester only).
NOTHING_FITS = NeedsProfile(
    postcode="LS1 4AP", need_codes=["eating_disorder"], age=34, gender="woman", referral_routes=["probation"]
)

# name, how the second search differs, days later, whether it is the same need (one record)
SECOND_SEARCHES = [
    ("the same search again", {}, 0, True),
    ("the same search next week", {}, 7, True),
    ("a wider travel distance", {"travel_miles": 30}, 1, True),
    ("another sort of support preferred", {"preferences": ["group"]}, 1, True),
    ("the postcode written another way", {"postcode": "ls14ap"}, 1, True),
    ("after the window", {}, 29, False),
    ("another need as well", {"need_codes": ["eating_disorder", "anxiety"]}, 0, False),
    ("another person's circumstances", {"age": 51}, 0, False),
    ("another area", {"postcode": "BD1"}, 0, False),
]


@pytest.mark.parametrize(
    ("name", "change", "days_later", "same_need"), SECOND_SEARCHES, ids=[s[0] for s in SECOND_SEARCHES]
)
def test_a_second_anonymous_search(leeds_directory, make_user, today, name, change, days_later, same_need):
    practitioner = make_user(Role.PRACTITIONER)
    match(actor=practitioner, profile=NOTHING_FITS, today=today)
    second = replace(NOTHING_FITS, **change)
    outcome = match(actor=practitioner, profile=second, today=today + timedelta(days=days_later))
    if outcome.matches:  # a second search that found something records nothing
        assert not same_need
        return
    assert UnmetNeed.objects.count() == (1 if same_need else 2)
    if same_need:
        record = UnmetNeed.objects.get()
        assert (record.searches, record.recorded_on, record.last_recorded_on) == (
            2,
            today,
            today + timedelta(days=days_later),
        )
        assert AuditEvent.objects.filter(verb="matching.unmet_need_updated").count() == 1


def test_searches_for_a_person_are_one_need_however_their_profile_is_entered(
    leeds_directory, make_user, today
):
    practitioner = make_user(Role.PRACTITIONER)
    match(actor=practitioner, profile=NOTHING_FITS, today=today, person_id="person-1")
    match(actor=practitioner, profile=replace(NOTHING_FITS, age=35), today=today, person_id="person-1")
    match(actor=practitioner, profile=NOTHING_FITS, today=today, person_id="person-2")
    assert sorted(UnmetNeed.objects.values_list("searches", flat=True)) == [1, 2]


def test_other_organisations_searches_are_their_own(leeds_directory, make_user, today):
    for _ in range(2):
        match(actor=make_user(Role.PRACTITIONER), profile=NOTHING_FITS, today=today)
    assert UnmetNeed.objects.count() == 2


@override_settings(UNMET_NEED_WINDOW_DAYS=3)
def test_the_window_is_configurable(leeds_directory, make_user, today):
    practitioner = make_user(Role.PRACTITIONER)
    match(actor=practitioner, profile=NOTHING_FITS, today=today)
    match(actor=practitioner, profile=NOTHING_FITS, today=today + timedelta(days=4))
    assert UnmetNeed.objects.count() == 2


def test_the_record_keeps_no_more_about_the_person_than_before(leeds_directory, make_user, today):
    match(actor=make_user(Role.PRACTITIONER), profile=NOTHING_FITS, today=today, person_id="a-person-id")
    record = UnmetNeed.objects.get()
    stored = {f.name: getattr(record, f.name) for f in record._meta.fields}
    assert not {34, "woman", "a-person-id", "LS1 4AP"} & {
        v for v in stored.values() if isinstance(v, int | str)
    }
    assert len(record.need_key) == 64
