"""Statistical disclosure control: the one rule every published number about people passes through.

Before a count, rate, percentage, median or index about people leaves the server (page, chart,
CSV or API), it goes through a `DisclosureRule`. By default, at every level, England included:

- counts of 1 to 7 are shown as "*"; other counts are rounded to the nearest 5 (0 stays 0, and a
  count of 8 or more never rounds below 10);
- rates, percentages, medians and indices are not shown when based on fewer than 8 people, nor
  (rates and percentages) when their numerator is a hidden count, as the figure and its base
  would give the count back;
- in a table with totals, when a row or column has exactly one hidden entry, further entries are
  hidden (secondary suppression) until no hidden value can be worked out from the published
  cells and totals, whether from one row or column or by combining several;
- totals are rounded from their true values by the same rule, so rounded parts need not add up
  to the rounded total.

England is not exempt: a national figure for a short period or a small group is as small as any
local one ("White: referred 1, accepted 1" for one day). A deployment may still exempt levels with
`exempt_levels`, knowing that it publishes exact counts there.

A share (a percentage or rate of one count over another) is worked out from the published, rounded
counts with `disclose_share`, never from the true ones: "submitted ~30, accepted ~15, 60.7%" would
give back 28 and 17, where 15 of 30 (50%) tells a reader nothing the rounded counts did not.

Every result is a `Disclosed` value carrying the text to show, the machine value (None when
hidden) and why it was hidden, so pages, CSV and JSON all say the same thing.

Defaults can be changed with `THROUGHCARE_DISCLOSURE = {...}` in Django settings (keys are the
field names of `DisclosureRule`); the module works without Django settings too.
"""

import enum
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields

ENGLAND = "england"


class Suppression(enum.StrEnum):
    SMALL_COUNT = "small_count"  # primary: a count of 1 to 7
    SECONDARY = "secondary"  # hidden so a small count cannot be worked out from the totals
    SMALL_BASE = "small_base"  # a rate, percentage, median or index on too few people
    SMALL_NUMERATOR = "small_numerator"  # a rate or percentage whose count is hidden


@dataclass(frozen=True)
class DisclosureRule:
    hide_counts_up_to: int = 7
    rounding_base: int = 5
    minimum_base: int = 8
    symbol: str = "*"
    exempt_levels: frozenset[str] = field(default_factory=frozenset)
    hide_rates_with_hidden_numerator: bool = True

    def __post_init__(self):
        for name in ("hide_counts_up_to", "minimum_base"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(
                    f"Disclosure setting {name} must be a whole number of 0 or more; got {value!r}."
                )
        if (
            isinstance(self.rounding_base, bool)
            or not isinstance(self.rounding_base, int)
            or self.rounding_base < 1
        ):
            raise ValueError(
                f"Disclosure setting rounding_base must be 1 or more; got {self.rounding_base!r}."
            )
        if not self.symbol:
            raise ValueError("Disclosure setting symbol must not be empty.")
        object.__setattr__(self, "exempt_levels", frozenset(level.lower() for level in self.exempt_levels))

    @classmethod
    def from_settings(cls) -> "DisclosureRule":
        """The rule as configured in Django settings, or the defaults when there are none."""
        overrides = {}
        try:
            from django.conf import settings

            if settings.configured:
                overrides = dict(getattr(settings, "THROUGHCARE_DISCLOSURE", {}) or {})
        except ImportError:  # pragma: no cover - Django is a dependency; this keeps the module portable
            overrides = {}
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise ValueError(f"Unknown THROUGHCARE_DISCLOSURE settings: {', '.join(unknown)}.")
        if "exempt_levels" in overrides:
            overrides["exempt_levels"] = frozenset(overrides["exempt_levels"])
        return cls(**overrides)

    def is_exempt(self, level: str) -> bool:
        return level.lower() in self.exempt_levels

    def is_small(self, count: int) -> bool:
        return 1 <= count <= self.hide_counts_up_to

    def rounded(self, count: int) -> int:
        """Nearest multiple of the base (halves round up); a positive count never rounds to 0."""
        if count == 0:
            return 0
        nearest = (count + self.rounding_base // 2) // self.rounding_base * self.rounding_base
        return max(nearest, self.rounding_base)


@dataclass(frozen=True)
class Disclosed:
    """A number ready to publish: `text` to show, `value` for machines (None when hidden)."""

    text: str
    value: int | float | None
    suppressed: Suppression | None = None

    @property
    def is_suppressed(self) -> bool:
        return self.suppressed is not None

    def as_json(self) -> dict:
        return {"text": self.text, "value": self.value, "suppressed": self.suppressed}


def _rule(rule: DisclosureRule | None) -> DisclosureRule:
    return rule if rule is not None else DisclosureRule.from_settings()


def _check_count(count: int) -> None:
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(f"A count of people must be a whole number of 0 or more; got {count!r}.")


def _check_level(level: str) -> None:
    if not isinstance(level, str) or not level.strip():
        raise ValueError(
            f"Say which geographic level the figure is for (e.g. 'england', 'icb'); got {level!r}."
        )


def _hidden(rule: DisclosureRule, reason: Suppression) -> Disclosed:
    return Disclosed(rule.symbol, None, reason)


def disclose_count(count: int, *, level: str, rule: DisclosureRule | None = None) -> Disclosed:
    """A single count of people, with no published total beside it."""
    _check_count(count)
    _check_level(level)
    rule = _rule(rule)
    if rule.is_exempt(level):
        return Disclosed(f"{count:,}", count)
    if rule.is_small(count):
        return _hidden(rule, Suppression.SMALL_COUNT)
    shown = rule.rounded(count)
    return Disclosed(f"{shown:,}", shown)


def disclose_rate(
    value: float,
    *,
    base: int,
    numerator: int | None = None,
    level: str,
    decimals: int = 1,
    suffix: str = "",
    published_count: Disclosed | None = None,
    rule: DisclosureRule | None = None,
) -> Disclosed:
    """A rate, percentage, median or index computed from `base` people.

    Pass `numerator` for rates and percentages so a figure that would give back a hidden count is
    hidden too, and `published_count` when the rate's count is shown elsewhere (say, in a table):
    if that count is hidden, so is the rate. `suffix` is added to the text ("%" for a
    percentage); the value keeps full precision.
    """
    _check_count(base)
    _check_level(level)
    rule = _rule(rule)
    if base < rule.minimum_base:
        return _hidden(rule, Suppression.SMALL_BASE)
    if published_count is not None and published_count.is_suppressed:
        return _hidden(
            rule,
            Suppression.SMALL_NUMERATOR
            if published_count.suppressed is Suppression.SMALL_COUNT
            else Suppression.SECONDARY,
        )
    if numerator is not None:
        _check_count(numerator)
        if rule.hide_rates_with_hidden_numerator and not rule.is_exempt(level) and rule.is_small(numerator):
            return _hidden(rule, Suppression.SMALL_NUMERATOR)
    if value is None or not math.isfinite(value):
        raise ValueError(f"A rate to publish must be a finite number; got {value!r}.")
    return Disclosed(f"{value:,.{decimals}f}{suffix}", value)


def disclose_share(
    numerator: int,
    base: int,
    *,
    level: str,
    per: int = 100,
    decimals: int = 1,
    suffix: str = "%",
    published_numerator: Disclosed | None = None,
    published_base: Disclosed | None = None,
    rule: DisclosureRule | None = None,
) -> Disclosed:
    """`numerator` out of `base` people, per `per` (a percentage by default), worked out from the
    counts as published rather than the true ones, so the share tells a reader nothing the published
    counts do not. Pass the counts already published beside it (say, in a table whose secondary
    suppression hid them) as `published_numerator` and `published_base`; otherwise each count is
    disclosed on its own. Hidden when based on fewer than the minimum number of people, or when
    either count is hidden.
    """
    _check_count(numerator)
    _check_count(base)
    _check_level(level)
    rule = _rule(rule)
    if base < rule.minimum_base:
        return _hidden(rule, Suppression.SMALL_BASE)
    shown_numerator = published_numerator or disclose_count(numerator, level=level, rule=rule)
    shown_base = published_base or disclose_count(base, level=level, rule=rule)
    if shown_numerator.is_suppressed:
        return _hidden(
            rule,
            Suppression.SMALL_NUMERATOR
            if shown_numerator.suppressed is Suppression.SMALL_COUNT
            else Suppression.SECONDARY,
        )
    if shown_base.is_suppressed or not shown_base.value:
        return _hidden(rule, Suppression.SECONDARY)
    assert shown_numerator.value is not None  # not suppressed, so it has a value
    value = per * shown_numerator.value / shown_base.value
    return Disclosed(f"{value:,.{decimals}f}{suffix}", value)


def disclose_statistic(
    value: float,
    *,
    base: int,
    level: str,
    decimals: int = 1,
    suffix: str = "",
    rule: DisclosureRule | None = None,
) -> Disclosed:
    """A median, percentile or index: hidden when based on fewer than the minimum number of people."""
    return disclose_rate(value, base=base, level=level, decimals=decimals, suffix=suffix, rule=rule)


@dataclass(frozen=True)
class DisclosedTable:
    """A table of counts with its row, column and grand totals, ready to publish."""

    cells: tuple[tuple[Disclosed, ...], ...]
    row_totals: tuple[Disclosed, ...]
    column_totals: tuple[Disclosed, ...]
    grand_total: Disclosed


# Secondary suppression hides the fewest people it can, but prefers a non-zero cell to a zero (a
# small count paired with a hidden zero tells a reader the pair is small) and any cell to a total.
_ZERO_PENALTY = 10**6
_TOTAL_PENALTY = 10**12


def _extended(counts: Sequence[Sequence[int]]) -> list[list[int]]:
    """The table with its row totals as an extra column and column totals (and grand) as an extra row."""
    if not counts or not counts[0]:
        raise ValueError("A table needs at least one row and one column.")
    width = len(counts[0])
    for row in counts:
        if len(row) != width:
            raise ValueError(f"Every row of a table needs {width} cells; got a row of {len(row)}.")
        for count in row:
            _check_count(count)
    grid = [[*row, sum(row)] for row in counts]
    grid.append([sum(row[c] for row in grid) for c in range(width + 1)])
    return grid


_Node = tuple[str, int]  # a row or a column of the table, as a node of its graph


def _bridges(hidden: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """Hidden entries that lie on no cycle of the row-column graph: exactly those whose value the
    published cells and totals determine (each line is an equation; a cycle is a way to move value
    around hidden entries without changing any published figure)."""
    adjacent: dict[tuple[str, int], list[tuple[tuple[str, int], tuple[int, int]]]] = {}
    for r, c in hidden:
        adjacent.setdefault(("row", r), []).append((("column", c), (r, c)))
        adjacent.setdefault(("column", c), []).append((("row", r), (r, c)))
    order: dict[tuple[str, int], int] = {}
    low: dict[tuple[str, int], int] = {}
    found: list[tuple[int, int]] = []
    for start in sorted(adjacent):
        if start in order:
            continue
        order[start] = low[start] = len(order)
        # (node, the edge it was reached by (None for the start), its edges not yet followed)
        stack: list[tuple[_Node, tuple[int, int] | None, Iterator[tuple[_Node, tuple[int, int]]]]]
        stack = [(start, None, iter(adjacent[start]))]
        while stack:
            node, via, edges = stack[-1]
            advanced = False
            for neighbour, edge in edges:
                if edge == via:
                    continue
                if neighbour in order:
                    low[node] = min(low[node], order[neighbour])
                else:
                    order[neighbour] = low[neighbour] = len(order)
                    stack.append((neighbour, edge, iter(adjacent[neighbour])))
                    advanced = True
                    break
            if not advanced:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        assert via is not None  # only the start has no edge, and nothing is below it
                        found.append(via)
    return sorted(found)


def _cost(grid: list[list[int]], entry: tuple[int, int]) -> int:
    r, c = entry
    is_total = r == len(grid) - 1 or c == len(grid[0]) - 1
    return grid[r][c] + (_ZERO_PENALTY if grid[r][c] == 0 else 0) + (_TOTAL_PENALTY if is_total else 0)


def _protect(grid: list[list[int]], hidden: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Secondary suppression: close every determinable hidden entry into a rectangle of hidden
    entries, choosing the rectangle that hides the fewest people (cells before totals)."""
    hidden = set(hidden)
    rows, columns = len(grid), len(grid[0])
    while bridges := _bridges(hidden):
        r, c = bridges[0]
        best: tuple[int, int, tuple[int, int], set[tuple[int, int]]] | None = None
        for other_row in range(rows):
            for other_column in range(columns):
                if other_row == r or other_column == c:
                    continue
                corners = {(r, other_column), (other_row, c), (other_row, other_column)} - hidden
                candidate = (
                    sum(_cost(grid, e) for e in corners),
                    len(corners),
                    (other_row, other_column),
                    corners,
                )
                if best is None or candidate[:3] < best[:3]:
                    best = candidate
        # An extended table always has at least 2 rows and 2 columns, so a rectangle exists.
        assert best is not None
        hidden |= best[3]
    return hidden


def disclose_table(
    counts: Sequence[Sequence[int]],
    *,
    level: str,
    rule: DisclosureRule | None = None,
    hidden_elsewhere: Iterable[tuple[int, int]] = (),
) -> DisclosedTable:
    """Counts of people in rows x columns, published with row, column and grand totals.

    Below England level: primary suppression of small counts (cells and totals), then secondary
    suppression until no hidden entry can be worked out from what is published; published
    entries are rounded. `hidden_elsewhere` names entries (row totals at column index
    len(columns), column totals at row index len(rows)) that another published table of the same
    figures hides: they stay hidden here, so this table cannot give them back.
    """
    _check_level(level)
    rule = _rule(rule)
    grid = _extended(counts)
    exempt = rule.is_exempt(level)
    hidden: set[tuple[int, int]] = set()
    primary: set[tuple[int, int]] = set()
    if not exempt:
        primary = {
            (r, c) for r, row in enumerate(grid) for c, count in enumerate(row) if rule.is_small(count)
        }
        hidden = _protect(grid, primary | set(hidden_elsewhere))

    def entry(r: int, c: int) -> Disclosed:
        count = grid[r][c]
        if (r, c) in hidden:
            return _hidden(rule, Suppression.SMALL_COUNT if (r, c) in primary else Suppression.SECONDARY)
        shown = count if exempt else rule.rounded(count)
        return Disclosed(f"{shown:,}", shown)

    last_row, last_column = len(grid) - 1, len(grid[0]) - 1
    return DisclosedTable(
        cells=tuple(tuple(entry(r, c) for c in range(last_column)) for r in range(last_row)),
        row_totals=tuple(entry(r, last_column) for r in range(last_row)),
        column_totals=tuple(entry(last_row, c) for c in range(last_column)),
        grand_total=entry(last_row, last_column),
    )
