"""A custody episode's own rules live on its model (the reception date, the prison name's length, an
expected release on or after reception), so `full_clean()` checks them; the reception service adds
only which prison it is and whether the stay overlaps another."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from throughcare.continuity.custody import services
from throughcare.continuity.models import CustodyEpisode
from throughcare.continuity.tests.helpers import RECEIVED
from throughcare.people.tests.helpers import person_in

pytestmark = pytest.mark.django_db


def test_the_rules_are_the_episodes_own():
    tomorrow = timezone.localdate() + timedelta(days=1)
    episode = CustodyEpisode(prison_name="P" * 201, reception_date=tomorrow, expected_release_date=RECEIVED)
    with pytest.raises(ValidationError) as refused:
        episode.full_clean(exclude=["person", "prison"], validate_constraints=False)
    assert refused.value.message_dict == {
        "prison_name": ["The prison name must be 200 characters or fewer"],
        "reception_date": ["The reception date must be today or in the past"],
        "expected_release_date": ["The expected release date must be on or after the reception date"],
    }


def test_a_missing_reception_date_is_asked_for():
    with pytest.raises(ValidationError) as refused:
        CustodyEpisode(prison_name="HMP Leeds").full_clean(exclude=["person", "prison"])
    assert refused.value.message_dict == {"reception_date": ["Enter the reception date"]}


def test_the_reception_service_refuses_an_overlong_prison_name_and_records_nothing(practitioner):
    person = person_in(practitioner.current_organisation)
    with pytest.raises(ValidationError) as refused:
        services.custody_record_reception(
            actor=practitioner, person=person, reception_date=RECEIVED, prison_name="P" * 201
        )
    assert refused.value.message_dict == {"prison_name": ["The prison name must be 200 characters or fewer"]}
    assert not CustodyEpisode.objects.exists()
