"""``labkit eval-gate``: fail a CI step when a run's metrics regressed past the stored baseline.

``RUN`` is a JSON file of metrics: ``{"exact_match": 0.8, ...}``, a saved score summary ``{"summary": {...}}``, or a
run record (``labkit.evaluation.runs``: metrics with the prompt version and dataset that produced them). A record is
gated against a baseline that carries its own record: the prompt versions are printed beside the metrics, and runs
over different datasets are refused (exit 2).
Exit status: 0 when the gate passes, 1 on a regressed or missing metric (the last line names it), 2 on bad input.
``--update`` writes the run's metrics as the new baseline, keeping the baseline's tolerances.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from labkit.errors import InvalidInputError


def _run_metrics(path: Path) -> dict:
    if not path.is_file():
        raise InvalidInputError(f"No run file at {path}; write the run's metrics as JSON ({{\"exact_match\": 0.8}}).")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InvalidInputError(f"{path} is not JSON ({exc.msg}, line {exc.lineno}); write the run's "
                                "metrics.") from None
    from labkit.evaluation.runs import is_record

    if is_record(data):
        return data
    data = data.get("summary", data) if isinstance(data, dict) else data
    if not isinstance(data, dict) or not data:
        raise InvalidInputError(f"{path} holds no metrics: write {{\"metric\": value, ...}}.")
    return data


def cmd_eval_gate(args: argparse.Namespace) -> int:
    from labkit.evaluation.gate import compare_to_baseline, load_baseline, save_baseline
    from labkit.evaluation.runs import RunRecord, gate_run, is_record

    data = _run_metrics(Path(args.run))
    record = RunRecord.from_dict(data) if is_record(data) else None
    metrics = dict(record.metrics) if record else data
    baseline_path = Path(args.baseline)
    if args.update:
        old = load_baseline(baseline_path).get("metrics", {}) if baseline_path.is_file() else {}
        tolerances = {m: s.get("tolerance", args.tolerance) for m, s in old.items() if isinstance(s, dict)}
        lower = tuple(m for m, s in old.items() if isinstance(s, dict) and s.get("higher_is_better") is False)
        save_baseline(metrics, baseline_path, tolerance=args.tolerance, tolerances=tolerances, lower_is_better=lower,
                      run=record)
        origin = f" ({record.prompt} on {record.dataset_ref})" if record else ""
        print(f"baseline {baseline_path} now holds {len(metrics)} metrics from {args.run}{origin}")
        return 0
    baseline = load_baseline(baseline_path)
    if record and "run" in baseline:
        result = gate_run(record, baseline, args.tolerance)
    else:
        if record:
            print(f"note: the baseline records no prompt or dataset; comparing {record.prompt} on "
                  f"{record.dataset_ref} on faith (re-save the baseline with --update from a run record)")
        result = compare_to_baseline(metrics, baseline, args.tolerance)
    print(result.table())
    print(result.message)
    return 0 if result.passed else 1


def cmd_prompt_check(args: argparse.Namespace) -> int:
    """Verify a prompt folder (exit 1 on a text changed without a version bump), or print a diff of two versions."""
    from labkit.evaluation.prompts import PromptStore

    store = PromptStore.load(args.folder)
    if args.diff:
        print(store.diff(*args.diff) or f"{args.diff[0]} and {args.diff[1]} have the same text")
        return 0
    problems = store.verify()
    for problem in problems:
        print(f"FAIL  {problem.message}")
    print(f"{len(store)} prompt version(s) of {len(store.names())} prompt(s): "
          + (f"{len(problems)} problem(s)" if problems else "every text matches its recorded hash"))
    return 1 if problems else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    check = subparsers.add_parser("prompt-check", help="fail when a versioned prompt changed without a version bump",
                                  description="Verify a folder of *.prompt files (labkit.evaluation.prompts).")
    check.add_argument("folder", help="folder of *.prompt files")
    check.add_argument("--diff", nargs=2, metavar=("OLD", "NEW"), help="print a diff of two versions (name@version)")
    check.set_defaults(func=cmd_prompt_check)
    parser = subparsers.add_parser("eval-gate", help="fail when a run's metrics regressed past the stored baseline",
                                   description=__doc__.splitlines()[0])
    parser.add_argument("run", help="JSON file with the run's metrics")
    parser.add_argument("--baseline", required=True, help="baseline JSON file (see labkit.evaluation.gate)")
    parser.add_argument("--tolerance", type=float, default=0.0,
                        help="tolerance for metrics whose baseline entry gives none (default 0)")
    parser.add_argument("--update", action="store_true", help="write the run as the new baseline instead of gating")
    parser.set_defaults(func=cmd_eval_gate)
