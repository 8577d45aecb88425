"""What the shared figures are added up from, for some of a cohort's referrals.

A tally holds counts (which add) and the people behind the per-person figures (which are sets, so
a person referred in two months counts once). Referrals submitted in different months are different
referrals, so the tallies of a period's months merge into the tally of the whole period: this is
what lets each month's tally be kept and shared (queries/facts.py, ADR 48) while the figures stay
exactly those of one read of the whole period.
"""

from django.utils import timezone

from throughcare.core.ethnicity import GROUPS, group_of
from throughcare.insight.queries.equity import GENDER_GROUPS, NOT_STATED, GroupJourney, gender_group
from throughcare.insight.queries.missing_middle_index import MissingMiddleCounter
from throughcare.insight.queries.placement import PeoplePlacer
from throughcare.referrals.states import ReferralState

# As plain strings, compared once per referral (the enum's own comparison costs more).
COMPLETED, DECLINED = str(ReferralState.COMPLETED), str(ReferralState.DECLINED)


class CohortTally:
    """Counts and people from referral fact rows (queries/facts.py reads them), added one at a time."""

    def __init__(self) -> None:
        self.submitted = self.accepted = self.seen = self.completed = 0
        self.days_histogram: dict[int, int] = {}  # whole days to the first decision -> referrals
        self.declines: dict[tuple[str, str], int] = {}  # (reason, tier) -> declined
        self.by_tier: dict[str, list[int]] = {}  # tier -> [decided, declined]
        # (ethnicity, gender) -> (people referred, people taken on, people who completed)
        self.people: dict[tuple[str, str], tuple[set, set, set]] = {}
        self.outside: dict[str, int] = {}  # rule code -> referrals sent outside it
        # (person's home is recorded, tier) -> {whole days to the first decision -> decided referrals}
        self.decision_days: dict[tuple[bool, str], dict[int, int]] = {}
        self.middle = MissingMiddleCounter()
        self.placer = PeoplePlacer()
        self.worked_out_at = timezone.now()  # what the tally says is as of then

    def add_rows(self, rows, tier_of: dict, overrides: dict, seen_recorded: bool) -> None:
        """Each row: id, state, person, ethnicity, gender, service, home authority, home country,
        then the kept facts (accepted, decided, days to decision, decline reason, and seen where
        appointments are recorded); any further columns are not read. `tier_of` maps service to
        tier; `overrides` referral to the rules it was sent outside of."""
        middle, placer = self.middle, self.placer
        for row in rows:
            id_, state, person_id, ethnicity, gender, service_id, home, home_country = row[:8]
            accepted, decided, days, reason = row[8:12]
            tier = tier_of.get(service_id) or ""
            middle.add(person_id, tier, reason, accepted)
            placer.add(person_id, service_id, home, home_country)
            for rule in overrides.get(id_, ()):
                self.outside[rule] = self.outside.get(rule, 0) + 1
            completed = state == COMPLETED
            declined = state == DECLINED
            self.submitted += 1
            self.accepted += bool(accepted)
            self.completed += completed
            if seen_recorded and row[12]:
                self.seen += 1
            if days is not None:
                self.days_histogram[int(days)] = self.days_histogram.get(int(days), 0) + 1
                if decided:
                    by_days = self.decision_days.get((home is not None, tier))
                    if by_days is None:
                        by_days = self.decision_days[(home is not None, tier)] = {}
                    by_days[int(days)] = by_days.get(int(days), 0) + 1
            if declined:
                self.declines[(reason or "", tier)] = self.declines.get((reason or "", tier), 0) + 1
            # Looked up, and made only when missing: a default built for every row costs a tenth of the read.
            totals = self.by_tier.get(tier)
            if totals is None:
                totals = self.by_tier[tier] = [0, 0]
            totals[0] += bool(decided)
            totals[1] += declined
            sets = self.people.get((ethnicity, gender))
            if sets is None:
                sets = self.people[(ethnicity, gender)] = (set(), set(), set())
            referred, accepted_people, completed_people = sets
            referred.add(person_id)
            if accepted:
                accepted_people.add(person_id)
            if completed:
                completed_people.add(person_id)

    def merge(self, other: "CohortTally") -> None:
        """Add another tally of different referrals into this one (the other is left as it was)."""
        self.submitted += other.submitted
        self.accepted += other.accepted
        self.seen += other.seen
        self.completed += other.completed
        _add_counts(self.days_histogram, other.days_histogram)
        _add_counts(self.declines, other.declines)
        _add_counts(self.outside, other.outside)
        for key, by_days in other.decision_days.items():
            _add_counts(self.decision_days.setdefault(key, {}), by_days)
        for tier, (decided, declined) in other.by_tier.items():
            totals = self.by_tier.setdefault(tier, [0, 0])
            totals[0] += decided
            totals[1] += declined
        for pair, others in other.people.items():
            sets = self.people.get(pair)
            if sets is None:
                sets = self.people[pair] = (set(), set(), set())
            for mine, theirs in zip(sets, others, strict=True):
                mine |= theirs
        self.middle.merge(other.middle)
        self.placer.merge(other.placer)

    def decision_days_by_tier(self, *, residents_only: bool) -> dict[str, dict[int, int]]:
        """Tier -> {whole days to the first decision -> decided referrals}: of people whose home is
        recorded (below England, the area's residents), or of everyone."""
        found: dict[str, dict[int, int]] = {}
        for (home_recorded, tier), by_days in self.decision_days.items():
            if home_recorded or not residents_only:
                _add_counts(found.setdefault(tier, {}), by_days)
        return found

    def journeys(self) -> tuple[dict[str, GroupJourney], dict[tuple[str, str], GroupJourney]]:
        """Journeys by ethnic group, and by ethnic group and gender, from the people of each recorded
        (ethnicity, gender): each person has one of each, so the people of different pairs are
        different people and their counts add up."""
        journeys = {code: GroupJourney(code) for code in (*GROUPS, NOT_STATED)}
        by_gender = {
            (group, gender): GroupJourney(group)
            for group in (*GROUPS, NOT_STATED)
            for gender in GENDER_GROUPS
        }
        for (ethnicity, gender), (referred, accepted_people, completed_people) in self.people.items():
            group = group_of(ethnicity) or NOT_STATED
            for journey in (journeys[group], by_gender[(group, gender_group(gender))]):
                journey.referred += len(referred)
                journey.accepted += len(accepted_people)
                journey.completed += len(completed_people)
        return journeys, by_gender


def _add_counts(into: dict, more: dict) -> None:
    for key, count in more.items():
        into[key] = into.get(key, 0) + count
