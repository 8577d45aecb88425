"""Find support: the public's door into the directory. No sign-in, no staff pages, no scripts.

Only services that are running and listed for the public appear, from the same directory staff use.
Browsers and shared caches may keep a page for a few minutes: it holds nothing about the person
looking. Each client address may load a limited number of pages a minute (FIND_SUPPORT_RATE_LIMIT),
so a scraper cannot take the directory's database away from the people and staff who need it.
"""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from throughcare.core.client_address import client_address
from throughcare.core.rate_limits import Limit, hit
from throughcare.directory import search, term_codes
from throughcare.directory.models import Phone, Service, ServiceAtLocation
from throughcare.directory.models.service import ServiceStatus
from throughcare.directory.views.signposts import signpost_for
from throughcare.directory.vocabularies import COMMUNITIES, REFERRAL_ROUTES
from throughcare.geography.distance import haversine_miles
from throughcare.public import words
from throughcare.public.forms import FindSupportForm
from throughcare.public.places import UnknownPlaceError, find_place
from throughcare.selfreferrals.selectors import takes_self_referrals

PER_PAGE = 10
# Shared caches may keep a page for 5 minutes: nothing on it is about the person looking.
CACHE_SECONDS = 300


def rate_limited(view):
    """Answer 429 with Retry-After, in a page a person can read, once an address has used its share."""

    @wraps(view)
    def limited(request, *args, **kwargs):
        wait = hit("find-support", client_address(request), Limit.from_setting("FIND_SUPPORT_RATE_LIMIT"))
        if wait is not None:
            response = render(request, "public/too_many_requests.html", {"wait": wait}, status=429)
            response["Retry-After"] = str(wait)
            return response
        return view(request, *args, **kwargs)

    return limited


def _filters(chosen: list[str]) -> search.Filters:
    needs = [words.BY_SLUG[slug] for slug in chosen]
    return search.Filters(
        need_codes=tuple(code for need in needs for code in need.need_codes),
        custody_stage_codes=tuple(code for need in needs for code in need.custody_stage_codes),
        public_only=True,
    )


def _route_codes(service) -> frozenset[str]:
    """Read from the codes kept on the service's row (ADR 19), so a page of results loads no terms."""
    return term_codes.parse(service.term_codes).get(REFERRAL_ROUTES.code, frozenset())


def _card(hit) -> dict:
    service = hit.service
    return {
        "service": service,
        "distance": words.distance_text(hit.distance_miles),
        "reach": hit.reach,
        "how_to_get_in": words.how_to_get_in(service, _route_codes(service)),
    }


@login_not_required
@require_GET
@rate_limited
@cache_control(public=True, max_age=CACHE_SECONDS)
def find_support(request):
    if not request.GET:
        return render(request, "public/start.html", {"form": FindSupportForm()})
    form = FindSupportForm(request.GET)
    context = {"form": form}
    if form.is_valid():
        try:
            place, elsewhere = find_place(form.cleaned_data["where"])
        except UnknownPlaceError as exc:
            form.add_error("where", str(exc))
        else:
            if elsewhere:
                context["signpost"] = signpost_for(elsewhere)
            else:
                results = search.search(
                    _filters(form.cleaned_data["need"]),
                    place=place,
                    miles=search.DEFAULT_MILES,
                    page=request.GET.get("page", 1),
                    per_page=PER_PAGE,
                )
                context["results"] = results
                context["cards"] = [_card(hit) for hit in results.page.object_list]
                query = request.GET.copy()
                query.pop("page", None)
                context["query_string"] = query.urlencode()
    status = 200 if form.is_valid() else 400
    return render(request, "public/start.html", context, status=status)


def _public_service(service_id) -> Service:
    service = (
        Service.objects.select_related("organisation")
        .filter(pk=service_id, is_public=True, status=ServiceStatus.ACTIVE)
        .first()
    )
    if service is None:
        raise Http404("No such service.")
    return service


@login_not_required
@require_GET
@rate_limited
@cache_control(public=True, max_age=CACHE_SECONDS)
def service_page(request, service_id):
    service = _public_service(service_id)
    prefetch_related_objects(
        [service],
        "terms",
        "languages",
        "schedules",
        "cost_options",
        Prefetch("phones", queryset=Phone.objects.order_by("number")),
    )
    links = list(
        ServiceAtLocation.objects.filter(service=service)
        .select_related("location")
        .order_by("location__name")
    )
    distance = ""
    where = request.GET.get("from", "").strip()
    if where:
        try:
            place, _elsewhere = find_place(where)
        except UnknownPlaceError:
            place = None
        located = [link.location for link in links if link.location.latitude is not None]
        if place is not None and located:
            miles = min(
                haversine_miles(place.latitude, place.longitude, spot.latitude, spot.longitude)
                for spot in located
            )
            distance = words.distance_text(miles)
    communities = [term.name for term in service.terms.all() if term.taxonomy_id == COMMUNITIES.id]
    return render(
        request,
        "public/service.html",
        {
            "service": service,
            "links": links,
            "who_it_is_for": words.who_it_is_for(service),
            "how_to_get_in": words.how_to_get_in(service, _route_codes(service)),
            "opening": [words.opening_text(schedule) for schedule in service.schedules.all()],
            "communities": communities,
            "distance": distance,
            "where": where,
            "can_ask": takes_self_referrals(service),
        },
    )
