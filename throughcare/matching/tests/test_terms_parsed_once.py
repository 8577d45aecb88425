"""Each terms text is parsed once per process and shared by every match, so it must never go stale."""

import pytest

from throughcare.directory import term_codes
from throughcare.directory.models import TaxonomyTerm
from throughcare.directory.vocabularies import REFERRAL_ROUTES
from throughcare.matching.engine import match
from throughcare.matching.facts import _terms_of
from throughcare.matching.profile import NeedsProfile

TEXT = " delivery:online need:anxiety need:depression referral_route:gp tier:primary "


def test_a_text_is_parsed_once_into_the_same_read_only_terms():
    terms = _terms_of(TEXT)
    assert terms == term_codes.parse(TEXT)
    assert _terms_of(TEXT[:-1] + " ") is terms  # the same text, another string: parsed once
    with pytest.raises(TypeError):
        terms["need"] = frozenset()  # type: ignore[index]


@pytest.mark.django_db
def test_a_service_whose_routes_change_is_judged_on_the_new_ones_at_the_next_match(leeds_directory):
    service = leeds_directory["Dual Diagnosis Recovery Group"]
    profile = NeedsProfile(
        postcode="LS1 4AP",
        need_codes=["substance_use", "depression"],
        uses_substances=True,
        referral_routes=["probation", "self"],
    )
    before = match(actor=None, profile=profile, record_unmet_need=False)
    assert str(service.id) in {m.service.id for m in before.matches}

    route_ids = {REFERRAL_ROUTES.term_id(code) for code in REFERRAL_ROUTES.codes}
    service.terms.remove(*[term for term in service.terms.all() if term.id in route_ids])
    service.terms.add(TaxonomyTerm.objects.get(id=REFERRAL_ROUTES.term_id("gp")))

    after = match(actor=None, profile=profile, record_unmet_need=False)
    ruled_out = {e.service.id: dict(e.rules) for e in after.exclusions}
    assert ruled_out[str(service.id)]["referral_route"] == "Takes referrals only from: gp"
