"""Helpers for the court availability tests: an area and directory services in it."""

from throughcare.directory import services as directory_services
from throughcare.directory.details import ServiceDetails
from throughcare.directory.tests.factories import DirectoryOrganisationFactory
from throughcare.geography.models import Country, LocalAuthority, Pdu, ProbationRegion


def leeds_area():
    """Leeds PDU covering Leeds (E08000035), and Wakefield (E08000036) outside it."""
    region = ProbationRegion.objects.create(code="N01", name="Yorkshire and the Humber")
    pdu = Pdu.objects.create(code="N01LDS", name="Leeds PDU", region=region)
    LocalAuthority.objects.create(code="E08000035", name="Leeds", nation=Country.ENGLAND, pdu=pdu)
    LocalAuthority.objects.create(code="E08000036", name="Wakefield", nation=Country.ENGLAND)
    return pdu


def a_service(name, *, stages=(), needs=(), areas=("E08000035",), england=False, **fields):
    return directory_services.service_create(
        actor=None,
        organisation=DirectoryOrganisationFactory(),
        details=ServiceDetails(
            name=name,
            custody_stage_codes=list(stages),
            need_codes=list(needs),
            local_authority_codes=[] if england else list(areas),
            covers_england=england,
            **fields,
        ),
    )
