"""The grading commands: ``labkit grade``, ``labkit gradebook export|override|show`` and ``labkit check``.

The one idea: the CLI only parses and prints; everything it does is a library call (:func:`grade_batch`,
:func:`export`, :meth:`Gradebook.override`, :func:`check_notebook`), so tests and notebooks use the same code.
``labkit grade`` exits 0 when the batch completed, whatever the learners scored; a learner's failure is a row in
the gradebook, not an error of the command. A batch that found nothing to grade is an error (exit 2) with a hint,
and everything it checks that can fail without grading anything (the roster, the gradebook, the feedback folder,
the Dask scheduler) is checked before the first kernel starts.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
from pathlib import Path
from typing import Any

from labkit.errors import InvalidInputError, LabkitError


def policy_from(args: argparse.Namespace):
    from labkit.grading.sandbox import SandboxPolicy

    return SandboxPolicy(cell_timeout=args.cell_timeout, notebook_timeout=args.notebook_timeout,
                         case_timeout=args.case_timeout, memory_mb=args.memory_mb)


def scheduler_address(address: str) -> tuple[str, int]:
    """``(host, port)`` of a Dask scheduler address; anything else is a clear error.

    >>> scheduler_address("tcp://10.0.0.5:8786"), scheduler_address("localhost:8786")
    (('10.0.0.5', 8786), ('localhost', 8786))
    """
    rest = address.split("://", 1)[1] if "://" in address else address
    host, _, port = rest.rstrip("/").rpartition(":")
    if not host or not port.isdigit():
        raise InvalidInputError(f"--scheduler {address!r} is not an address like tcp://host:8786")
    return host.strip("[]"), int(port)


def require_scheduler(address: str, timeout: float = 3.0) -> None:
    """Fail in seconds, not after Dask's 20 s connect timeout, when nothing listens at the scheduler's address."""
    host, port = scheduler_address(address)
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as exc:
        raise LabkitError(f"no Dask scheduler reachable at {address} ({exc.strerror or exc}); start one with "
                          "`dask scheduler` (and workers) or grade here without --scheduler") from None


def require_writable_folder(folder: Path, what: str) -> None:
    """Create ``folder`` and write a probe file in it now, so an unwritable path fails before any grading."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise InvalidInputError(f"cannot write {what} to {folder} ({exc.strerror}); pass a folder you can write "
                                "to") from None


def _skip_line(item: Any) -> str:
    """A skipped submission as ``name: reason`` (discovery reports pairs or objects with a reason)."""
    if isinstance(item, (tuple, list)) and len(item) == 2:
        return f"{item[0]}: {item[1]}"
    if hasattr(item, "reason"):
        return f"{getattr(item, 'name', getattr(item, 'learner', item))}: {item.reason}"
    return str(item)


def cmd_grade(args: argparse.Namespace) -> int:
    from labkit.assess.spec import load_assessment
    from labkit.grading.batch import grade_batch
    from labkit.grading.gradebook import Gradebook
    from labkit.grading.roster import load_roster

    feedback = Path(args.feedback) if args.feedback else Path(args.gradebook).resolve().parent / "feedback"
    roster = load_roster(args.roster) if args.roster else None
    if args.scheduler:
        require_scheduler(args.scheduler)
    require_writable_folder(feedback, "feedback pages")
    book = Gradebook(args.gradebook)  # fails now on a read-only or foreign file, before any kernel starts
    book.set_items(load_assessment(args.assessment))  # titles and hints for the pages and reports
    if roster is not None:
        book.set_roster(roster)
    on_roster = book.roster()
    book.close()
    report = grade_batch(args.assessment, args.submissions, args.gradebook, workers=args.workers,
                         scheduler=args.scheduler, force=args.force, policy=policy_from(args), feedback=feedback,
                         show_progress=not args.quiet, times=args.times)
    print(report.protections)
    print(report.table())
    for item in report.ignored:
        print(f"skipped {_skip_line(item)}")
    seen = {o["learner"] for o in report.recorded} | set(report.skipped)
    if on_roster:
        missing = [learner for learner in on_roster if learner not in seen]
        strangers = sorted(seen - set(on_roster))
        if missing:
            print(f"missing (on the roster, no submission): {', '.join(missing)}")
        if strangers:
            print(f"not on the roster (graded anyway): {', '.join(strangers)}")
    if not report.recorded and not report.skipped:
        raise LabkitError(f"nothing was graded: no submission found in {args.submissions}. Expected "
                          "SUBMISSIONS/<learner>.ipynb, SUBMISSIONS/<learner>/*.ipynb or nbgrader's "
                          "SUBMISSIONS/<learner>/<assignment>/*.ipynb" + (" (see the skipped items above)"
                                                                          if report.ignored else ""))
    print(f"gradebook: {args.gradebook}\nfeedback:  {feedback}/index.html")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from labkit.grading.export import export
    from labkit.grading.gradebook import Gradebook

    book = Gradebook(args.gradebook, readonly=True)
    try:
        text = export(book, args.format, args.assessment)
    finally:
        book.close()
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"wrote {args.format} export to {args.out}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_override(args: argparse.Namespace) -> int:
    from labkit.grading.gradebook import Gradebook

    _must_exist(args.gradebook)
    book = Gradebook(args.gradebook)
    try:
        book.override(args.learner, args.assessment, args.points, args.comment, challenge=args.challenge or "")
        grade = next(g for g in book.current(args.assessment) if g.learner == args.learner)
    finally:
        book.close()
    print(f"{args.learner} / {args.assessment}: now {grade.final_score:g}/{grade.max_score:g}")
    return 0


def show_text(grades: list[Any], learner: str | None = None) -> str:
    """The current grades as a terminal table; for one learner, each challenge's score and every override too."""
    if learner is not None:
        grades = [g for g in grades if g.learner == learner]
        if not grades:
            raise InvalidInputError(f"no grade for learner {learner!r} in this gradebook")
    width = max([len("learner")] + [len(g.learner) for g in grades])
    lines = [f"{'learner':<{width}}  {'assessment':<24} {'status':<8} {'score':>11} {'late':>5}  reason"]
    for g in grades:
        late = f"-{g.late_penalty:.0%}" if g.late_penalty else ""
        lines.append(f"{g.learner:<{width}}  {g.assessment:<24} {g.status:<8} "
                     f"{f'{g.final_score:g}/{g.max_score:g}':>11} {late:>5}  {g.reason[:70]}")
        if learner is None:
            continue
        for c in g.detail.get("challenges", []):
            lines.append(f"{'':<{width}}    {c['id']:<22} {g.challenges.get(c['id'], c['score']):g}/{c['points']:g}")
        for o in g.overrides:
            lines.append(f"{'':<{width}}    override {o['challenge'] or '(whole grade)'}: {o['points']:g} "
                         f"({o['comment']})")
    lines.append(f"{len(grades)} grade(s)")
    return "\n".join(lines)


def cmd_show(args: argparse.Namespace) -> int:
    from labkit.grading.gradebook import Gradebook

    book = Gradebook(args.gradebook, readonly=True)
    try:
        grades = book.accounted(args.assessment)
    finally:
        book.close()
    if not grades:
        raise InvalidInputError(f"{args.gradebook} holds no grades" + (f" for {args.assessment!r}"
                                                                       if args.assessment else "") + " yet")
    print(show_text(grades, args.learner))
    return 0


def _must_exist(path: str) -> None:
    if not Path(path).is_file():
        raise InvalidInputError(f"no gradebook at {path}; run labkit grade ... --gradebook {path} first")


def check_notebook(path: Path, policy=None) -> tuple[list[Any], Any, list[str]]:
    """Run a learner's lab notebook and its visible cases, as the grader would (no sandbox: the learner's own code).

    The same pipeline as ``labkit grade`` (:func:`labkit.grading.runner.run_and_judge`), visible cases only, on the
    lab file beside the notebook (:func:`labkit.assess.spec.load_lab`). Returns the visible-case grades, the lab's
    (visible) spec, and the errors the learner's own cells raised, as ``"cell <id>: <error>"`` lines: an
    ``ImportError`` before a ``def`` is the real reason a function is missing. Answer cells are read as the grader
    reads them (:func:`labkit.grading.submission.answer_source`: a quiz counts with the option last clicked).
    """
    from labkit.assess.spec import load_lab
    from labkit.grading.execute import execute_local
    from labkit.grading.gradebook import describe_error
    from labkit.grading.runner import run_and_judge
    from labkit.grading.sandbox import SandboxPolicy
    from labkit.grading.submission import answer_source, read_submission

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
    assessment = load_lab(lab_file).as_assessment(path.name)
    for cell in nb.cells:
        if cell.get("metadata", {}).get("labkit", {}).get("role") == "answer":
            cell.source = answer_source(cell)

    def on_this_machine(notebook: Any) -> tuple[Any, Any]:
        previous = os.environ.get("LABKIT_PROGRESS")
        os.environ["LABKIT_PROGRESS"] = "off"  # the notebook's own check() cells must not count as attempts too
        try:
            with tempfile.TemporaryDirectory() as tmp:
                return execute_local(notebook, path.parent.resolve(), policy, Path(tmp) / "kernel.log")
        finally:
            if previous is None:
                os.environ.pop("LABKIT_PROGRESS", None)
            else:
                os.environ["LABKIT_PROGRESS"] = previous

    judged = run_and_judge(assessment, nb, on_this_machine, policy.case_timeout, visible_only=True)
    if judged.grades is None:
        raise LabkitError(f"{path}: {judged.problem}")
    errors = [f"cell {e['cell']}: {describe_error(e['ename'], e['evalue'])}" for e in judged.learner_errors]
    return judged.grades, assessment, errors


def cmd_check(args: argparse.Namespace) -> int:
    from labkit.assess.store import Attempt, ProgressStore, recording_enabled
    from labkit.grading.gradebook import describe_error

    store = ProgressStore() if recording_enabled() else None  # an unusable LABKIT_HOME fails before the run
    grades, assessment, errors = check_notebook(Path(args.notebook), policy_from(args))
    for line in errors:
        print(f"Your {line}")
    for g in grades:
        c = assessment.challenge(g.id)
        print(f"{c.title or c.id}: {g.cases_passed}/{g.cases_total} visible cases pass - {g.score:g}/{g.points:g} points")
        for v in g.visible:
            got = describe_error(v["error"], v.get("message", "")) if v["error"] else v["got"]
            print(f"  {'PASS' if v['passed'] else 'FAIL'}  {v['call']}  expected {v['expected']}  got {got}")
        if g.problem:
            print(f"  problem: {g.problem}" + ("  (see the error in your cell above)" if errors else ""))
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
    p.add_argument("submissions", help="folder of submissions: <learner>.ipynb, <learner>/*.ipynb or nbgrader's"
                                       " <learner>/<assignment>/*.ipynb")
    p.add_argument("--gradebook", required=True, help="SQLite gradebook file (created if missing)")
    p.add_argument("--workers", type=int, default=1, help="parallel kernels on this machine (default 1)")
    p.add_argument("--scheduler", help="Dask scheduler address (tcp://host:8786) to grade on a cluster")
    p.add_argument("--force", action="store_true", help="re-grade submissions already in the gradebook")
    p.add_argument("--feedback", help="folder for feedback pages (default: feedback/ beside the gradebook)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--times", help="CSV of submission times (learner, submitted_at), e.g. an LMS export; learners it"
                                   " does not list are timed at collection")
    p.add_argument("--roster", help="CSV class list (id, name, email, section): everyone on it appears in exports and"
                                    " reports, as missing where they did not submit")
    _timeouts(p)
    p.set_defaults(func=cmd_grade)

    p = sub.add_parser("gradebook", help="show, export or override grades")
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
    w = gsub.add_parser("show", help="current grades on the terminal (one learner: per challenge, with overrides)")
    w.add_argument("--gradebook", required=True)
    w.add_argument("--assessment", help="only this assessment")
    w.add_argument("--learner", help="only this learner, challenge by challenge")
    w.set_defaults(func=cmd_show)

    p = sub.add_parser("check", help="run a lab notebook's visible cases from the terminal and log the attempt")
    p.add_argument("notebook", help="a lab notebook, e.g. labs/sample_basics.ipynb")
    _timeouts(p)
    p.set_defaults(func=cmd_check)
