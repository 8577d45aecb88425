"""Insight pages: the overview, the methods page, and each view as a page or a CSV download."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from throughcare.insight.areas import LEVEL_LABELS
from throughcare.insight.catalogue import VIEWS, build_report, can_use_insight, scope_for, views_for
from throughcare.insight.filters import parse_filters
from throughcare.insight.methods import methods_html
from throughcare.insight.publishing import report_csv, table_rows_html
from throughcare.insight.queries.facts import MAX_AGE as SHARED_FIGURES_MAX_AGE
from throughcare.insight.reports.demand import FIELDS as WHAT_IF_FIELDS

METHODS_FILE = Path(settings.BASE_DIR) / "docs" / "insight-methods.md"


def _require_insight(user) -> None:
    if not can_use_insight(user):
        raise PermissionDenied("Your role does not allow insight.")


def _filter_context(result) -> dict:
    return {
        "filter_values": result.values,
        "filter_errors": result.errors,
        "form": {"errors": result.errors},
        "levels": list(LEVEL_LABELS.items()),
        "filters": result.filters,
    }


@require_GET
def overview(request):
    _require_insight(request.user)
    result = parse_filters(request.GET)
    context = {
        **_filter_context(result),
        "views": views_for(request.user),
        "own_services": scope_for(request.user, None).is_own_services,
    }
    return render(request, "insight/overview.html", context, status=200 if result.is_valid else 422)


@require_GET
def methods(request):
    _require_insight(request.user)
    text = METHODS_FILE.read_text(encoding="utf-8") if METHODS_FILE.exists() else ""
    return render(request, "insight/methods.html", {"methods_html": methods_html(text)})


def insight_view(slug: str):
    view = VIEWS[slug]

    @require_GET
    def page(request):
        scope = scope_for(request.user, view)
        result = parse_filters(request.GET)
        context = {**_filter_context(result), "view": view, "own_services": scope.is_own_services}
        if not result.is_valid:
            return render(request, "insight/report.html", context, status=422)
        report = build_report(view, result.filters, scope, request.GET)
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
