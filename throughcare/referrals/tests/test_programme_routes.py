"""The other programmes' organisations (IOM, CFO Evolution, CRS, liaison and diversion, out of court
disposals) each refer by a route of their own, in the published taxonomy, checked at drafting."""

import pytest

from throughcare.core.permissions import ROLES_BY_ORGANISATION_KIND, OrganisationKind
from throughcare.directory.models import TaxonomyTerm
from throughcare.directory.vocabularies import REFERRAL_ROUTES
from throughcare.matching.eligibility_rules import STATUTORY_ROUTES
from throughcare.referrals.eligibility import KINDS_THAT_DO_NOT_REFER, ROUTE_OF_KIND, route_error

_K = OrganisationKind


def test_every_organisation_kind_refers_by_a_known_route_or_does_not_refer():
    assert set(ROUTE_OF_KIND) | KINDS_THAT_DO_NOT_REFER == set(OrganisationKind.values)
    assert not set(ROUTE_OF_KIND) & KINDS_THAT_DO_NOT_REFER
    assert set(ROUTE_OF_KIND.values()) <= REFERRAL_ROUTES.codes
    assert set(ROLES_BY_ORGANISATION_KIND) == set(OrganisationKind.values)


# (organisation kind, route asked for, refused with)
SCENARIOS = [
    (_K.INTEGRATED_OFFENDER_MANAGEMENT, "iom", None),
    (_K.INTEGRATED_OFFENDER_MANAGEMENT, "", None),  # its own route by default
    (_K.INTEGRATED_OFFENDER_MANAGEMENT, "self", None),
    (_K.INTEGRATED_OFFENDER_MANAGEMENT, "probation", "refers as integrated offender management"),
    (_K.CFO_EVOLUTION, "cfo_evolution", None),
    (_K.CFO_EVOLUTION, "crs", "it cannot refer as commissioned rehabilitative services"),
    (_K.CRS_PROVIDER, "crs", None),
    (_K.LIAISON_AND_DIVERSION, "liaison_diversion", None),
    (_K.OUT_OF_COURT_DISPOSAL, "out_of_court_disposal", None),
    (_K.PROBATION, "iom", "it cannot refer as integrated offender management"),
    (_K.OUT_OF_COURT_DISPOSAL, "police_caution", "Choose a referral route from:"),
]


@pytest.mark.parametrize(("kind", "route", "refused"), SCENARIOS)
def test_each_kind_refers_by_its_own_route_or_as_a_self_referral(kind, route, refused):
    problem = route_error(route, kind)
    if refused is None:
        assert problem is None
    else:
        assert problem is not None
        assert refused in problem


def test_iom_and_out_of_court_disposals_are_statutory_and_commissioned_providers_are_not():
    assert {"iom", "out_of_court_disposal", "liaison_diversion"} <= STATUTORY_ROUTES
    assert not {"cfo_evolution", "crs"} & STATUTORY_ROUTES


@pytest.mark.django_db
def test_the_new_routes_are_published_terms():
    for code in ("iom", "cfo_evolution", "crs", "out_of_court_disposal"):
        assert TaxonomyTerm.objects.filter(id=REFERRAL_ROUTES.term_id(code), code=code).exists()
