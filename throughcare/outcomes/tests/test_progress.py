"""First and last score per measure, and how the change is worded (no database)."""

from datetime import date

from throughcare.outcomes.progress import MeasureChange, Score, measure_changes, recovery, recovery_words

D1, D2, D3 = date(2026, 1, 5), date(2026, 2, 2), date(2026, 3, 2)


def test_first_and_last_are_the_oldest_and_newest_scores():
    [change] = measure_changes([Score("PHQ-9", D1, 20), Score("PHQ-9", D2, 18), Score("PHQ-9", D3, 9)])
    assert (change.first_total, change.last_total, change.scores) == (20, 9, 3)
    assert change.change_words == "Down 11 (lower is better)"
    assert change.reliable_change_words == "Reliable improvement"


def test_a_change_below_the_threshold_is_not_reliable():
    [change] = measure_changes([Score("GAD-7", D1, 10), Score("GAD-7", D3, 13)])
    assert change.change_words == "Up 3 (lower is better)"
    assert change.reliable_change_words == "No reliable change"


def test_a_reliable_rise_is_deterioration():
    [change] = measure_changes([Score("CORE-10", D1, 10), Score("CORE-10", D3, 16)])
    assert change.reliable_change_words == "Reliable deterioration"


def test_wellbeing_scales_count_up_and_have_no_threshold_here():
    [change] = measure_changes([Score("WEMWBS", D1, 40), Score("WEMWBS", D3, 46)])
    assert change.change_words == "Up 6 (higher is better)"
    assert change.reliable_change_words == "Reliable change is not assessed for this measure"


def test_one_score_has_no_change():
    [change] = measure_changes([Score("PHQ-9", D1, 12)])
    assert (change.change_words, change.reliable_change_words) == ("Only one score so far", "")


def test_measures_come_in_a_fixed_order():
    changes = measure_changes([Score("SWEMWBS", D1, 20), Score("GAD-7", D1, 5), Score("PHQ-9", D1, 5)])
    assert [c.measure for c in changes] == ["PHQ-9", "GAD-7", "SWEMWBS"]


def test_a_change_survives_being_stored_as_json():
    [change] = measure_changes([Score("PHQ-9", D1, 20), Score("PHQ-9", D3, 9)])
    assert MeasureChange.from_json(change.as_json()) == change


def test_recovery_needs_two_of_each_of_phq9_and_gad7():
    changes = measure_changes([Score("PHQ-9", D1, 15), Score("PHQ-9", D3, 4), Score("GAD-7", D1, 12)])
    assert recovery(changes) is None
    assert recovery_words(None).startswith("Recovery is assessed when PHQ-9 and GAD-7")


def test_reliable_recovery_is_worded():
    scores = [Score("PHQ-9", D1, 15), Score("GAD-7", D1, 12), Score("PHQ-9", D3, 4), Score("GAD-7", D3, 5)]
    assert (
        recovery_words(recovery(measure_changes(scores)))
        == "Reliable recovery: recovered, with reliable improvement."
    )


def test_below_caseness_at_the_start_recovery_does_not_apply():
    scores = [Score("PHQ-9", D1, 8), Score("GAD-7", D1, 6), Score("PHQ-9", D3, 1), Score("GAD-7", D3, 1)]
    words = recovery_words(recovery(measure_changes(scores)))
    assert words == (
        "Below the clinical cut-off on PHQ-9 and GAD-7 at the start, so recovery does not apply: "
        "reliable improvement."
    )
