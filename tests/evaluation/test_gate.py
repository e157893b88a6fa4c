"""Regression gates: statuses per metric, directions, tolerances, one-line failures, the pytest helper, the CLI."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from labkit.errors import InvalidInputError, RegressionGateError
from labkit.evaluation.gate import assert_no_regression, compare_to_baseline, load_baseline, save_baseline

BASELINE = {"metrics": {"exact_match": {"value": 0.80, "tolerance": 0.02},
                        "token_f1": {"value": 0.90, "tolerance": 0.0},
                        "p95_latency_s": {"value": 1.5, "tolerance": 0.25, "higher_is_better": False}}}


def _status(metrics):
    return {r.metric: r.status for r in compare_to_baseline(metrics, BASELINE).rows}


def test_statuses_respect_tolerance_and_direction():
    assert _status({"exact_match": 0.78, "token_f1": 0.90, "p95_latency_s": 1.75}) == {
        "exact_match": "ok", "token_f1": "ok", "p95_latency_s": "ok"}  # exactly at the tolerance is within it
    assert _status({"exact_match": 0.77, "token_f1": 0.95, "p95_latency_s": 1.0}) == {
        "exact_match": "regressed", "token_f1": "improved", "p95_latency_s": "improved"}
    assert _status({"exact_match": 0.9, "token_f1": 0.9, "p95_latency_s": 1.8})["p95_latency_s"] == "regressed"


def test_a_missing_metric_fails_the_gate_and_extra_metrics_are_ignored():
    result = compare_to_baseline({"exact_match": 0.8, "p95_latency_s": 1.0, "new_metric": 0.1}, BASELINE)
    assert not result.passed
    assert result.message == "eval gate failed: token_f1 is in the baseline but missing from the run"


def test_the_message_is_one_line_naming_the_first_failure_and_counting_the_rest():
    result = compare_to_baseline({"exact_match": 0.5, "token_f1": 0.8, "p95_latency_s": 3.0}, BASELINE)
    assert "\n" not in result.message
    assert result.message.startswith("eval gate failed: exact_match 0.5 is below the baseline 0.8 by 0.3")
    assert result.message.endswith("(and 2 more: token_f1, p95_latency_s)")
    assert "p95_latency_s" in result.table() and result.table().count("regressed") == 3


def test_passing_gate_suggests_raising_an_improved_baseline():
    result = compare_to_baseline({"exact_match": 0.95, "token_f1": 0.9, "p95_latency_s": 1.5}, BASELINE)
    assert result.passed and "improved: exact_match" in result.message


def test_assert_no_regression_raises_an_assertion_naming_the_metric(tmp_path):
    path = save_baseline({"exact_match": 0.8, "latency": 2.0}, tmp_path / "b.json", tolerance=0.01,
                         tolerances={"latency": 0.5}, lower_is_better=("latency",))
    assert load_baseline(path)["metrics"]["latency"] == {"value": 2.0, "tolerance": 0.5, "higher_is_better": False}
    assert assert_no_regression({"exact_match": 0.795, "latency": 2.4}, path).passed
    with pytest.raises(AssertionError) as info:
        assert_no_regression({"exact_match": 0.7, "latency": 2.0}, path)
    assert isinstance(info.value, RegressionGateError) and info.value.metric == "exact_match"
    assert str(info.value) == "eval gate failed: exact_match 0.7 is below the baseline 0.8 by 0.1 (tolerance 0.01)"


def test_plain_baselines_use_the_default_tolerance():
    assert compare_to_baseline({"acc": 0.75}, {"acc": 0.8}, default_tolerance=0.05).passed
    assert not compare_to_baseline({"acc": 0.75}, {"acc": 0.8}).passed


@pytest.mark.parametrize("baseline, message", [
    ({}, "maps metric names"),
    ({"acc": {"tolerance": 0.1}}, "needs 'value'"),
    ({"acc": {"value": 0.8, "tol": 0.1}}, "needs 'value'"),
    ({"acc": {"value": 0.8, "tolerance": -1}}, "0 or more"),
    ({"acc": "high"}, "finite number"),
])
def test_bad_baselines_are_clear_errors(baseline, message):
    with pytest.raises(InvalidInputError, match=message):
        compare_to_baseline({"acc": 0.8}, baseline)


def test_a_non_numeric_run_value_is_a_clear_error():
    with pytest.raises(InvalidInputError, match="finite number"):
        compare_to_baseline({"acc": float("nan")}, {"acc": 0.8})


def _cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "labkit.cli", *args], capture_output=True, text=True, cwd=cwd)


def test_eval_gate_command_exit_codes_and_update(tmp_path):
    (tmp_path / "run.json").write_text(json.dumps({"summary": {"exact_match": 0.7, "token_f1": 0.9}}))
    (tmp_path / "base.json").write_text(json.dumps({"metrics": {"exact_match": {"value": 0.8, "tolerance": 0.05},
                                                                "token_f1": {"value": 0.9}}}))
    failed = _cli("eval-gate", "run.json", "--baseline", "base.json", cwd=tmp_path)
    assert failed.returncode == 1, failed.stderr
    assert failed.stdout.strip().splitlines()[-1].startswith("eval gate failed: exact_match 0.7 is below")
    updated = _cli("eval-gate", "run.json", "--baseline", "base.json", "--update", cwd=tmp_path)
    assert updated.returncode == 0, updated.stderr
    assert json.loads((tmp_path / "base.json").read_text())["metrics"]["exact_match"] == {"value": 0.7,
                                                                                           "tolerance": 0.05}
    passed = _cli("eval-gate", "run.json", "--baseline", "base.json", cwd=tmp_path)
    assert passed.returncode == 0 and "eval gate passed" in passed.stdout
    missing = _cli("eval-gate", "nope.json", "--baseline", "base.json", cwd=tmp_path)
    assert missing.returncode == 2 and "No run file at nope.json" in missing.stderr
    assert "Traceback" not in missing.stderr
