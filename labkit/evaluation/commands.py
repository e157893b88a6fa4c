"""``labkit eval-gate``: fail a CI step when a run's metrics regressed past the stored baseline.

``RUN`` is a JSON file of metrics: ``{"exact_match": 0.8, ...}``, or a saved score summary ``{"summary": {...}}``.
Exit status: 0 when the gate passes, 1 on a regressed or missing metric (the last line names it), 2 on bad input.
``--update`` writes the run's metrics as the new baseline, keeping the baseline's tolerances.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from labkit.errors import InvalidInputError


def _run_metrics(path: Path) -> dict[str, float]:
    if not path.is_file():
        raise InvalidInputError(f"No run file at {path}; write the run's metrics as JSON ({{\"exact_match\": 0.8}}).")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InvalidInputError(f"{path} is not JSON ({exc.msg}, line {exc.lineno}); write the run's "
                                "metrics.") from None
    data = data.get("summary", data) if isinstance(data, dict) else data
    if not isinstance(data, dict) or not data:
        raise InvalidInputError(f"{path} holds no metrics: write {{\"metric\": value, ...}}.")
    return data


def cmd_eval_gate(args: argparse.Namespace) -> int:
    from labkit.evaluation.gate import compare_to_baseline, load_baseline, save_baseline

    metrics = _run_metrics(Path(args.run))
    baseline_path = Path(args.baseline)
    if args.update:
        old = load_baseline(baseline_path).get("metrics", {}) if baseline_path.is_file() else {}
        tolerances = {m: s.get("tolerance", args.tolerance) for m, s in old.items() if isinstance(s, dict)}
        lower = tuple(m for m, s in old.items() if isinstance(s, dict) and s.get("higher_is_better") is False)
        save_baseline(metrics, baseline_path, tolerance=args.tolerance, tolerances=tolerances, lower_is_better=lower)
        print(f"baseline {baseline_path} now holds {len(metrics)} metrics from {args.run}")
        return 0
    result = compare_to_baseline(metrics, load_baseline(baseline_path), args.tolerance)
    print(result.table())
    print(result.message)
    return 0 if result.passed else 1


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("eval-gate", help="fail when a run's metrics regressed past the stored baseline",
                                   description=__doc__.splitlines()[0])
    parser.add_argument("run", help="JSON file with the run's metrics")
    parser.add_argument("--baseline", required=True, help="baseline JSON file (see labkit.evaluation.gate)")
    parser.add_argument("--tolerance", type=float, default=0.0,
                        help="tolerance for metrics whose baseline entry gives none (default 0)")
    parser.add_argument("--update", action="store_true", help="write the run as the new baseline instead of gating")
    parser.set_defaults(func=cmd_eval_gate)
