"""The court team's page: treatment requirement availability for an area, for pre-sentence reports.

A person may be named to start from their probation delivery unit; an unknown area code is shown as
a GOV.UK error summary with 422, never an error page.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_GET

from throughcare.continuity.court import selectors
from throughcare.core.permissions import Permission, require_permission
from throughcare.people.selectors import person_for


def _uuid_or_none(value: str):
    from uuid import UUID

    try:
        return UUID(value)
    except ValueError:
        return None


@require_GET
def treatment_availability(request):
    selectors.require_availability_reader(request.user)
    area_code = request.GET.get("area", "").strip()
    person = None
    person_id = request.GET.get("person", "").strip()
    errors = {}
    if person_id:
        require_permission(request.user, Permission.VIEW_PEOPLE)
        if _uuid_or_none(person_id) is None:
            errors["person"] = "The person link is not valid: choose the person again"
        else:
            person = person_for(request.user, person_id)
            if not area_code:
                area_code = selectors.person_area_code(person)
                if not area_code:
                    errors["area"] = (
                        f"No probation delivery unit is recorded for {person.full_name}: enter their area"
                    )
    availability = None
    if area_code and not errors:
        try:
            availability = selectors.availability_for(request.user, area_code)
        except ValidationError as exc:
            errors.update({name: messages[0] for name, messages in exc.message_dict.items()})
    return render(
        request,
        "continuity/court_availability.html",
        {"availability": availability, "area": area_code, "person": person, "errors": errors},
        status=422 if errors else 200,
    )
