"""Insight pages: the overview, the methods page, and each view as a page or a CSV download."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from throughcare.insight import charts
from throughcare.insight.area_options import area_options, place_value
from throughcare.insight.areas import Level
from throughcare.insight.catalogue import VIEWS, build_report, can_use_insight, scope_for, views_for
from throughcare.insight.coverage import NOT_SET, filters_in_coverage
from throughcare.insight.methods import methods_html
from throughcare.insight.publishing import report_csv, table_rows_html
from throughcare.insight.queries.facts import MAX_AGE as SHARED_FIGURES_MAX_AGE
from throughcare.insight.reports.demand import FIELDS as WHAT_IF_FIELDS

METHODS_FILE = Path(settings.BASE_DIR) / "docs" / "insight-methods.md"


def _require_insight(user) -> None:
    if not can_use_insight(user):
        raise PermissionDenied("Your role does not allow insight.")


LEVEL_VALUES = {level.value for level in Level}
MONTH_HINTS = {
    "from": ("From", "For example, 4 2025. Leave empty for the 12 months to the end month."),
    "to": ("To", "For example, 3 2026. Leave empty for this month. Each month is counted whole."),
}


def _month_inputs(result) -> list[dict]:
    """Each end of the period as month and year boxes: what was typed, else the period shown."""
    boxes = []
    for end, (words, hint) in MONTH_HINTS.items():
        day = getattr(result.filters, "date_from" if end == "from" else "date_to", None)
        month, year = result.values.get(f"{end}-month", ""), result.values.get(f"{end}-year", "")
        if day is not None and not (month or year):
            month, year = str(day.month), str(day.year)
        boxes.append(
            {
                "end": end,
                "words": words,
                "hint": hint,
                "month": month,
                "year": year,
                "error": result.errors.get(end),
            }
        )
    return boxes


def _filter_context(result, coverage) -> dict:
    values = result.values
    if result.filters is not None:
        chosen = place_value(result.filters.area.level, result.filters.area.code)
    else:
        chosen = (
            place_value(Level(values["level"]), values["area"]) if values["level"] in LEVEL_VALUES else ""
        )
    return {
        "filter_values": values,
        "filter_errors": result.errors,
        "form": {"errors": result.errors},
        "area_options": area_options(coverage),
        "area_error": result.errors.get("area") or result.errors.get("level", ""),
        "month_inputs": _month_inputs(result),
        "chosen_place": chosen,
        "filters": result.filters,
        "coverage_not_set": NOT_SET if not coverage.every_area and not coverage.areas else "",
    }


@require_GET
def overview(request):
    _require_insight(request.user)
    result, coverage = filters_in_coverage(request.user, request.GET)
    context = {
        **_filter_context(result, coverage),
        "views": views_for(request.user),
        "own_services": scope_for(request.user, None).is_own_services,
    }
    return render(request, "insight/overview.html", context, status=200 if result.is_valid else 422)


@require_GET
def methods(request):
    _require_insight(request.user)
    text = METHODS_FILE.read_text(encoding="utf-8") if METHODS_FILE.exists() else ""
    return render(request, "insight/methods.html", {"methods_html": methods_html(text)})


@require_GET
def chart(request, token: str, variant: str):
    """One chart of an insight page, drawn at one size (insight/charts.py). Its address carries its
    figures, already rounded and hidden as the page's are, so it says nothing the page did not; it
    is still only for those who may use insight, and draws only for the person the page was for."""
    _require_insight(request.user)
    svg = charts.drawn(token, variant, request.user.pk)
    if svg is None:
        raise Http404("No such chart.")
    response = HttpResponse(svg, content_type="image/svg+xml")
    # The same address always draws the same chart: the browser need not ask again.
    patch_cache_control(response, private=True, max_age=charts.ADDRESS_VALID_SECONDS)
    return response


def insight_view(slug: str):
    view = VIEWS[slug]

    @require_GET
    def page(request):
        scope = scope_for(request.user, view)
        result, coverage = filters_in_coverage(request.user, request.GET)
        context = {
            **_filter_context(result, coverage),
            "view": view,
            "own_services": scope.is_own_services,
        }
        if not result.is_valid:
            return render(request, "insight/report.html", context, status=422)
        with charts.addressed_to(request.user.pk):
            report = build_report(
                view, result.filters, scope, request.GET, england_totals_only=coverage.england_totals_only
            )
        if request.GET.get("format") == "csv":
            response = HttpResponse(
                report_csv(report, result.filters), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="throughcare-{slug}.csv"'
            return response
        if report.inputs is not None:
            context["input_fields"] = [
                (key, label, hint, report.inputs.get(key, ""), report.input_errors.get(key))
                for key, label, hint in WHAT_IF_FIELDS
            ]
            context["service_value"] = request.GET.get("service", "")
            context["form"] = {"errors": report.input_errors}
        context.update(
            report=report,
            tables=[
                (table, report.charts_for(table.key), table_rows_html(table) if table.rows else "")
                for table in report.tables
            ],
            csv_query=result.filters.query(format="csv"),
            max_age_minutes=int(SHARED_FIGURES_MAX_AGE.total_seconds() // 60),
        )
        return render(request, "insight/report.html", context, status=422 if report.input_errors else 200)

    page.__name__ = f"insight_{slug}"
    return page
