"""The insight API: GET /api/v1/insight/{view}, the same disclosed figures as the pages, for commissioners.

Filters are the page's query parameters (level, area, from, to). Every figure comes as
{text, value, suppressed}: `value` is None when hidden, and `suppressed` says why. A commissioner gets
their organisation's own area by default, areas inside it and England totals; any other area is 404.
"""

from typing import Annotated

from django.http import JsonResponse
from ninja import Path, Query, Router
from ninja.errors import HttpError
from pydantic import WithJsonSchema

from throughcare.core.inputs import INSIGHT_DATES, date_schema
from throughcare.core.permissions import Permission, require_permission
from throughcare.insight.areas import Level
from throughcare.insight.catalogue import VIEWS, Scope, build_report
from throughcare.insight.coverage import filters_in_coverage

router = Router(tags=["insight"])

# The filters are read by `parse_filters`, as on the pages, so that each problem gets the page's own
# message; these declarations put them in the OpenAPI document with the values and ranges they take.
_PERIOD_DATE = {"anyOf": [{"type": "string", "enum": [""]}, date_schema(INSIGHT_DATES)]}


@router.get("/insight/{view}", url_name="insight_view", summary="One insight view's disclosed figures")
def insight_view(
    request,
    view: Annotated[str, WithJsonSchema({"type": "string", "enum": list(VIEWS)})] = Path(
        ..., description="Which view."
    ),
    level: Annotated[str, WithJsonSchema({"type": "string", "enum": ["", *Level]})] = Query(
        "",
        description="The kind of area; when not given, the caller's own area (England for a national "
        "organisation). A commissioner may ask only for areas their organisation commissions for, areas "
        "inside them, and England (totals only): any other area answers 404.",
    ),
    area: str = Query("", description="The area's code, for any level but England (which has none)."),
    period_from: Annotated[str, WithJsonSchema(_PERIOD_DATE)] = Query(
        "",
        alias="from",
        description=f"The period's first day, YYYY-MM-DD ({INSIGHT_DATES.describe()}); by default 12 months "
        "before `to`. Widened to the start of its month.",
    ),
    period_to: Annotated[str, WithJsonSchema(_PERIOD_DATE)] = Query(
        "",
        alias="to",
        description="The period's last day, YYYY-MM-DD, on or after `from` and at most 10 years after it; by "
        "default today. Widened to the end of its month.",
    ),
):
    """Every figure is {text, value, suppressed}: `value` is None when disclosure control hides it."""
    require_permission(request.user, Permission.VIEW_INSIGHT)
    spec = VIEWS.get(view)
    if spec is None:
        raise HttpError(404, f"There is no insight view called {view!r}. Views: {', '.join(VIEWS)}.")
    result, coverage = filters_in_coverage(request.user, request.GET)
    if not result.is_valid:
        errors = [{"loc": ["query", field], "msg": message} for field, message in result.errors.items()]
        return JsonResponse({"detail": "The filters did not validate.", "errors": errors}, status=422)
    filters = result.filters
    body = build_report(
        spec, filters, Scope(), request.GET, england_totals_only=coverage.england_totals_only
    ).as_json()
    body["filters"] = {
        "level": filters.area.level.value,
        "area": filters.area.code,
        "area_name": filters.area.name,
        "from": filters.date_from.isoformat(),
        "to": filters.date_to.isoformat(),
    }
    return body
