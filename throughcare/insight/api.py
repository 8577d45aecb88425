"""The insight API: GET /api/v1/insight/{view}, the same disclosed figures as the pages, for commissioners.

Filters are the page's query parameters (level, area, from, to). Every figure comes as
{text, value, suppressed}: `value` is None when hidden, and `suppressed` says why.
"""

from django.http import JsonResponse
from ninja import Router
from ninja.errors import HttpError

from throughcare.core.permissions import Permission, require_permission
from throughcare.insight.catalogue import VIEWS, Scope, build_report
from throughcare.insight.filters import parse_filters

router = Router(tags=["insight"])


@router.get("/insight/{view}", url_name="insight_view", summary="One insight view's disclosed figures")
def insight_view(request, view: str):
    """Filters: `level` (england, nhs_region, icb, local_authority, probation_region, pdu), `area`
    (its code), `from` and `to` (YYYY-MM-DD; default the last 12 months)."""
    require_permission(request.user, Permission.VIEW_INSIGHT)
    spec = VIEWS.get(view)
    if spec is None:
        raise HttpError(404, f"There is no insight view called {view!r}. Views: {', '.join(VIEWS)}.")
    result = parse_filters(request.GET)
    if not result.is_valid:
        errors = [{"loc": ["query", field], "msg": message} for field, message in result.errors.items()]
        return JsonResponse({"detail": "The filters did not validate.", "errors": errors}, status=422)
    filters = result.filters
    body = build_report(spec, filters, Scope(), request.GET).as_json()
    body["filters"] = {
        "level": filters.area.level.value,
        "area": filters.area.code,
        "area_name": filters.area.name,
        "from": filters.date_from.isoformat(),
        "to": filters.date_to.isoformat(),
    }
    return body
