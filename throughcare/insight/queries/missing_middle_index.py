"""The missing middle as one index: people whose needs sit between the low-level wellbeing offer
and specialist services, who were turned away and not taken on anywhere, per 1,000 people referred.

A person is **in the missing middle** when, among their referrals submitted in the period, a
low-level wellbeing or primary care service declined them as needs too high, or a secondary care
or specialist service declined them as needs too low: their needs are above what the lower tiers
offer and below what the upper tiers take. They were **not served** when no service took them on
(accepted, or booked an assessment) from any of their referrals in the period.

    index = 1,000 x (people in the missing middle and not served) / (people referred)

It is counted per person, not per referral, so a person declined three times counts once. The
methods page gives the worked examples the tests use.
"""

from dataclasses import dataclass

from throughcare.referrals.reasons import ReasonCode

LOWER_TIERS = frozenset({"wellbeing", "primary"})
UPPER_TIERS = frozenset({"secondary", "specialist"})
PER = 1000


@dataclass(frozen=True)
class MissingMiddle:
    referred: int  # distinct people referred in the period
    in_middle: int  # of them, declined as too high by a lower tier or too low by an upper tier
    not_served: int  # of those, taken on by no service in the period


def is_middle_decline(tier: str, reason: str) -> bool:
    """A decline that puts a person in the missing middle."""
    return (reason == ReasonCode.OUTSIDE_CRITERIA_NEEDS_TOO_HIGH and tier in LOWER_TIERS) or (
        reason == ReasonCode.OUTSIDE_CRITERIA_NEEDS_TOO_LOW and tier in UPPER_TIERS
    )


IN_MIDDLE, TAKEN_ON = 1, 2  # what is known of a person, as bits: merging two is one OR


class MissingMiddleCounter:
    """Counts people into the index from referrals read one at a time (the shared facts query)."""

    def __init__(self):
        self._people: dict[object, int] = {}  # person -> IN_MIDDLE and TAKEN_ON bits

    def add(self, person_id, tier: str, reason: str | None, accepted: bool) -> None:
        known = self._people.get(person_id, 0)
        if reason and not known & IN_MIDDLE and is_middle_decline(tier or "", reason):
            known |= IN_MIDDLE
        if accepted:
            known |= TAKEN_ON
        self._people[person_id] = known

    def merge(self, other: "MissingMiddleCounter") -> None:
        """Count in another counter's people (of other referrals): a person is in the middle, or taken
        on, when either says so."""
        if not self._people:
            self._people = dict(other._people)
            return
        people = self._people
        for person_id, known in other._people.items():
            people[person_id] = people.get(person_id, 0) | known

    def result(self) -> MissingMiddle:
        middle = [known for known in self._people.values() if known & IN_MIDDLE]
        return MissingMiddle(
            len(self._people), len(middle), sum(1 for known in middle if not known & TAKEN_ON)
        )


def missing_middle_of(referrals) -> MissingMiddle:
    """The index's counts from (person, tier, decline reason, accepted) rows, one per referral."""
    counter = MissingMiddleCounter()
    for person_id, tier, reason, accepted in referrals:
        counter.add(person_id, tier, reason, accepted)
    return counter.result()
