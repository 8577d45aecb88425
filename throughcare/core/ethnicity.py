"""Ethnic groups as the ONS 2021 Census for England and Wales lists them: 5 groups, 19 categories."""

from django.db import models

GROUPS = {
    "asian": "Asian, Asian British or Asian Welsh",
    "black": "Black, Black British, Black Welsh, Caribbean or African",
    "mixed": "Mixed or Multiple ethnic groups",
    "white": "White",
    "other": "Other ethnic group",
}


class Ethnicity(models.TextChoices):
    ASIAN_BANGLADESHI = "asian_bangladeshi", "Bangladeshi"
    ASIAN_CHINESE = "asian_chinese", "Chinese"
    ASIAN_INDIAN = "asian_indian", "Indian"
    ASIAN_PAKISTANI = "asian_pakistani", "Pakistani"
    ASIAN_OTHER = "asian_other", "Any other Asian background"
    BLACK_AFRICAN = "black_african", "African"
    BLACK_CARIBBEAN = "black_caribbean", "Caribbean"
    BLACK_OTHER = "black_other", "Any other Black, Black British or Caribbean background"
    MIXED_WHITE_ASIAN = "mixed_white_asian", "White and Asian"
    MIXED_WHITE_BLACK_AFRICAN = "mixed_white_black_african", "White and Black African"
    MIXED_WHITE_BLACK_CARIBBEAN = "mixed_white_black_caribbean", "White and Black Caribbean"
    MIXED_OTHER = "mixed_other", "Any other Mixed or multiple ethnic background"
    WHITE_BRITISH = "white_british", "English, Welsh, Scottish, Northern Irish or British"
    WHITE_IRISH = "white_irish", "Irish"
    WHITE_GYPSY_TRAVELLER = "white_gypsy_traveller", "Gypsy or Irish Traveller"
    WHITE_ROMA = "white_roma", "Roma"
    WHITE_OTHER = "white_other", "Any other White background"
    OTHER_ARAB = "other_arab", "Arab"
    OTHER_ANY = "other_any", "Any other ethnic group"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"


def group_of(ethnicity: str) -> str | None:
    """The 5-group code of a 19-category code ('black_african' -> 'black'), or None if not stated."""
    if not ethnicity or ethnicity == Ethnicity.PREFER_NOT_TO_SAY:
        return None
    return ethnicity.split("_", 1)[0]
