"""The caseload page: `/referrals/?direction=...` (the worklist's URL, with filters).

Bad filter values answer 400 with a GOV.UK error summary naming each, and the filter form to put
them right; nothing is shown as if the filter had been applied.
"""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse

from throughcare.referrals.caseload import (
    DEFAULT_SORT,
    SORTS,
    CaseloadFilterError,
    CaseloadFilters,
    CaseloadGroup,
    Direction,
    Worker,
    directions_for,
    parse_filters,
)
from throughcare.referrals.caseload_selectors import caseload_page_for, services_in_caseload
from throughcare.referrals.selectors import require_referral_role

# The filter fields in the order the form shows them, so the error summary lists them the same way.
_FIELD_ORDER = ("direction", "group", "service", "person", "worker", "overdue", "sort", "page")


def tabs(user, *, current: str) -> list[dict]:
    """Links between "needs action" and the caseload in each direction the user's role works in."""
    base = reverse("referrals:worklist")
    links = [{"label": "Needs action", "href": base, "current": current == ""}]
    for direction in directions_for(user):
        href = f"{base}?direction={direction}"
        links.append({"label": Direction(direction).label, "href": href, "current": current == direction})
    return links


def caseload(request):
    require_referral_role(request.user)
    try:
        filters = parse_filters(request.user, request.GET)
    except CaseloadFilterError as refused:
        return _refused(request, refused)
    page, items = caseload_page_for(request.user, filters)
    query = filters.query()
    person_name = items[0].person_name if filters.person_id and items else ""
    without_person = {name: value for name, value in query.items() if name != "person"}
    context = {
        "filters": filters,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        "items": items,
        "query_string": urlencode(query),
        "person_name": person_name,
        "without_person": urlencode(without_person),
        "tabs": tabs(request.user, current=filters.direction),
        "form": _form_choices(request.user, filters.direction, filters.group, filters.worker, filters.sort),
        "values": {
            "service": str(filters.service_id or ""),
            "person": str(filters.person_id or ""),
            "overdue": filters.overdue,
        },
        "heading": _heading(filters),
    }
    return render(request, "referrals/caseload.html", context)


def _heading(filters: CaseloadFilters) -> str:
    return "Referrals sent" if filters.direction == Direction.SENT else "Referrals received"


def _form_choices(user, direction: str, group: str, worker: str, sort: str) -> dict:
    # A draft is never shared, so the receiving side has no drafts to filter by.
    groups = [
        choice for choice in CaseloadGroup.choices if direction == Direction.SENT or choice[0] != "draft"
    ]
    return {
        "direction": direction,
        "directions": [(value, Direction(value).label) for value in directions_for(user)],
        "groups": [("", "Any status"), *groups],
        "group": group,
        "services": [("", "Any service"), *services_in_caseload(user, direction)] if direction else [],
        "workers": Worker.choices,
        "worker": worker,
        "sorts": [(value, label) for value, (label, _) in SORTS.items()],
        "sort": sort,
    }


def _refused(request, refused: CaseloadFilterError):
    errors = [(name, refused.errors[name]) for name in _FIELD_ORDER if name in refused.errors]
    mine = directions_for(request.user)
    direction = request.GET.get("direction", "")
    direction = direction if direction in mine else mine[0]
    context = {
        "errors": errors,
        "error_fields": dict(errors),
        "tabs": tabs(request.user, current=direction),
        "form": _form_choices(request.user, direction, "", Worker.TEAM, DEFAULT_SORT),
        "values": {"service": "", "person": "", "overdue": False},
        "heading": "Referrals sent" if direction == Direction.SENT else "Referrals received",
        "items": [],
    }
    return render(request, "referrals/caseload.html", context, status=400)
