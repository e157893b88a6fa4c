"""Regression gates: a prompt or pipeline change ships only if its metrics did not get worse than the baseline.

A baseline is a small JSON file committed next to the code, one entry per metric:

.. code-block:: json

    {"metrics": {"exact_match": {"value": 0.82, "tolerance": 0.02},
                 "p95_latency_s": {"value": 1.4, "tolerance": 0.2, "higher_is_better": false}}}

(``{"exact_match": 0.82}`` is accepted too, with the default tolerance.) :func:`compare_to_baseline` reads a run's
metrics against it: each metric is ``ok``, ``improved`` (better by more than its tolerance: time to raise the
baseline), ``regressed`` (worse by more than its tolerance) or ``missing`` (in the baseline, not in the run: a
silently dropped metric is a failure, not a pass). The gate fails on any regressed or missing metric, and its
message is one line naming the first one, so a CI log says what broke without scrolling.

Use it from pytest (:func:`assert_no_regression` raises :class:`~labkit.errors.RegressionGateError`, an
``AssertionError``) or from a CI step: ``labkit eval-gate run.json --baseline baseline.json`` (exit 1 on a
regression; ``--update`` writes the run as the new baseline, keeping the tolerances).

The one idea: tolerances are part of the baseline. Scores measured on a few dozen examples move by a few points
between equivalent prompts; a tolerance of zero makes a gate that fails on noise and is soon switched off.

>>> result = compare_to_baseline({"exact_match": 0.78, "token_f1": 0.91},
...                              {"exact_match": {"value": 0.82, "tolerance": 0.02}, "token_f1": 0.90})
>>> result.passed, result.message
(False, 'eval gate failed: exact_match 0.78 is below the baseline 0.82 by 0.04 (tolerance 0.02)')

Left out: statistical tests between runs (a paired bootstrap over examples is the rigorous version of a
tolerance) and storing the history of baselines (git does that).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labkit.errors import InvalidInputError, RegressionGateError


@dataclass(frozen=True)
class GateRow:
    """One metric against its baseline; ``status`` is ``ok``, ``improved``, ``regressed`` or ``missing``."""

    metric: str
    baseline: float
    value: float | None
    tolerance: float
    higher_is_better: bool
    status: str

    @property
    def change(self) -> float | None:
        """How much better (positive) or worse (negative) than the baseline, in the metric's own direction."""
        if self.value is None:
            return None
        sign = 1 if self.higher_is_better else -1
        return round(sign * (self.value - self.baseline), 6)

    def describe(self) -> str:
        if self.status == "missing":
            return f"{self.metric} is in the baseline but missing from the run"
        side = "below" if self.higher_is_better else "above"
        gap = abs(self.change or 0.0)
        if self.status == "regressed":
            return (f"{self.metric} {self.value:g} is {side} the baseline {self.baseline:g} by {gap:.4g} "
                    f"(tolerance {self.tolerance:g})")
        return f"{self.metric} {self.value:g} vs baseline {self.baseline:g}: {self.status}"


@dataclass(frozen=True)
class GateResult:
    """Every metric's row; ``passed`` when none regressed or went missing; ``message`` is one line for CI."""

    rows: list[GateRow]
    prompt: str | None = None  # the run's prompt version (``name@version``) when the run is a record (.runs)
    baseline_prompt: str | None = None
    dataset: str | None = None  # ``name#fingerprint`` of the dataset both runs were measured on

    def with_prompts(self, prompt: str, baseline_prompt: str, dataset: str) -> GateResult:
        """The same result, naming the prompt versions compared and the dataset (see :func:`~.runs.gate_run`)."""
        return GateResult(self.rows, prompt, baseline_prompt, dataset)

    @property
    def provenance(self) -> str:
        """``prompt faq@1.1.0 vs baseline faq@1.0.0 on faq#a1b2c3d4e5f6``, or '' for bare metrics."""
        if self.prompt is None:
            return ""
        return f"prompt {self.prompt} vs baseline {self.baseline_prompt} on {self.dataset}"

    @property
    def failures(self) -> list[GateRow]:
        return [r for r in self.rows if r.status in {"regressed", "missing"}]

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def message(self) -> str:
        failures = self.failures
        if failures:
            others = [r.metric for r in failures[1:]]
            more = f" (and {len(others)} more: {', '.join(others)})" if others else ""
            return f"eval gate failed: {failures[0].describe()}{more}{self._suffix}"
        improved = [r.metric for r in self.rows if r.status == "improved"]
        note = f"; improved: {', '.join(improved)} (consider raising the baseline)" if improved else ""
        count = f"{len(self.rows)} metric{'s' if len(self.rows) != 1 else ''}"
        return f"eval gate passed: {count} within tolerance{note}{self._suffix}"

    @property
    def _suffix(self) -> str:
        return f" [{self.provenance}]" if self.provenance else ""

    def table(self) -> str:
        """A plain-text table of every metric, for a CI log or a notebook."""
        lines = [self.provenance] if self.provenance else []
        lines.append(f"{'metric':<22} {'baseline':>9} {'run':>9} {'tolerance':>9}  status")
        for r in self.rows:
            value = "-" if r.value is None else f"{r.value:.4g}"
            lines.append(f"{r.metric:<22} {r.baseline:>9.4g} {value:>9} {r.tolerance:>9.4g}  {r.status}")
        return "\n".join(lines)


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InvalidInputError(f"{what} must be a finite number, got {value!r}.")
    return float(value)


def _entries(baseline: Mapping[str, Any], default_tolerance: float) -> dict[str, dict[str, Any]]:
    """Normalise a baseline (either form in the module docstring) to ``{metric: {value, tolerance, higher}}``."""
    raw = baseline.get("metrics", baseline) if isinstance(baseline, Mapping) else None
    if not isinstance(raw, Mapping) or not raw:
        raise InvalidInputError("A baseline maps metric names to values: {'metrics': {'exact_match': {'value': 0.8, "
                                "'tolerance': 0.02}}} or {'exact_match': 0.8}.")
    entries = {}
    for metric, spec in raw.items():
        spec = spec if isinstance(spec, Mapping) else {"value": spec}
        unknown = set(spec) - {"value", "tolerance", "higher_is_better"}
        if unknown or "value" not in spec:
            raise InvalidInputError(f"Baseline entry {metric!r} needs 'value' and may have 'tolerance' and "
                                    f"'higher_is_better'; got {sorted(spec)}.")
        tolerance = _number(spec.get("tolerance", default_tolerance), f"The tolerance of {metric!r}")
        if tolerance < 0:
            raise InvalidInputError(f"The tolerance of {metric!r} must be 0 or more, not {tolerance}.")
        entries[metric] = {"value": _number(spec["value"], f"The baseline of {metric!r}"), "tolerance": tolerance,
                           "higher": bool(spec.get("higher_is_better", True))}
    return entries


def compare_to_baseline(metrics: Mapping[str, float], baseline: Mapping[str, Any],
                        default_tolerance: float = 0.0) -> GateResult:
    """Compare a run's ``metrics`` with a ``baseline`` mapping (see the module docstring); metrics the baseline does
    not list are ignored (add them to the baseline to gate on them)."""
    rows = []
    for metric, spec in _entries(baseline, default_tolerance).items():
        value = metrics.get(metric)
        if value is None:
            rows.append(GateRow(metric, spec["value"], None, spec["tolerance"], spec["higher"], "missing"))
            continue
        value = _number(value, f"The run's {metric!r}")
        change = (value - spec["value"]) * (1 if spec["higher"] else -1)
        eps = 1e-9  # scores are rounded floats: a change of exactly the tolerance is within it
        if change < -spec["tolerance"] - eps:
            status = "regressed"
        else:
            status = "improved" if change > spec["tolerance"] + eps else "ok"
        rows.append(GateRow(metric, spec["value"], value, spec["tolerance"], spec["higher"], status))
    return GateResult(rows)


def load_baseline(path: str | Path) -> dict[str, Any]:
    """Read a baseline JSON file (a clear error when it is missing or not JSON)."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInputError(f"No baseline at {path}; create one with `labkit eval-gate RUN --baseline {path} "
                                "--update` or save_baseline(metrics, path).")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InvalidInputError(f"{path} is not JSON ({exc.msg}, line {exc.lineno}); write a baseline file.") from None
    _entries(data, 0.0)
    return data


def save_baseline(metrics: Mapping[str, float], path: str | Path, *, tolerance: float = 0.0,
                  tolerances: Mapping[str, float] | None = None, lower_is_better: tuple[str, ...] = (),
                  run: Any = None) -> Path:
    """Write ``metrics`` as a baseline file with per-metric tolerances (``tolerances`` overrides ``tolerance``);
    ``run`` (a :class:`~labkit.evaluation.runs.RunRecord`) keeps which prompt version and dataset produced it."""
    tolerances = tolerances or {}
    entries = {}
    for metric, value in sorted(metrics.items()):
        entry: dict[str, Any] = {"value": _number(value, f"The run's {metric!r}"),
                                 "tolerance": tolerances.get(metric, tolerance)}
        if metric in lower_is_better:
            entry["higher_is_better"] = False
        entries[metric] = entry
    _entries({"metrics": entries}, 0.0)
    document: dict[str, Any] = {"metrics": entries}
    if run is not None:
        document["run"] = run.provenance()
    path = Path(path)
    path.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def assert_no_regression(metrics: Mapping[str, float], baseline: Mapping[str, Any] | str | Path,
                         default_tolerance: float = 0.0) -> GateResult:
    """The pytest gate: return the result when it passes, else raise
    :class:`~labkit.errors.RegressionGateError` whose one-line message names the first failing metric."""
    data = baseline if isinstance(baseline, Mapping) else load_baseline(baseline)
    result = compare_to_baseline(metrics, data, default_tolerance)
    if not result.passed:
        first = result.failures[0]
        raise RegressionGateError(result.message, first.metric, first.value, first.baseline)
    return result
