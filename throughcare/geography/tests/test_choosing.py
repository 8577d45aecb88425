"""Finding areas by name: labels that tell namesakes apart, typed names, and the nearest suggestions."""

from throughcare.geography.choosing import GROUP_HEADINGS, AreaOptions, no_such_area
from throughcare.geography.selectors import AreaType, NamedArea

LEEDS = NamedArea(AreaType.LOCAL_AUTHORITY, "E08000035", "Leeds")
LEEDS_PDU = NamedArea(AreaType.PDU, "N55LEE", "Leeds")
WEST_YORKSHIRE = NamedArea(AreaType.ICB, "E54000054", "NHS West Yorkshire Integrated Care Board")
OPTIONS = AreaOptions([LEEDS, WEST_YORKSHIRE, LEEDS_PDU])


def test_labels_tell_namesakes_apart_and_icbs_already_say_what_they_are():
    assert [area.label for area in OPTIONS.areas] == [
        "Leeds (local authority)",
        "NHS West Yorkshire Integrated Care Board",
        "Leeds (probation delivery unit)",
    ]


def test_a_name_shared_by_two_kinds_names_neither_but_a_label_names_one():
    assert OPTIONS.named("leeds") is None
    assert OPTIONS.named("LEEDS (probation delivery unit)") == LEEDS_PDU
    assert OPTIONS.named("nhs west yorkshire integrated care board") == WEST_YORKSHIRE


def test_the_nearest_names_are_suggested_for_a_misspelling():
    assert OPTIONS.nearest("Leds") == ["Leeds (local authority)", "Leeds (probation delivery unit)"]
    assert OPTIONS.nearest("Zzzz") == []


def test_the_message_offers_what_there_is():
    assert no_such_area("Zzzz", []).endswith("check the spelling, or choose an area from the list")
    assert no_such_area("Leds", ["A", "B", "C"]).endswith("did you mean A, B or C?")


def test_drop_down_groups_by_kind_with_an_empty_first_choice():
    choices = OPTIONS.choices()
    assert choices[0] == ("", "")
    assert [group for group, _options in choices[1:]] == [
        "Local authorities",
        "Integrated care boards",
        "Probation delivery units",
    ]
    assert choices[1][1] == [("local_authority:E08000035", "Leeds (local authority)")]
    assert OPTIONS.choices(by_code=True)[1][1] == [("E08000035", "Leeds (local authority)")]


def test_every_kind_of_area_has_a_group_heading():
    assert set(GROUP_HEADINGS) == set(AreaType)
