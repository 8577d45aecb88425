"""The public Open Referral UK API under /openreferral/: the published directory, read-only, for anyone.

A NinjaAPI of its own (no authentication, its own OpenAPI document at /openreferral/openapi.json),
because it answers to the HSDS-UK standard rather than to Throughcare's bearer-token API. Every
response, errors included, carries `Access-Control-Allow-Origin: *` so that any web page can use
it; only GET (with HEAD) and OPTIONS are answered. Only active, public services are exposed, and
locations only through them. Nothing about people is ever read here.
"""

from datetime import datetime, time
from typing import Annotated
from uuid import UUID

from django.http import Http404
from django.urls import reverse
from ninja import NinjaAPI, Query
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import WithJsonSchema

from throughcare.core.api_errors import add_common_error_handlers, json_error
from throughcare.core.inputs import MAX_PAGE_NUMBER, InputProblemError, parse_moment
from throughcare.core.openapi_document import Flow, complete_document
from throughcare.directory.models import Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from throughcare.directory.oruk import filters
from throughcare.directory.oruk.attributes import term_json
from throughcare.directory.oruk.facts import ensure_service_facts
from throughcare.directory.oruk.loading import with_full_prefetch
from throughcare.directory.oruk.paging import (
    MAX_MINIMAL_PER_PAGE,
    MAX_PER_PAGE,
    ParameterError,
    minimal_page,
    page_json,
    page_of,
    page_request,
)
from throughcare.directory.oruk.serialisers import (
    full_services,
    published_services,
    service_at_location_basic,
    service_at_location_full,
    service_basic,
    service_minimal,
    taxonomy_json,
)
from throughcare.geography.geocoding import GeocoderUnavailable

HSDS_VERSION = "HSDS-UK-3.0"
PROFILE_URL = "https://raw.githubusercontent.com/openreferraluk/uk-profile/main/profile"
SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema"
PAGE_SCHEMA = {
    "type": "object",
    "properties": {
        "total_items": {"type": "integer", "description": "How many entities match, on every page."},
        "total_pages": {"type": "integer", "description": "How many pages there are."},
        "page_number": {"type": "integer", "description": "This page's number, from 1."},
        "size": {"type": "integer", "description": "How many entities this page holds."},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean", "description": "True when this page holds nothing."},
    },
}


# Each list leads to its entities' own pages (the first on the page standing for any).
FLOWS = tuple(
    Flow(
        f"GET /openreferral/{kind}",
        200,
        "$response.body#/contents/0/id",
        "id",
        (f"GET /openreferral/{kind}/{{id}}",),
    )
    for kind in ("services", "taxonomies", "taxonomy_terms", "service_at_locations")
)


class OpenReferralApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Page"] = PAGE_SCHEMA
        return complete_document(schema, signed_in=False, flows=FLOWS)


api = OpenReferralApi(
    title="Throughcare directory: Open Referral UK",
    version="3.0",
    description=(
        "The published Throughcare service directory in the Open Referral UK profile of HSDS 3.0 "
        f"({PROFILE_URL}). Read-only and open to all: no sign-in. Lists are paged with `page` and "
        "`per_page`; errors are JSON with a `detail` field, and parameter errors list each problem. "
        "Throughcare's own fields (tier, needs, eligibility, capacity, waits, funding, coverage) are "
        "attributes whose terms are in /taxonomies."
    ),
    auth=None,
    urls_namespace="openreferral",
    openapi_url="/openapi.json",
    docs_url=None,
)


# The query parameters, described once for every endpoint that takes them.
Search = Annotated[str, Query(description="Words that must all appear in the name or description.")]
# Bounds are checked by paging and filters (for their own messages), and documented here.
PageNumber = Annotated[
    int,
    Query(description=f"Which page, from 1 to {MAX_PAGE_NUMBER:,}."),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": MAX_PAGE_NUMBER, "default": 1}),
]
PerPage = Annotated[
    int | None,
    Query(description=f"How many on a page: 1 to {MAX_PER_PAGE}, 50 if not given."),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}),
]
TermId = Annotated[
    UUID | None, Query(description="Only those with this taxonomy term (see /taxonomy_terms).")
]
TaxonomyId = Annotated[UUID | None, Query(description="Only those with any term of this taxonomy.")]
OrganizationId = Annotated[UUID | None, Query(description="Only this organization's services.")]
ModifiedAfter = Annotated[
    str,
    Query(
        description="Only those changed at or after this ISO 8601 date or time (UTC if no zone; offsets "
        "up to 14 hours; years 1900 to 2100), like 2026-04-01T09:30:00Z. A number is refused.",
    ),
]


def _modified_after(text: str) -> datetime | None:
    if not text.strip():
        return None
    try:
        return parse_moment(text, label="modified_after")
    except InputProblemError as problem:
        raise ParameterError("modified_after", str(problem)) from None


Postcode = Annotated[
    str,
    Query(
        description="A UK postcode or district. Alone: services available there (by area, all of England "
        "or their travelling distance). With proximity: services with a location near it, nearest first."
    ),
]
MinimumAge = Annotated[
    int | None,
    Query(
        ge=0,
        le=130,
        description="Only services whose minimum age is at least this (services with none are left out).",
    ),
]
MaximumAge = Annotated[
    int | None,
    Query(
        ge=0,
        le=130,
        description="Only services whose maximum age is at most this (services with none are left out).",
    ),
]
Day = Annotated[
    str,
    Query(description="Only services open on this day: a name (Monday) or an RFC 5545 code (MO)."),
]
StartTime = Annotated[
    time | None, Query(description="Only services with a schedule opening at or after this time (HH:MM).")
]
EndTime = Annotated[
    time | None, Query(description="Only services with a schedule closing at or before this time (HH:MM).")
]
Proximity = Annotated[
    float | None,
    Query(description="Metres from the centre of `postcode`, up to 321,869 (200 miles); needs `postcode`."),
    WithJsonSchema({"type": "number", "minimum": 1, "maximum": filters.MAX_PROXIMITY_METRES}),
]


def _documented(schema: str, *, paged: bool = False) -> dict:
    """Point the operation's 200 response at the UK profile's own schema, as its OpenAPI does."""
    reference = {"$ref": f"{SCHEMA_BASE}/{schema}"}
    body = (
        {
            "allOf": [{"$ref": "#/components/schemas/Page"}],
            "properties": {"contents": {"type": "array", "items": reference}},
        }
        if paged
        else reference
    )
    return {"responses": {200: {"description": "OK", "content": {"application/json": {"schema": body}}}}}


def _error(request, detail: str, status: int, **extra):
    return json_error(api, request, detail, status, **extra)


add_common_error_handlers(api)


@api.exception_handler(NinjaValidationError)
def on_invalid(request, exc):
    return _error(request, "The request's parameters did not validate.", 422, errors=exc.errors)


@api.exception_handler(ParameterError)
def on_bad_parameter(request, exc: ParameterError):
    return _error(request, "The request's parameters did not validate.", 422, errors=[exc.as_error()])


@api.exception_handler(GeocoderUnavailable)
def on_geocoder_unavailable(request, exc):
    return _error(request, "Postcodes cannot be looked up just now; try again later.", 503)


@api.get(
    "/",
    url_name="api-details",
    operation_id="getAPIMetaInformation",
    summary="Which HSDS version and profile this API follows, and where its OpenAPI is",
)
def api_details(request):
    return {
        "version": HSDS_VERSION,
        "profile": PROFILE_URL,
        "openapi_url": request.build_absolute_uri(reverse("openreferral:openapi-json")),
    }


@api.get(
    "/services",
    url_name="service-list",
    operation_id="getPaginatedListOfServices",
    summary="Published services, paged: one-to-one fields and organisation, or full / minimal",
    openapi_extra=_documented("compiled/service_list.json", paged=True),
)
def service_list(
    request,
    search: Search = "",
    page: PageNumber = 1,
    per_page: PerPage = None,
    taxonomy_term_id: TermId = None,
    taxonomy_id: TaxonomyId = None,
    organization_id: OrganizationId = None,
    modified_after: ModifiedAfter = "",
    minimal: Annotated[
        bool, Query(description="Just each service's id and last_modified, all in one page.")
    ] = False,
    full: Annotated[bool, Query(description="Fully nested services, as /services/{id} gives them.")] = False,
    postcode: Postcode = "",
    proximity: Proximity = None,
    minimum_age: MinimumAge = None,
    maximum_age: MaximumAge = None,
    day: Day = "",
    start_time: StartTime = None,
    end_time: EndTime = None,
):
    """`minimal=true`: just each service's id and last_modified, up to 50,000 a page (all by default).
    `full=true`: fully nested services. `proximity` is in metres from the centre of `postcode`."""
    if minimal and full:
        raise ParameterError("minimal", "Ask for minimal or full services, not both.")
    paging = page_request(
        page,
        per_page,
        maximum=MAX_MINIMAL_PER_PAGE if minimal else MAX_PER_PAGE,
        default=MAX_MINIMAL_PER_PAGE if minimal else None,
    )
    services, nearest = filters.filtered_services(
        search=search,
        taxonomy_term_id=taxonomy_term_id,
        taxonomy_id=taxonomy_id,
        organization_id=organization_id,
        modified_after=_modified_after(modified_after),
        postcode=postcode,
        proximity=proximity,
        minimum_age=minimum_age,
        maximum_age=maximum_age,
        day=day,
        start_time=start_time,
        end_time=end_time,
    )
    services = services.order_by("name", "id")
    if minimal:
        total, rows = minimal_page(services, paging, nearest)
        contents = [service_minimal(service_id, updated_at) for service_id, updated_at in rows]
    elif full:
        total, rows = page_of(services, paging, nearest, with_full_prefetch)
        contents = full_services(rows)
    else:
        total, rows = page_of(services, paging, nearest, lambda qs: qs.select_related("organisation"))
        contents = [service_basic(row) for row in rows]
    return page_json(paging, total=total, contents=contents)


@api.get(
    "/services/{id}",
    url_name="service-detail",
    operation_id="getFullyNestedServiceById",
    summary="One published service, fully nested",
    openapi_extra=_documented("compiled/service.json"),
)
def service_detail(request, id: UUID):
    service = with_full_prefetch(published_services()).filter(id=id).first()
    if service is None:
        raise Http404
    return full_services([service])[0]


@api.get(
    "/taxonomies",
    url_name="taxonomy-list",
    operation_id="getPaginatedListOfTaxonomies",
    summary="The taxonomies whose terms describe services: Throughcare's own and any imported",
    openapi_extra=_documented("taxonomy.json", paged=True),
)
def taxonomy_list(request, search: Search = "", page: PageNumber = 1, per_page: PerPage = None):
    ensure_service_facts()
    paging = page_request(page, per_page)
    taxonomies = Taxonomy.objects.order_by("name", "id")
    if search.strip():
        taxonomies = taxonomies.filter(filters.matching_words(search))
    total, rows = page_of(taxonomies, paging)
    return page_json(paging, total=total, contents=[taxonomy_json(row) for row in rows])


@api.get(
    "/taxonomies/{id}",
    url_name="taxonomy-detail",
    operation_id="getTaxonomyById",
    summary="One taxonomy with its terms",
    openapi_extra=_documented("taxonomy.json"),
)
def taxonomy_detail(request, id: UUID):
    ensure_service_facts()
    taxonomy = Taxonomy.objects.filter(id=id).first()
    if taxonomy is None:
        raise Http404
    terms = taxonomy.terms.select_related("taxonomy").order_by("name", "id")
    return taxonomy_json(taxonomy, terms)


@api.get(
    "/taxonomy_terms",
    url_name="taxonomy-term-list",
    operation_id="getPaginatedListOfTaxonomyTerms",
    summary="Taxonomy terms, by taxonomy, parent or text",
    openapi_extra=_documented("taxonomy_term.json", paged=True),
)
def taxonomy_term_list(
    request,
    search: Search = "",
    taxonomy_id: TaxonomyId = None,
    parent_id: Annotated[UUID | None, Query(description="Only the children of this term.")] = None,
    top_only: Annotated[bool, Query(description="Only terms with no parent.")] = False,
    page: PageNumber = 1,
    per_page: PerPage = None,
):
    ensure_service_facts()
    paging = page_request(page, per_page)
    terms = TaxonomyTerm.objects.select_related("taxonomy").order_by("taxonomy__name", "name", "id")
    if search.strip():
        terms = terms.filter(filters.matching_words(search))
    if taxonomy_id:
        terms = terms.filter(taxonomy_id=taxonomy_id)
    if parent_id:
        terms = terms.filter(parent_id=parent_id)
    if top_only:
        terms = terms.filter(parent__isnull=True)
    total, rows = page_of(terms, paging)
    return page_json(paging, total=total, contents=[term_json(row) for row in rows])


@api.get(
    "/taxonomy_terms/{id}",
    url_name="taxonomy-term-detail",
    operation_id="getTaxonomyTermById",
    summary="One taxonomy term",
    openapi_extra=_documented("taxonomy_term.json"),
)
def taxonomy_term_detail(request, id: UUID):
    ensure_service_facts()
    term = TaxonomyTerm.objects.select_related("taxonomy").filter(id=id).first()
    if term is None:
        raise Http404
    return term_json(term)


@api.get(
    "/service_at_locations",
    url_name="service-at-location-list",
    operation_id="getPaginatedListOfServiceAtLocation",
    summary="Where published services are delivered, paged; with postcode and proximity, nearest first",
    openapi_extra=_documented("compiled/service_at_location_list.json", paged=True),
)
def service_at_location_list(
    request,
    search: Search = "",
    taxonomy_term_id: TermId = None,
    taxonomy_id: TaxonomyId = None,
    organization_id: OrganizationId = None,
    modified_after: ModifiedAfter = "",
    postcode: Postcode = "",
    proximity: Proximity = None,
    page: PageNumber = 1,
    per_page: PerPage = None,
    minimum_age: MinimumAge = None,
    maximum_age: MaximumAge = None,
    day: Day = "",
    start_time: StartTime = None,
    end_time: EndTime = None,
):
    paging = page_request(page, per_page)
    services, _nearest = filters.filtered_services(
        minimum_age=minimum_age,
        maximum_age=maximum_age,
        day=day,
        start_time=start_time,
        end_time=end_time,
        search=search,
        taxonomy_term_id=taxonomy_term_id,
        taxonomy_id=taxonomy_id,
        organization_id=organization_id,
        modified_after=_modified_after(modified_after),
        postcode=postcode if proximity is None else "",
        proximity=None,
    )
    links = ServiceAtLocation.objects.filter(service__in=services).order_by(
        "service__name", "location__name", "id"
    )
    nearest = None
    if proximity is not None:
        miles = filters.proximity_miles(proximity, postcode.strip())
        nearest = filters.links_near(services, filters.locate(postcode, measuring=True), miles)
    total, rows = page_of(
        links, paging, nearest, lambda qs: qs.select_related("location", "service__organisation")
    )
    return page_json(paging, total=total, contents=[service_at_location_basic(row) for row in rows])


@api.get(
    "/service_at_locations/{id}",
    url_name="service-at-location-detail",
    operation_id="getServiceAtLocationWithNestedDataById",
    summary="One service at location, fully nested with its location and service",
    openapi_extra=_documented("compiled/service_at_location.json"),
)
def service_at_location_detail(request, id: UUID):
    link = ServiceAtLocation.objects.filter(id=id, service__in=published_services()).first()
    if link is None:
        raise Http404
    service = with_full_prefetch(Service.objects.filter(id=link.service_id)).get()
    return service_at_location_full(link, full_services([service])[0])
