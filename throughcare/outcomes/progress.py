"""First and last score per measure, the change between them, and what the scoring package makes of it.

Works on plain rows (measure code, date, total), so the referral page, the API and the end-of-service
summary describe change in the same words. The judgements themselves (reliable change, recovery)
come from `change.py`; this module only picks the first and last score and words the result.
"""

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date

from throughcare.outcomes.change import Change, reliable_change, talking_therapies_outcome
from throughcare.outcomes.measures import GAD7, ITEMISED_MEASURES, PHQ9, TOTAL_ONLY_MEASURES

MEASURE_ORDER = (*ITEMISED_MEASURES, *TOTAL_ONLY_MEASURES)
CHANGE_WORDS = {
    Change.RELIABLE_IMPROVEMENT: "Reliable improvement",
    Change.NO_RELIABLE_CHANGE: "No reliable change",
    Change.RELIABLE_DETERIORATION: "Reliable deterioration",
}


@dataclass(frozen=True)
class Score:
    measure: str
    recorded_on: date
    total: int


@dataclass(frozen=True)
class MeasureChange:
    measure: str
    scores: int
    first_on: date
    first_total: int
    last_on: date
    last_total: int
    reliable_change: str  # a Change value, or "" where the measure has no threshold or one score

    @property
    def difference(self) -> int:
        return self.last_total - self.first_total

    @property
    def higher_is_better(self) -> bool:
        # The wellbeing scales count up; the symptom measures count down as people get better.
        return self.measure in TOTAL_ONLY_MEASURES

    @property
    def change_words(self) -> str:
        if self.scores < 2:
            return "Only one score so far"
        if self.difference == 0:
            return "No change"
        direction = "Up" if self.difference > 0 else "Down"
        return (
            f"{direction} {abs(self.difference)} ({'higher' if self.higher_is_better else 'lower'} is better)"
        )

    @property
    def reliable_change_words(self) -> str:
        if self.scores < 2:
            return ""
        if not self.reliable_change:
            return "Reliable change is not assessed for this measure"
        return CHANGE_WORDS[Change(self.reliable_change)]

    def as_json(self) -> dict:
        values = asdict(self)
        values["first_on"] = self.first_on.isoformat()
        values["last_on"] = self.last_on.isoformat()
        return values

    @classmethod
    def from_json(cls, values: dict) -> "MeasureChange":
        return cls(
            **{
                **values,
                "first_on": date.fromisoformat(values["first_on"]),
                "last_on": date.fromisoformat(values["last_on"]),
            }
        )


def measure_changes(scores: Iterable[Score]) -> list[MeasureChange]:
    """Per measure with any score, in the package's order: its first and last score, oldest first.

    `scores` must already be in the order they were taken (date, then entry).
    """
    by_measure: dict[str, list[Score]] = {}
    for score in scores:
        by_measure.setdefault(score.measure, []).append(score)
    changes = []
    for code in MEASURE_ORDER:
        taken = by_measure.get(code)
        if not taken:
            continue
        first, last = taken[0], taken[-1]
        measure = ITEMISED_MEASURES.get(code)
        reliable = ""
        if len(taken) > 1 and measure is not None and measure.reliable_change is not None:
            reliable = str(reliable_change(measure, first.total, last.total))
        changes.append(
            MeasureChange(
                code, len(taken), first.recorded_on, first.total, last.recorded_on, last.total, reliable
            )
        )
    return changes


def recovery(changes: list[MeasureChange]) -> dict | None:
    """NHS Talking Therapies recovery from first and last PHQ-9 and GAD-7; None without two of each."""
    found = {change.measure: change for change in changes if change.scores > 1}
    phq9, gad7 = found.get(PHQ9.code), found.get(GAD7.code)
    if phq9 is None or gad7 is None:
        return None
    outcome = talking_therapies_outcome(
        phq9_before=phq9.first_total,
        gad7_before=gad7.first_total,
        phq9_after=phq9.last_total,
        gad7_after=gad7.last_total,
    )
    return {
        "at_caseness_at_start": outcome.at_caseness_at_start,
        "recovered": outcome.recovered,
        "reliable_improvement": outcome.reliable_improvement,
        "reliable_deterioration": outcome.reliable_deterioration,
        "reliable_recovery": outcome.reliable_recovery,
    }


def recovery_words(result: dict | None) -> str:
    """One sentence for the page and the summary."""
    if result is None:
        return "Recovery is assessed when PHQ-9 and GAD-7 have each been recorded at least twice."
    if not result["at_caseness_at_start"]:
        return "Below the clinical cut-off on PHQ-9 and GAD-7 at the start, so recovery does not apply" + (
            ": reliable improvement." if result["reliable_improvement"] else "."
        )
    if result["reliable_recovery"]:
        return "Reliable recovery: recovered, with reliable improvement."
    if result["recovered"]:
        return "Recovered, without reliable improvement."
    if result["reliable_improvement"]:
        return "Reliable improvement, not recovered."
    if result["reliable_deterioration"]:
        return "Reliable deterioration."
    return "Not recovered, and no reliable change."
