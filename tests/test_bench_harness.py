"""The benchmark harness's percentiles and verdicts: a goal is judged only on a trustworthy figure."""

from bench import harness


def test_percentile_is_nearest_rank():
    samples = [float(n) for n in range(1, 16)]  # 15 runs
    # With 15 runs the 95th percentile is the slowest run itself, not the second slowest.
    assert harness.percentile(samples, 0.95) == 15.0
    hundred = [float(n) for n in range(1, 101)]
    assert harness.percentile(hundred, 0.95) == 95.0
    assert harness.percentile(hundred, 0.50) == 50.0


def _steadiness(ratio: float) -> dict:
    return {"ratio": ratio, "steady": ratio <= harness.STEADY_RATIO_LIMIT, "load": 0.0}


def test_goal_verdict_only_on_a_steady_machine_and_enough_runs(capsys):
    enough = {"p95_ms": 120.0, "runs": 200}
    harness.judge_on(_steadiness(1.1))
    harness.goal("steady, too slow", enough, 100)
    harness.goal("steady, fast enough", enough, 150)
    harness.goal("steady, few runs", {"p95_ms": 10.0, "runs": 15}, 150)
    harness.judge_on(_steadiness(1.1), _steadiness(1.8))  # noisy after a long run
    harness.goal("noisy", enough, 150)
    lines = capsys.readouterr().out.splitlines()
    assert "MISSES it" in lines[0]
    assert "meets it" in lines[1]
    assert "no verdict: only 15 runs" in lines[2]
    assert "no verdict: machine too noisy (steadiness 1.80x)" in lines[3]
