"""The grading commands: ``labkit grade``, ``labkit gradebook export|override|show`` and ``labkit check``.

The one idea: the CLI only parses and prints; everything it does is a library call (:func:`grade_batch`,
:func:`export`, :meth:`Gradebook.override`, :func:`check_notebook`), so tests and notebooks use the same code.
``labkit grade`` exits 0 when the batch completed, whatever the learners scored; a learner's failure is a row in
the gradebook, not an error of the command.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from labkit.errors import InvalidInputError


def policy_from(args: argparse.Namespace):
    from labkit.grading.sandbox import SandboxPolicy

    return SandboxPolicy(cell_timeout=args.cell_timeout, notebook_timeout=args.notebook_timeout,
                         case_timeout=args.case_timeout, memory_mb=args.memory_mb)


def cmd_grade(args: argparse.Namespace) -> int:
    from labkit.grading.batch import grade_batch

    feedback = Path(args.feedback) if args.feedback else Path(args.gradebook).resolve().parent / "feedback"
    report = grade_batch(args.assessment, args.submissions, args.gradebook, workers=args.workers,
                         scheduler=args.scheduler, force=args.force, policy=policy_from(args), feedback=feedback,
                         show_progress=not args.quiet, times=args.times)
    print(report.protections)
    print(report.table())
    print(f"gradebook: {args.gradebook}\nfeedback:  {feedback}/index.html")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from labkit.grading.export import export
    from labkit.grading.gradebook import Gradebook

    _must_exist(args.gradebook)
    book = Gradebook(args.gradebook)
    text = export(book, args.format, args.assessment)
    book.close()
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {args.format} export to {args.out}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_override(args: argparse.Namespace) -> int:
    from labkit.grading.gradebook import Gradebook

    _must_exist(args.gradebook)
    book = Gradebook(args.gradebook)
    book.override(args.learner, args.assessment, args.points, args.comment, challenge=args.challenge or "")
    grade = next(g for g in book.current(args.assessment) if g.learner == args.learner)
    print(f"{args.learner} / {args.assessment}: now {grade.final_score:g}/{grade.max_score:g}")
    book.close()
    return 0


def _must_exist(path: str) -> None:
    if not Path(path).is_file():
        raise InvalidInputError(f"no gradebook at {path}; run labkit grade ... --gradebook {path} first")


def check_notebook(path: Path, policy=None) -> tuple[list[Any], Any]:
    """Run a learner's lab notebook and its visible cases, as the grader would (no sandbox: the learner's own code)."""
    import nbformat

    from labkit.assess.spec import Assessment
    from labkit.grading.execute import execute_local
    from labkit.grading.harness import harness_cells, new_nonce
    from labkit.grading.judge import extract, judge_challenge
    from labkit.grading.sandbox import SandboxPolicy
    from labkit.grading.submission import read_submission

    policy = policy or SandboxPolicy()
    if not path.is_file():
        raise InvalidInputError(f"{path} is not a file; pass a lab notebook such as labs/sample_basics.ipynb")
    nb, _ = read_submission(path, policy.max_notebook_mb)
    aid = nb.metadata.get("labkit", {}).get("assessment")
    if not aid:
        raise InvalidInputError(f"{path} is not a labkit lab (no labkit.assessment in its metadata)")
    lab_file = path.parent / f"{aid}.lab.json"
    if not lab_file.exists():
        raise InvalidInputError(f"{lab_file} is missing; it comes with the lab (labkit release writes it)")
    lab = json.loads(lab_file.read_text(encoding="utf-8"))
    assessment = Assessment.model_validate({
        "id": lab["id"], "title": lab["title"], "notebook": path.name,
        "challenges": [{k: c[k] for k in ("id", "function", "title", "points", "compare", "tolerance", "partial",
                                          "hints", "skills", "minutes", "visible")} for c in lab["challenges"]],
    })
    nonce = new_nonce()
    injected = harness_cells(assessment, nonce, policy.case_timeout, visible_only=True)
    nb.cells.extend(injected)
    previous = os.environ.get("LABKIT_PROGRESS")
    os.environ["LABKIT_PROGRESS"] = "off"  # the notebook's own check() cells must not count as attempts too
    try:
        with tempfile.TemporaryDirectory() as tmp:
            executed, report = execute_local(nb, path.parent.resolve(), policy, Path(tmp) / "kernel.log")
    finally:
        if previous is None:
            os.environ.pop("LABKIT_PROGRESS", None)
        else:
            os.environ["LABKIT_PROGRESS"] = previous
    ours = {cell["id"]: cell for cell in executed.cells if str(cell.get("id", "")).startswith("labkit-harness-")}
    grades = []
    for offset, c in enumerate(assessment.challenges):
        cell = ours.get(injected[offset]["id"])
        doc, problem = extract(cell, nonce) if cell is not None else (None, "not run")
        grades.append(judge_challenge(assessment, c.id, doc, problem or report.stopped, visible_only=True))
    return grades, assessment


def cmd_check(args: argparse.Namespace) -> int:
    from labkit.assess.store import Attempt, ProgressStore, recording_enabled

    grades, assessment = check_notebook(Path(args.notebook))
    store = ProgressStore() if recording_enabled() else None
    for g in grades:
        c = assessment.challenge(g.id)
        print(f"{c.title or c.id}: {g.cases_passed}/{g.cases_total} visible cases pass - {g.score:g}/{g.points:g} points")
        for v in g.visible:
            print(f"  {'PASS' if v['passed'] else 'FAIL'}  {v['call']}  expected {v['expected']}  "
                  f"got {v['error'] or v['got']}")
        if g.problem:
            print(f"  problem: {g.problem}")
        elif g.cases_passed < g.cases_total and c.hints:
            print(f"  hint: {c.hints[0]}")
        if store:
            store.record(Attempt(
                assessment=assessment.id, challenge=g.id, passed=g.cases_passed == g.cases_total,
                cases_passed=g.cases_passed, cases_total=g.cases_total, score=g.score, points=g.points,
                source="cli", detail={"cases": [{"call": v["call"], "passed": v["passed"], "error": v["error"]}
                                                for v in g.visible]},
            ))
    passed = all(g.cases_passed == g.cases_total for g in grades)
    print("All visible cases pass." if passed else "Some visible cases fail; see above.")
    return 0 if passed else 1


def _timeouts(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cell-timeout", type=float, default=60, help="seconds per cell (default 60)")
    p.add_argument("--case-timeout", type=float, default=10, help="seconds per test case (default 10)")
    p.add_argument("--notebook-timeout", type=float, default=300, help="seconds per notebook (default 300)")
    p.add_argument("--memory-mb", type=int, default=2048, help="kernel address-space limit (default 2048)")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("grade", help="grade SUBMISSIONS/<learner>/<notebook>.ipynb in a sandbox into a gradebook")
    p.add_argument("assessment", help="assessment folder, e.g. assessments/sample_basics")
    p.add_argument("submissions", help="folder with one sub-folder per learner")
    p.add_argument("--gradebook", required=True, help="SQLite gradebook file (created if missing)")
    p.add_argument("--workers", type=int, default=1, help="parallel kernels on this machine (default 1)")
    p.add_argument("--scheduler", help="Dask scheduler address (tcp://host:8786) to grade on a cluster")
    p.add_argument("--force", action="store_true", help="re-grade submissions already in the gradebook")
    p.add_argument("--feedback", help="folder for feedback pages (default: feedback/ beside the gradebook)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--times", help="CSV of submission times (learner, submitted_at), e.g. an LMS export; learners it"
                                   " does not list are timed at collection")
    _timeouts(p)
    p.set_defaults(func=cmd_grade)

    p = sub.add_parser("gradebook", help="export grades or override one")
    gsub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    e = gsub.add_parser("export", help="current grades as csv, canvas, json or junit")
    e.add_argument("--gradebook", required=True)
    e.add_argument("--format", choices=["csv", "canvas", "json", "junit"], default="csv")
    e.add_argument("--assessment", help="only this assessment")
    e.add_argument("--out", help="write to this file instead of stdout")
    e.set_defaults(func=cmd_export)
    o = gsub.add_parser("override", help="set a learner's points (whole grade or one challenge) with a comment")
    o.add_argument("--gradebook", required=True)
    o.add_argument("--learner", required=True)
    o.add_argument("--assessment", required=True)
    o.add_argument("--challenge", help="one challenge id (default: the whole grade)")
    o.add_argument("--points", type=float, required=True)
    o.add_argument("--comment", required=True, help="why (shown on the learner's feedback page)")
    o.set_defaults(func=cmd_override)

    p = sub.add_parser("check", help="run a lab notebook's visible cases from the terminal and log the attempt")
    p.add_argument("notebook", help="a lab notebook, e.g. labs/sample_basics.ipynb")
    p.set_defaults(func=cmd_check)
