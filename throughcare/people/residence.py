"""Where a person lives, kept as an area: the postcode district, its nation and its local authority.

Insight counts people where they live (insight/areas.py), so a referral to a service covering all
of England still counts in the person's own ICB and local authority. Only the district (the first
part of the postcode) is kept: it gives the local authority, and through it the ICB and PDU, and
the full postcode would add an address that nothing needs. A postcode outside England is kept as
outside England, with no local authority, and the page points to that nation's services.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import Permission, require_permission
from throughcare.geography.geocoding import PostcodeError, get_geocoder
from throughcare.geography.models import Country, LocalAuthority
from throughcare.geography.postcodes import nation_of, parse_postcode
from throughcare.people.models import Person, ResidenceSource


@dataclass(frozen=True)
class Residence:
    district: str
    country: str
    local_authority: LocalAuthority | None

    @property
    def in_england(self) -> bool:
        return self.country == Country.ENGLAND


def locate_residence(postcode: str) -> Residence:
    """The area of a postcode (full or district), or ValidationError naming the field."""
    try:
        outward = parse_postcode(postcode).outward
    except PostcodeError as exc:
        raise ValidationError({"postcode": str(exc)}) from None
    # The nation first: a district outside England is kept as such even when the gazetteer lacks it.
    nation = nation_of(outward)
    if nation != Country.ENGLAND:
        return Residence(outward, nation, None)
    try:
        place = get_geocoder().locate(outward)
    except PostcodeError as exc:
        raise ValidationError({"postcode": str(exc)}) from None
    authority = LocalAuthority.objects.filter(code=place.local_authority_code).first()
    if authority is None:
        raise ValidationError(
            {
                "postcode": f"We could not tell which local authority {place.district} is in. "
                "Enter the full postcode instead."
            }
        )
    return Residence(place.district, place.country, authority)


def residence_record(*, actor, person: Person, postcode: str) -> Residence:
    """Record where a person the actor's organisation can see lives (the caller fetched them through
    person_for); `actor=None` is the system (demo data, imports), as for person_create. Nothing is
    written when the postcode is wrong."""
    if actor is not None:
        require_permission(actor, Permission.VIEW_PEOPLE)
    if person.merged_into_id is not None:
        raise ValidationError({"postcode": "This record was merged into another: change that one instead"})
    residence = locate_residence(postcode)
    with transaction.atomic():
        person.residence_district = residence.district
        person.residence_country = residence.country
        person.residence_local_authority = residence.local_authority
        person.residence_source = ResidenceSource.POSTCODE
        person.residence_recorded_on = timezone.localdate()
        person.save(
            update_fields=[
                "residence_district",
                "residence_country",
                "residence_local_authority",
                "residence_source",
                "residence_recorded_on",
                "updated_at",
            ]
        )
        # The area, like any personal detail, is not written to the audit trail: only that it changed.
        audit.record(
            actor=actor,
            verb=AuditVerb.PERSON_RESIDENCE_RECORDED,
            target=person,
            payload={"fields": ["residence"], "in_england": residence.in_england},
        )
    return residence
