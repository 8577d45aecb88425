"""A release plan item's own rules live on its model (its fields' codes and lengths, and in `clean()`
what "not needed" and "done" need), so `full_clean()` checks them and the service, page and API give
the same words; the service adds only what the episode and the request know."""

import pytest
from django.core.exceptions import ValidationError

from throughcare.continuity.models import ReleasePlanItem
from throughcare.continuity.release.choices import PlanItemKind, PlanItemStatus

EXCLUDE = ["episode", "referral", "appointment", "updated_by"]


def refused(**fields) -> dict:
    item = ReleasePlanItem(**({"kind": PlanItemKind.GP_REGISTRATION, "owner_side": "community"} | fields))
    with pytest.raises(ValidationError) as error:
        item.full_clean(exclude=EXCLUDE, validate_unique=False, validate_constraints=False)
    return error.value.message_dict


def test_codes_and_lengths_are_the_fields_own():
    assert refused(status="finished", owner_side="both", place="P" * 201) == {
        "status": ["Choose a status: not started, in progress, done or not needed"],
        "owner_side": ["Choose who owns this item: the prison side or the community side"],
        "place": ["Keep this to 200 characters or fewer"],
    }


def test_not_needed_needs_a_reason_and_done_needs_what_the_kind_asks_for():
    assert refused(status=PlanItemStatus.NOT_NEEDED) == {"not_needed_reason": ["Say why this is not needed"]}
    assert refused(status=PlanItemStatus.DONE) == {
        "place": ["Enter the name of the GP practice they are registered with"]
    }


def test_an_overlong_answer_is_named_before_what_done_needs():
    messages = refused(status=PlanItemStatus.NOT_NEEDED, not_needed_reason="R" * 301)
    assert messages["not_needed_reason"][0] == "Keep this to 300 characters or fewer"
