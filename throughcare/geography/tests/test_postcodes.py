import pytest

from throughcare.geography.models import Country, PostcodeDistrict
from throughcare.geography.postcodes import (
    ParsedPostcode,
    PostcodeError,
    nation_from_prefix,
    nation_of,
    normalise_postcode,
    parse_postcode,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("m11ae", "M1 1AE"),
        ("  M1   1AE ", "M1 1AE"),
        ("sw1a1aa", "SW1A 1AA"),
        ("EC1V 9LB", "EC1V 9LB"),
        ("ls12", "LS12"),
        ("m 1", "M 1"),  # too short to hold an inward code: only tidied
    ],
)
def test_normalise_postcode(typed, expected):
    assert normalise_postcode(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("M1 1AE", ParsedPostcode("M1", "1AE", is_full=True)),
        ("m11ae", ParsedPostcode("M1", "1AE", is_full=True)),
        ("B33 8TH", ParsedPostcode("B33", "8TH", is_full=True)),
        ("CR2 6XH", ParsedPostcode("CR2", "6XH", is_full=True)),
        ("DN55 1PT", ParsedPostcode("DN55", "1PT", is_full=True)),
        ("W1A 0AX", ParsedPostcode("W1A", "0AX", is_full=True)),
        ("sw1a 1aa", ParsedPostcode("SW1A", "1AA", is_full=True)),
        ("M1", ParsedPostcode("M1", None, is_full=False)),
        (" ls12 ", ParsedPostcode("LS12", None, is_full=False)),
        ("SW1A", ParsedPostcode("SW1A", None, is_full=False)),
        ("BT1", ParsedPostcode("BT1", None, is_full=False)),
    ],
)
def test_parse_accepts_full_postcodes_and_districts(typed, expected):
    assert parse_postcode(typed) == expected


def test_parsed_postcode_reads_back_as_text():
    assert str(parse_postcode("m11ae")) == "M1 1AE"
    assert parse_postcode("m11ae").postcode == "M1 1AE"
    assert str(parse_postcode("ls12")) == "LS12"
    assert parse_postcode("ls12").postcode is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter a postcode"),
        ("   ", "Enter a postcode"),
        ("M1 1A#", "only letters, numbers and a space, not #"),
        ("LS1 £AB", "not £"),
        ("M", "M is too short"),
        ("SW1A 1AAA", "is too long"),
        ("M1 1 AE", "too many spaces"),
        ("1M 1AE", "does not start with a letter"),
        ("QA1 1AA", "no postcode starts with Q"),
        ("AB 1AE", "AB has no number"),
        ("M1AA 1AE", "M1AA is not a postcode district"),
        ("M1 AAE", "the last part of M1 AAE, AAE, should be a number then two letters"),
        ("M1 1A", "the last part of M1 1A, 1A, should be a number then two letters"),
        ("M1 1AC", "ends in a letter that postcodes never use there"),
        ("W1A1", "too short for a full postcode"),
    ],
)
def test_parse_says_what_is_wrong(typed, message):
    with pytest.raises(PostcodeError, match=message) as raised:
        parse_postcode(typed)
    assert isinstance(raised.value, ValueError)
    if typed.strip():
        assert "like M1 1AE or M1" in str(raised.value)


@pytest.mark.parametrize(
    ("outward", "nation"),
    [
        ("M1", Country.ENGLAND),
        ("EH1", Country.SCOTLAND),
        ("G1", Country.SCOTLAND),
        ("ZE1", Country.SCOTLAND),
        ("TD9", Country.SCOTLAND),
        ("TD15", Country.ENGLAND),
        ("CF10", Country.WALES),
        ("SY23", Country.WALES),
        ("SY1", Country.ENGLAND),
        ("CH5", Country.WALES),
        ("CH1", Country.ENGLAND),
        ("BT1", Country.NORTHERN_IRELAND),
        ("IM1", Country.ISLE_OF_MAN),
        ("GY1", Country.GUERNSEY),
        ("JE2", Country.JERSEY),
    ],
)
def test_nation_from_prefix(outward, nation):
    assert nation_from_prefix(outward) == nation


@pytest.mark.django_db
def test_nation_of_prefers_the_district_table_and_falls_back_to_the_prefix():
    # A made-up disagreement, to show which wins.
    PostcodeDistrict.objects.create(code="TD9", latitude=55.4, longitude=-2.8, country=Country.ENGLAND)
    assert nation_of("td9") == Country.ENGLAND
    assert nation_of("TD9 7AA") == Country.ENGLAND
    assert nation_of("EH1") == Country.SCOTLAND


@pytest.mark.django_db
def test_nation_of_rejects_what_is_not_a_postcode():
    with pytest.raises(PostcodeError, match="Enter a postcode"):
        nation_of("")


@pytest.mark.parametrize(
    ("outward", "nation"),
    [("CH5", Country.WALES), ("TD15", Country.ENGLAND), ("SY23", Country.WALES), ("LD7", Country.WALES)],
)
def test_nation_of_cross_border_districts_from_the_shared_data(geography, outward, nation):
    assert nation_of(outward) == nation
