"""The outcome measures Throughcare records, as data: items, answer ranges, reversed items, bands, risk items.

No question wording lives here or anywhere in Throughcare. CORE-10 is licensed CC BY-ND (its wording
may not be altered, so we do not reproduce it at all), and WEMWBS and SWEMWBS are licensed
instruments whose items we never show or ask: people complete them on the licensed form and we
record the total. Items are referred to by number only.

Sources for every number below are given beside it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType


@dataclass(frozen=True)
class Band:
    """A named severity band covering totals from `lowest` to `highest` inclusive."""

    code: str
    label: str
    lowest: int
    highest: int

    def contains(self, total: int) -> bool:
        return self.lowest <= total <= self.highest


@dataclass(frozen=True)
class ItemisedMeasure:
    """A measure scored from its item answers.

    Answers are coded by the response chosen, the same way for every item (for CORE-10, 0 for the
    first column, "Not at all", up to 4 for the last). Reversed items are turned round when scoring,
    so an item's score is `lowest_answer + highest_answer - answer`. Where a paper form prints a
    score in each box (already running 4 to 0 for CORE-10's items 2 and 3), enter the column chosen,
    not that printed score, or those items would be reversed twice.
    """

    code: str
    name: str
    item_count: int
    lowest_answer: int
    highest_answer: int
    bands: tuple[Band, ...]
    reversed_items: frozenset[int] = frozenset()
    # The item whose answer above the lowest means the person must be asked about risk to self.
    risk_item: int | None = None
    # Totals at or above this are in the clinical range ("caseness" in NHS Talking Therapies).
    clinical_cut_off: int | None = None
    # A change in total of at least this much is more than measurement error.
    reliable_change: int | None = None
    attribution: str = ""
    # How the measure is offered in lists (MeasureCode, outcomes/models.py, is built from these).
    choice_label: str = ""

    @property
    def lowest_total(self) -> int:
        return self.item_count * self.lowest_answer

    @property
    def highest_total(self) -> int:
        return self.item_count * self.highest_answer

    def band_for(self, total: int) -> Band:
        return next(band for band in self.bands if band.contains(total))

    def __post_init__(self):
        # A typo in a table of numbers would silently mis-band people: check the table when it loads.
        items = range(1, self.item_count + 1)
        if not self.reversed_items <= set(items):
            raise ValueError(f"{self.code}: reversed items must be numbered 1 to {self.item_count}.")
        if self.risk_item is not None and self.risk_item not in items:
            raise ValueError(f"{self.code}: the risk item must be numbered 1 to {self.item_count}.")
        _check_bands_cover(self.code, self.bands, self.lowest_total, self.highest_total)


@dataclass(frozen=True)
class TotalOnlyMeasure:
    """A licensed measure whose total we record, never its items."""

    code: str
    name: str
    item_count: int
    lowest_answer: int
    highest_answer: int
    # Raw total -> published metric score, for measures that convert their totals.
    metric_conversion: Mapping[int, Decimal] | None = field(default=None, compare=False)
    attribution: str = ""
    # How the measure is offered in lists (MeasureCode, outcomes/models.py, is built from these).
    choice_label: str = ""

    @property
    def lowest_total(self) -> int:
        return self.item_count * self.lowest_answer

    @property
    def highest_total(self) -> int:
        return self.item_count * self.highest_answer

    def __post_init__(self):
        totals = set(range(self.lowest_total, self.highest_total + 1))
        if self.metric_conversion is not None and set(self.metric_conversion) != totals:
            raise ValueError(
                f"{self.code}: the conversion table must cover every total from "
                f"{self.lowest_total} to {self.highest_total} exactly once."
            )


def _check_bands_cover(code: str, bands: tuple[Band, ...], lowest: int, highest: int) -> None:
    expected_next = lowest
    for band in bands:
        if band.lowest != expected_next or band.highest < band.lowest:
            raise ValueError(f"{code}: band {band.code!r} should start at {expected_next}.")
        expected_next = band.highest + 1
    if expected_next != highest + 1:
        raise ValueError(f"{code}: the bands should end at {highest}.")


DEVELOPED_WITH_PFIZER = (
    "developed by Drs Spitzer, Williams, Kroenke and colleagues, with an educational grant from Pfizer Inc."
)

# PHQ-9: Kroenke, Spitzer & Williams (2001), J Gen Intern Med 16:606-613. Cut points 5, 10, 15 and
# 20. Free to use (Pfizer: no permission required). Item 9 asks about thoughts of being better off
# dead or of self-harm; any answer above 0 needs a risk conversation whatever the total.
# Clinical cut-off 10 and reliable change 6: NHS Talking Therapies caseness and reliable change
# (see change.py for the sources).
PHQ9 = ItemisedMeasure(
    code="PHQ-9",
    name="Patient Health Questionnaire (depression)",
    item_count=9,
    lowest_answer=0,
    highest_answer=3,
    bands=(
        Band("none_minimal", "None or minimal", 0, 4),
        Band("mild", "Mild", 5, 9),
        Band("moderate", "Moderate", 10, 14),
        Band("moderately_severe", "Moderately severe", 15, 19),
        Band("severe", "Severe", 20, 27),
    ),
    risk_item=9,
    clinical_cut_off=10,
    reliable_change=6,
    attribution=f"PHQ-9: {DEVELOPED_WITH_PFIZER}",
    choice_label="PHQ-9 (depression)",
)

# GAD-7: Spitzer, Kroenke, Williams & Löwe (2006), Arch Intern Med 166:1092-1097. Cut points 5, 10
# and 15. Free to use. NHS Talking Therapies treats 8 or more as caseness (not the band boundary 10)
# and a change of 4 or more as reliable.
GAD7 = ItemisedMeasure(
    code="GAD-7",
    name="Generalised Anxiety Disorder scale",
    item_count=7,
    lowest_answer=0,
    highest_answer=3,
    bands=(
        Band("minimal", "Minimal", 0, 4),
        Band("mild", "Mild", 5, 9),
        Band("moderate", "Moderate", 10, 14),
        Band("severe", "Severe", 15, 21),
    ),
    clinical_cut_off=8,
    reliable_change=4,
    attribution=f"GAD-7: {DEVELOPED_WITH_PFIZER}",
    choice_label="GAD-7 (anxiety)",
)

# CORE-10: Barkham et al. (2013), "The CORE-10: a short measure of psychological distress for routine
# use in the psychological therapies", Counselling and Psychotherapy Research 13(1):3-13: clinical
# cut-off 11 and reliable change index 6 (stated in the abstract). Items 2 and 3 are the positively
# worded items and are reverse-scored (CORE System Trust's scoring, as implemented in CamCOPS'
# core10 task and described by NovoPsych's CORE-10 guide). Item 6 is the risk item.
# Bands: the CORE-10 User Manual's practice guide (Connell & Barkham, 2007), as reproduced by
# several services (e.g. SOCAS resource hub, Valant's clinical measures guide): 11-14 mild, 15-19
# moderate, 20-24 moderate-to-severe, 25 and over severe; below the cut-off, 0-5 healthy and 6-10
# low level. One public page gives 11-15/16-20/21-25 instead; it disagrees with the cut-off of 11
# marking the start of "mild" in the others, so we follow the majority and the manual.
# Totals are the "clinical score" of a complete form (sum of the ten items); we do not pro-rate.
CORE10 = ItemisedMeasure(
    code="CORE-10",
    name="Clinical Outcomes in Routine Evaluation (10 items)",
    item_count=10,
    lowest_answer=0,
    highest_answer=4,
    bands=(
        Band("healthy", "Healthy", 0, 5),
        Band("low_level", "Low level", 6, 10),
        Band("mild", "Mild", 11, 14),
        Band("moderate", "Moderate", 15, 19),
        Band("moderate_to_severe", "Moderate to severe", 20, 24),
        Band("severe", "Severe", 25, 40),
    ),
    reversed_items=frozenset({2, 3}),
    risk_item=6,
    clinical_cut_off=11,
    reliable_change=6,
    attribution="CORE-10 © CORE System Trust, coresystemtrust.org.uk. Licensed CC BY-ND 4.0.",
    choice_label="CORE-10 (psychological distress)",
)

# WEMWBS: Tennant et al. (2007), Health Qual Life Outcomes 5:63. 14 items scored 1-5, total 14-70.
WEMWBS = TotalOnlyMeasure(
    code="WEMWBS",
    name="Warwick-Edinburgh Mental Wellbeing Scale",
    item_count=14,
    lowest_answer=1,
    highest_answer=5,
    attribution="WEMWBS © NHS Health Scotland, University of Warwick and University of Edinburgh.",
    choice_label="WEMWBS (wellbeing, total only)",
)

# SWEMWBS: Stewart-Brown et al. (2009), Health Qual Life Outcomes 7:15. 7 items scored 1-5, raw total
# 7-35, converted to a metric score by the conversion table in Warwick Medical School's SWEMWBS
# scoring guidance (the official copy is in the user guide for registered users). We checked these
# values against two independent public transcriptions of that table, which agree value for value.
SWEMWBS_METRIC_SCORES = MappingProxyType(
    {
        raw: Decimal(metric)
        for raw, metric in {
            7: "7.00", 8: "9.51", 9: "11.25", 10: "12.40", 11: "13.33", 12: "14.08", 13: "14.75",
            14: "15.32", 15: "15.84", 16: "16.36", 17: "16.88", 18: "17.43", 19: "17.98", 20: "18.59",
            21: "19.25", 22: "19.98", 23: "20.73", 24: "21.54", 25: "22.35", 26: "23.21", 27: "24.11",
            28: "25.03", 29: "26.02", 30: "27.03", 31: "28.13", 32: "29.31", 33: "30.70", 34: "32.55",
            35: "35.00",
        }.items()
    }
)  # fmt: skip

SWEMWBS = TotalOnlyMeasure(
    code="SWEMWBS",
    name="Short Warwick-Edinburgh Mental Wellbeing Scale",
    item_count=7,
    lowest_answer=1,
    highest_answer=5,
    metric_conversion=SWEMWBS_METRIC_SCORES,
    attribution="SWEMWBS © NHS Health Scotland, University of Warwick and University of Edinburgh.",
    choice_label="SWEMWBS (short wellbeing scale, total only)",
)

# Every measure Throughcare records: adding one here (and its migration) is all it takes.
ITEMISED_MEASURES = {measure.code: measure for measure in (PHQ9, GAD7, CORE10)}
TOTAL_ONLY_MEASURES = {measure.code: measure for measure in (WEMWBS, SWEMWBS)}
