"""Finding services: the search page and a service's full entry. Every role that may view the directory."""

from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import render
from django.views.decorators.http import require_GET

from throughcare.core.permissions import Permission, has_permission, permission_required
from throughcare.directory import search, selectors
from throughcare.directory.forms import SearchForm
from throughcare.directory.models import Phone, ServiceAtLocation
from throughcare.directory.views import wording
from throughcare.directory.views.signposts import signpost_for
from throughcare.directory.vocabularies import COMMUNITIES, CUSTODY_STAGES, DELIVERY, NEEDS, REFERRAL_ROUTES
from throughcare.geography.postcodes import PostcodeError


def _describe(hit) -> None:
    service = hit.service
    hit.tier = wording.tier_name(service.tier)
    hit.capacity = wording.capacity_text(service)
    hit.wait = wording.wait_text(service.typical_wait_days)
    hit.distance = wording.miles_text(hit.distance_miles)
    hit.eligibility = wording.eligibility(service)


@permission_required(Permission.VIEW_DIRECTORY)
@require_GET
def service_search(request):
    # Always bound: with nothing entered, the page lists every open service by name.
    form = SearchForm(request.GET)
    results = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            results = search.search(
                form.filters(),
                postcode=data["postcode"],
                miles=data["miles"],
                sort=data["sort"] or search.Sort.NEAREST,
                page=request.GET.get("page", 1),
            )
        except PostcodeError as exc:
            form.add_error("postcode", str(exc))
    page_range = []
    if results and results.page is not None:
        for hit in results.page.object_list:
            _describe(hit)
        page_range = results.page.paginator.get_elided_page_range(
            results.page.number, on_each_side=1, on_ends=1
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/search.html",
        {
            "form": form,
            "results": results,
            "signpost": signpost_for(results.elsewhere) if results and results.elsewhere else None,
            "query_string": query.urlencode(),
            "page_range": page_range,
        },
    )


def _terms_by_vocabulary(service) -> list[tuple[str, list[str]]]:
    by_taxonomy: dict = {}
    for term in service.terms.all():
        by_taxonomy.setdefault(term.taxonomy_id, []).append(term.name)
    return [
        (vocabulary.name, sorted(by_taxonomy[vocabulary.id]))
        for vocabulary in (NEEDS, REFERRAL_ROUTES, CUSTODY_STAGES, DELIVERY, COMMUNITIES)
        if by_taxonomy.get(vocabulary.id)
    ]


@permission_required(Permission.VIEW_DIRECTORY)
@require_GET
def service_detail(request, service_id):
    service = selectors.service_for_viewing(request.user, service_id)
    links = (
        ServiceAtLocation.objects.filter(service=service)
        .select_related("location")
        .prefetch_related("schedules", "location__accessibility")
        .order_by("location__name")
    )
    prefetch_related_objects(
        [service],
        "terms",
        "languages",
        "schedules",
        "funding",
        "local_authorities",
        "icbs",
        "pdus",
        Prefetch("contacts__phones", queryset=Phone.objects.order_by("number")),
        Prefetch("phones", queryset=Phone.objects.filter(contact__isnull=True).order_by("number")),
    )
    can_edit = has_permission(request.user, Permission.MANAGE_OWN_SERVICES) and (
        selectors.services_managed_by(request.user).filter(pk=service.pk).exists()
    )
    return render(
        request,
        "directory/service_detail.html",
        {
            "service": service,
            "links": links,
            "terms": _terms_by_vocabulary(service),
            "tier": wording.tier_name(service.tier),
            "capacity": wording.capacity_text(service),
            "wait": wording.wait_text(service.typical_wait_days),
            "eligibility": wording.eligibility(service),
            "is_stale": service.last_confirmed_on is None
            or service.last_confirmed_on < selectors.stale_before(),
            "can_edit": can_edit,
        },
    )
