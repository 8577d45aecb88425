"""Disclosure control: counts, rates and tables, and proof that hidden values stay hidden."""

from fractions import Fraction
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from throughcare.core.disclosure import (
    Disclosed,
    DisclosureRule,
    Suppression,
    disclose_count,
    disclose_rate,
    disclose_share,
    disclose_statistic,
    disclose_table,
)

RULE = DisclosureRule()


@pytest.mark.parametrize(
    ("count", "text", "value"),
    [(0, "0", 0), (8, "10", 10), (12, "10", 10), (13, "15", 15), (1234, "1,235", 1235)],
)
def test_counts_below_england_level_are_rounded_to_the_nearest_5(count, text, value):
    assert disclose_count(count, level="icb", rule=RULE) == Disclosed(text, value)


@pytest.mark.parametrize("count", range(1, 8))
def test_counts_of_1_to_7_are_hidden_below_england_level(count):
    assert disclose_count(count, level="local_authority", rule=RULE) == Disclosed(
        "*", None, Suppression.SMALL_COUNT
    )


def test_england_counts_are_controlled_like_any_other_level():
    assert disclose_count(3, level="england", rule=RULE) == Disclosed("*", None, Suppression.SMALL_COUNT)
    assert disclose_count(1234, level="England", rule=RULE) == Disclosed("1,235", 1235)


def test_a_deployment_may_still_exempt_a_level_and_then_publishes_exact_counts():
    rule = DisclosureRule(exempt_levels=frozenset({"england"}))
    assert disclose_count(3, level="england", rule=rule) == Disclosed("3", 3)


def test_rate_on_fewer_than_8_people_is_hidden_at_every_level():
    for level in ("england", "icb"):
        assert disclose_rate(42.0, base=7, level=level, rule=RULE).suppressed is Suppression.SMALL_BASE


def test_england_rate_whose_numerator_is_small_is_hidden():
    result = disclose_rate(62.5, base=8, numerator=5, level="england", suffix="%", rule=RULE)
    assert result.suppressed is Suppression.SMALL_NUMERATOR


def test_rate_whose_numerator_is_a_hidden_count_is_hidden():
    result = disclose_rate(3.0, base=100, numerator=3, level="icb", suffix="%", rule=RULE)
    assert result == Disclosed("*", None, Suppression.SMALL_NUMERATOR)


def test_rate_is_hidden_when_its_count_is_hidden_in_a_table():
    table = disclose_table([[3, 20, 30], [12, 40, 50], [9, 11, 60]], level="icb", rule=RULE)
    secondary = disclose_rate(
        20.0, base=100, numerator=20, level="icb", published_count=table.cells[0][1], rule=RULE
    )
    assert secondary == Disclosed("*", None, Suppression.SECONDARY)
    shown = disclose_rate(
        30.0, base=100, numerator=30, level="icb", published_count=table.cells[0][2], rule=RULE
    )
    assert shown.text == "30.0"


def test_rate_with_a_zero_numerator_is_shown():
    assert disclose_rate(0.0, base=100, numerator=0, level="icb", rule=RULE).text == "0.0"


def test_median_on_fewer_than_8_people_is_hidden():
    assert disclose_statistic(12.0, base=7, level="icb", rule=RULE).suppressed is Suppression.SMALL_BASE
    assert disclose_statistic(12.0, base=8, level="icb", decimals=0, rule=RULE).text == "12"


def test_disclosed_as_json():
    assert disclose_count(5, level="icb", rule=RULE).as_json() == {
        "text": "*",
        "value": None,
        "suppressed": "small_count",
    }


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: disclose_count(-1, level="icb", rule=RULE),
            r"^A count of people must be a whole number of 0 or more",
        ),
        (
            lambda: disclose_count(2.5, level="icb", rule=RULE),
            r"^A count of people must be a whole number of 0 or more",
        ),
        (lambda: disclose_count(3, level="", rule=RULE), r"^Say which geographic level the figure is for"),
        (
            lambda: disclose_rate(float("nan"), base=10, level="icb", rule=RULE),
            r"^A rate to publish must be a finite",
        ),
        (
            lambda: disclose_table([[1, 2], [3]], level="icb", rule=RULE),
            r"^Every row of a table needs 2 cells",
        ),
        (
            lambda: disclose_table([], level="icb", rule=RULE),
            r"^A table needs at least one row and one column\.$",
        ),
        (lambda: DisclosureRule(rounding_base=0), r"^Disclosure setting rounding_base must be 1 or more"),
        (lambda: DisclosureRule(minimum_base=-1), r"^Disclosure setting minimum_base must be a whole number"),
    ],
)
def test_bad_input_is_refused_with_a_specific_message(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_rule_reads_django_settings(settings):
    settings.THROUGHCARE_DISCLOSURE = {
        "hide_counts_up_to": 9,
        "rounding_base": 10,
        "exempt_levels": ["england", "nhs_region"],
    }
    rule = DisclosureRule.from_settings()
    assert (rule.hide_counts_up_to, rule.rounding_base) == (9, 10)
    assert rule.is_exempt("nhs_region")
    assert disclose_count(9, level="icb").text == "*"  # the settings are the default rule


def test_rule_defaults_without_settings(settings):
    del settings.THROUGHCARE_DISCLOSURE
    assert DisclosureRule.from_settings() == DisclosureRule()


def test_rule_refuses_unknown_settings(settings):
    settings.THROUGHCARE_DISCLOSURE = {"threshold": 5}
    with pytest.raises(ValueError, match=r"^Unknown THROUGHCARE_DISCLOSURE settings: threshold\.$"):
        DisclosureRule.from_settings()


def test_a_positive_count_never_rounds_to_zero():
    assert DisclosureRule(hide_counts_up_to=0, rounding_base=10).rounded(2) == 10


def _texts(table):
    return [
        [cell.text for cell in row] + [total.text]
        for row, total in zip(table.cells, table.row_totals, strict=True)
    ] + [[total.text for total in table.column_totals] + [table.grand_total.text]]


def test_table_hides_a_small_cell_and_enough_others_to_protect_it():
    table = disclose_table([[3, 20, 30], [12, 40, 50], [9, 11, 60]], level="icb", rule=RULE)
    assert _texts(table) == [
        ["*", "*", "30", "55"],
        ["10", "40", "50", "100"],
        ["*", "*", "60", "80"],
        ["25", "70", "140", "235"],
    ]
    assert table.cells[0][0].suppressed is Suppression.SMALL_COUNT
    assert table.cells[2][1].suppressed is Suppression.SECONDARY


def test_table_at_an_exempt_level_is_exact():
    rule = DisclosureRule(exempt_levels=frozenset({"england"}))
    table = disclose_table([[3, 20], [12, 41]], level="england", rule=rule)
    assert _texts(table) == [["3", "20", "23"], ["12", "41", "53"], ["15", "61", "76"]]


def test_table_without_small_counts_is_only_rounded():
    table = disclose_table([[13, 20], [12, 41]], level="icb", rule=RULE)
    assert _texts(table) == [["15", "20", "35"], ["10", "40", "55"], ["25", "60", "85"]]


# --- Proof that no hidden value can be worked out ---------------------------------------------
#
# The adversary knows the true value of every published entry (stronger than the rounded value we
# publish) and that every row and column adds up to its total. Each line is an equation over the
# hidden entries of the table extended with its totals.


def _extended(counts):
    grid = [[*row, sum(row)] for row in counts]
    grid.append([sum(row[c] for row in grid) for c in range(len(grid[0]))])
    return grid


def _hidden_entries(table):
    rows = [[*row, total] for row, total in zip(table.cells, table.row_totals, strict=True)]
    rows.append([*table.column_totals, table.grand_total])
    return {(r, c) for r, row in enumerate(rows) for c, entry in enumerate(row) if entry.is_suppressed}


def _equations(grid, hidden):
    """Each line as {hidden entry: coefficient} (published entries move to the known side)."""
    last_row, last_column = len(grid) - 1, len(grid[0]) - 1
    equations = []
    for r in range(last_row + 1):
        line = {(r, c): (-1 if c == last_column else 1) for c in range(last_column + 1)}
        equations.append({e: k for e, k in line.items() if e in hidden})
    for c in range(last_column + 1):
        line = {(r, c): (-1 if r == last_row else 1) for r in range(last_row + 1)}
        equations.append({e: k for e, k in line.items() if e in hidden})
    return equations


def _combine(first, second, sign):
    combined = dict(first)
    for entry, coefficient in second.items():
        combined[entry] = combined.get(entry, 0) + sign * coefficient
    return {e: k for e, k in combined.items() if k}


def derivable_by_lines(grid, hidden):
    """Hidden entries alone in one row or column, or alone after adding or subtracting two lines."""
    equations = _equations(grid, hidden)
    candidates = list(equations)
    for first, second in combinations(equations, 2):
        candidates += [_combine(first, second, 1), _combine(first, second, -1)]
    return {next(iter(equation)) for equation in candidates if len(equation) == 1}


def derivable_by_any_combination(grid, hidden):
    """Hidden entries fixed by some combination of all the line equations (Gaussian elimination)."""
    order = sorted(hidden)
    rows = [[Fraction(equation.get(e, 0)) for e in order] for equation in _equations(grid, hidden)]
    pivots, pivot_row = [], 0
    for column in range(len(order)):
        found = next((r for r in range(pivot_row, len(rows)) if rows[r][column]), None)
        if found is None:
            continue
        rows[pivot_row], rows[found] = rows[found], rows[pivot_row]
        lead = rows[pivot_row][column]
        rows[pivot_row] = [value / lead for value in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][column]:
                factor = rows[r][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
        pivots.append((column, pivot_row))
        pivot_row += 1
    return {
        order[column]
        for column, r in pivots
        if all(value == 0 for k, value in enumerate(rows[r]) if k != column)
    }


def test_checkers_catch_a_lone_hidden_cell_and_a_bridge_between_two_protected_blocks():
    grid = _extended([[3, 20], [12, 40]])
    assert derivable_by_lines(grid, {(0, 0)}) == {(0, 0)}
    # Two 2 x 2 blocks of hidden cells joined by one more hidden cell: that cell is fixed by
    # combining lines, though every line holds at least two hidden entries.
    grid = _extended([[5] * 4 for _ in range(4)])
    blocks = {(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3)}
    assert derivable_by_any_combination(grid, blocks | {(1, 2)}) == {(1, 2)}
    assert derivable_by_any_combination(grid, blocks) == set()


tables = st.integers(min_value=1, max_value=5).flatmap(
    lambda width: st.lists(
        st.lists(st.one_of(st.integers(0, 7), st.integers(8, 80)), min_size=width, max_size=width),
        min_size=1,
        max_size=5,
    )
)


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_hidden_value_can_be_derived_from_what_is_published(counts):
    table = disclose_table(counts, level="icb", rule=RULE)
    grid, hidden = _extended(counts), _hidden_entries(table)
    assert derivable_by_lines(grid, hidden) == set()
    assert derivable_by_any_combination(grid, hidden) == set()


@settings(max_examples=300, deadline=None)
@given(tables)
def test_published_counts_are_multiples_of_5_and_never_1_to_7(counts):
    table = disclose_table(counts, level="icb", rule=RULE)
    entries = [cell for row in table.cells for cell in row]
    entries += [*table.row_totals, *table.column_totals, table.grand_total]
    for entry in entries:
        if entry.is_suppressed:
            assert (entry.text, entry.value) == ("*", None)
        else:
            assert entry.value % 5 == 0
            assert not 1 <= entry.value <= 7
            assert entry.text == f"{entry.value:,}"


@given(st.integers(min_value=0, max_value=100_000))
def test_a_single_count_below_england_level_is_never_shown_as_1_to_7(count):
    shown = disclose_count(count, level="pdu", rule=RULE)
    assert shown.value is None or (shown.value % 5 == 0 and not 1 <= shown.value <= 7)


# --- Shares cannot be used to undo rounding ------------------------------------------------------


def _published_share(numerator: int, base: int, level: str = "icb") -> tuple[str, str, str]:
    """Everything a page shows for a share: its count, its base and the share itself."""
    return (
        disclose_count(numerator, level=level, rule=RULE).text,
        disclose_count(base, level=level, rule=RULE).text,
        disclose_share(numerator, base, level=level, rule=RULE).text,
    )


def test_a_share_is_worked_out_from_the_rounded_counts():
    # 17 of 28 is 60.7%: shown beside "15" and "30" it fits only 17 and 28. From the rounded counts it
    # is 50%, which any pair rounding to 15 and 30 would show.
    assert _published_share(17, 28) == ("15", "30", "50.0%")
    assert _published_share(17, 28, level="england") == ("15", "30", "50.0%")


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=400), st.integers(min_value=0, max_value=400))
def test_no_true_count_can_be_recovered_from_a_published_share(numerator, extra):
    base = numerator + extra
    published = _published_share(numerator, base)
    consistent = {
        (n, b)
        for n in range(max(0, numerator - 10), numerator + 11)
        for b in range(max(n, base - 10), base + 11)
        if _published_share(n, b) == published
    }
    # Other true numerators publish exactly the same figures, so the true one cannot be worked out.
    assert len({n for n, _b in consistent}) > 1


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=400))
def test_a_share_says_nothing_the_published_counts_do_not(numerator, extra):
    base = numerator + extra
    published = _published_share(numerator, base)
    for n in range(max(0, numerator - 5), numerator + 6):
        for b in range(max(n, base - 5), base + 6):
            other = _published_share(n, b)
            if other[:2] == published[:2]:
                assert other[2] == published[2]


def test_a_share_with_a_hidden_count_beside_it_is_hidden():
    hidden = disclose_count(5, level="icb", rule=RULE)
    share = disclose_share(5, 40, level="icb", published_numerator=hidden, rule=RULE)
    assert share == Disclosed("*", None, Suppression.SMALL_NUMERATOR)
    secondary = Disclosed("*", None, Suppression.SECONDARY)
    assert disclose_share(20, 40, level="icb", published_base=secondary, rule=RULE).is_suppressed


def test_a_share_of_fewer_than_8_people_is_hidden_at_every_level():
    for level in ("england", "icb"):
        assert disclose_share(0, 7, level=level, rule=RULE).suppressed is Suppression.SMALL_BASE
