"""Loading what fully nested services need, in a fixed number of queries whatever their number.

`with_full_prefetch()` names every related table once (as Prefetch objects with `to_attr`), and
`related_of()` reads the page's many-to-many links and free-standing attributes in one query per
table more. A page of 5 or of 100 services, or an import batch of 500, costs the same 18 queries.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from throughcare.directory.models import (
    Accessibility,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Language,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from throughcare.directory.oruk.attributes import term_json


def _to(relation: str, queryset) -> Prefetch:
    # to_attr hands each service a plain list: Django then builds no queryset per service and
    # relation, which for a page of 50 (or an import batch of 500) is most of the prefetching time.
    return Prefetch(relation, queryset=queryset, to_attr=f"oruk_{relation.rsplit('__', 1)[-1]}")


def with_full_prefetch(queryset: QuerySet[Service]) -> QuerySet[Service]:
    """Everything a fully nested service needs, one query per related table."""
    return queryset.select_related("organisation").prefetch_related(
        _to("schedules", Schedule.objects.order_by("id")),
        _to("service_areas", ServiceArea.objects.order_by("name", "id")),
        _to(
            "service_at_locations",
            ServiceAtLocation.objects.select_related("location").order_by("location__name", "id"),
        ),
        _to("oruk_service_at_locations__schedules", Schedule.objects.order_by("id")),
        _to("oruk_service_at_locations__location__accessibility", Accessibility.objects.order_by("id")),
        _to("languages", Language.objects.order_by("name", "id")),
        _to("funding", Funding.objects.order_by("source", "id")),
        _to("cost_options", CostOption.objects.order_by("option", "id")),
        _to("contacts", Contact.objects.order_by("name", "id")),
        _to("oruk_contacts__phones", Phone.objects.order_by("number", "id")),
        Prefetch(
            "phones",
            queryset=Phone.objects.filter(contact__isnull=True).order_by("number", "id"),
            to_attr="oruk_own_phones",
        ),
    )


def through(relation: str):
    """(join model, its column for the service, its column for the other side) of a many-to-many."""
    field = Service._meta.get_field(relation)
    return field.remote_field.through, f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"


def _joined(services: list[Service], relation: str) -> dict:
    """service id -> the ids it is joined to, read from the join table alone (no model per row)."""
    model, own, other = through(relation)
    found = defaultdict(list)
    rows = model.objects.filter(**{f"{own}__in": [s.id for s in services]}).values_list(own, other)
    for service_id, other_id in rows.order_by(other):
        found[service_id].append(other_id)
    return found


def _coded(services: list[Service]) -> tuple[dict, dict]:
    """(service id -> its coded terms as term dicts, service id -> {relation: area codes})."""
    joined = _joined(services, "terms")
    wanted = {term_id for term_ids in joined.values() for term_id in term_ids}
    terms = (
        {
            term.id: term_json(term)
            for term in TaxonomyTerm.objects.select_related("taxonomy").filter(id__in=wanted)
        }
        if wanted
        else {}
    )
    areas = {relation: _joined(services, relation) for relation in ("local_authorities", "icbs", "pdus")}
    return (
        {service_id: [terms[t] for t in term_ids if t in terms] for service_id, term_ids in joined.items()},
        {
            service.id: {relation: found.get(service.id, []) for relation, found in areas.items()}
            for service in services
        },
    )


def stored_attributes_by_link(link_ids) -> dict:
    """Free-standing attributes (other taxonomies' terms) of the given records, by the record's id."""
    found = defaultdict(list)
    if link_ids:
        for attribute in Attribute.objects.filter(link_id__in=set(link_ids)).select_related(
            "taxonomy_term__taxonomy"
        ):
            found[attribute.link_id].append(attribute)
    return found


@dataclass
class Related:
    """What a batch of services carries beyond their own rows, by service (or record) id."""

    terms: dict  # service id -> its coded terms, as term dicts
    areas: dict  # service id -> {relation: area codes}
    attributes: dict  # record id (service, organisation, location) -> its stored attributes


def related_of(services: list[Service]) -> Related:
    """For services loaded with `with_full_prefetch`."""
    link_ids = []
    for service in services:
        link_ids += [service.id, service.organisation_id]
        link_ids += [link.location_id for link in service.oruk_service_at_locations]
    terms, areas = _coded(services)
    return Related(terms=terms, areas=areas, attributes=stored_attributes_by_link(link_ids))
