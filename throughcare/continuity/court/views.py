"""The court team's page: treatment requirement availability for an area, for pre-sentence reports.

The area is found from a postcode (through the gazetteer's postcode districts to its local
authority), or chosen by name from the local authorities and probation delivery units (a drop-down
that accessible-autocomplete turns into a box suggesting names), or from a named person's probation
delivery unit. Nobody needs to know an ONS or PDU code, though one typed still works. Anything that
finds no area is shown as a GOV.UK error summary with 422, never an error page.
"""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_GET

from throughcare.continuity.court import selectors
from throughcare.core.permissions import Permission, require_permission
from throughcare.geography.choosing import AreaOptions, no_such_area
from throughcare.geography.geocoding import PostcodeError, get_geocoder
from throughcare.geography.selectors import AreaType
from throughcare.people.selectors import person_for

# The areas the page reports on: a local authority, or a probation delivery unit and its authorities.
COURT_AREA_KINDS = (AreaType.LOCAL_AUTHORITY, AreaType.PDU)


def _uuid_or_none(value: str):
    try:
        return UUID(value)
    except ValueError:
        return None


def _area_from_postcode(postcode: str, errors: dict) -> str:
    try:
        place = get_geocoder().locate(postcode)
    except PostcodeError as exc:
        errors["postcode"] = str(exc)
        return ""
    if not place.local_authority_code:
        errors["postcode"] = (
            f"{postcode.upper()} is not in a local authority in England: choose the area by name"
        )
    return place.local_authority_code


def _area_from_name(words: str, options: AreaOptions, errors: dict) -> str:
    """The code of the area these words name; a code typed in place of a name is taken as it is."""
    area = options.named(words)
    if area is not None:
        return area.code
    codes = {known.code.upper(): known.code for known in options.areas}
    if words.upper() in codes:
        return codes[words.upper()]
    errors["area"] = no_such_area(words, options.nearest(words))
    return ""


@require_GET
def treatment_availability(request):
    selectors.require_availability_reader(request.user)
    options = AreaOptions.load(COURT_AREA_KINDS)
    area_code = request.GET.get("area", "").strip()
    postcode = request.GET.get("postcode", "").strip()
    typed = " ".join(request.GET.get("area_name", "").split())
    person = None
    person_id = request.GET.get("person", "").strip()
    errors: dict[str, str] = {}
    # A postcode, then a name typed in the suggesting box, win over the drop-down, which keeps its last area.
    if postcode:
        area_code = _area_from_postcode(postcode, errors)
    elif typed:
        area_code = _area_from_name(typed, options, errors)
    if person_id:
        require_permission(request.user, Permission.VIEW_PEOPLE)
        if _uuid_or_none(person_id) is None:
            errors["person"] = "The person link is not valid: choose the person again"
        else:
            person = person_for(request.user, person_id)
            if not area_code and not errors:
                area_code = selectors.person_area_code(person)
                if not area_code:
                    errors["area"] = (
                        f"No probation delivery unit is recorded for {person.full_name}: "
                        "enter their postcode or choose their area"
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
        {
            "availability": availability,
            "area": availability.area.code if availability else area_code,
            "area_choices": options.choices(by_code=True),
            "postcode": postcode if errors.get("postcode") else "",
            "found_by_postcode": postcode if availability and postcode else "",
            "typed": typed if errors.get("area") else "",
            "person": person,
            "errors": errors,
        },
        status=422 if errors else 200,
    )
