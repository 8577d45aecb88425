import pytest

from throughcare.geography import selectors
from throughcare.geography.models import Country
from throughcare.geography.selectors import UnknownArea, area_choices, area_lookup


def test_lists_for_drop_downs(geography):
    authorities = list(selectors.english_local_authorities())
    assert len(authorities) == 296
    assert {a.nation for a in authorities} == {Country.ENGLAND}
    assert [a.name for a in authorities] == sorted(a.name for a in authorities)
    assert selectors.icbs().count() == 42
    assert selectors.pdus().count() == 109
    assert selectors.nhs_regions().count() == 7
    assert selectors.probation_regions().count() == 12
    assert ("N55LEE", "Leeds") in area_choices("pdu")
    assert area_choices("nhs_region")[0] == ("E40000013", "East of England")


def test_area_lookup_finds_each_type_by_code(geography):
    assert area_lookup("pdu", "n55lee").name == "Leeds"
    assert area_lookup("local_authority", "E08000035").name == "Leeds"
    assert area_lookup("icb", "E54000054").name == "NHS West Yorkshire Integrated Care Board"
    assert area_lookup("nhs_region", "E40000003").name == "London"
    assert area_lookup("probation_region", "N07").name == "London"


@pytest.mark.django_db
def test_area_lookup_says_what_was_not_found():
    with pytest.raises(UnknownArea, match="There is no probation delivery unit with the code 'N99XXX'"):
        area_lookup("pdu", "N99XXX")
    with pytest.raises(UnknownArea, match="no type of area called 'county'; choose from local_authority"):
        area_lookup("county", "E10000017")
    with pytest.raises(UnknownArea):
        area_choices("county")
