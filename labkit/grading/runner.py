"""Grading one submission, start to finish: validate, restore, inject, execute in the sandbox, judge.

The grading pipeline itself is :func:`run_and_judge` (inject the harness cells, execute, judge the cells' output,
collect the learner's own errors); ``labkit grade`` (through :func:`grade_submission`), ``labkit check`` (through
:func:`labkit.grading.commands.check_notebook`) and the demo all go through it and differ only in how the notebook
is executed: in a sandboxed kernel here, in the learner's own kernel for ``labkit check``.

The one idea: :func:`grade_submission` is a pure-data function (a :class:`GradeTask` in, an :class:`Outcome` out,
both plain picklable dataclasses), so the same code runs inline, in a process pool or on a Dask worker, and only
the parent process ever writes the gradebook. It never raises for anything a learner did: a broken, hostile or
absent notebook becomes an outcome with ``status="failed"`` and a reason. ``status="error"`` means the *grader*
failed (for example the kernel could not start); such rows are retried on the next run.

Kernels come from this process's :mod:`warm pool <labkit.grading.pool>`: with ``task.warm`` the next submission's
sandboxed kernel is launched before this one executes, so its boot overlaps this submission's run.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from labkit.grading.sandbox import Protections, SandboxPolicy

MAX_NOTES = 20


@dataclass(frozen=True)
class GradeTask:
    """Everything a worker needs to grade one submission (paths are strings so it pickles anywhere)."""

    assessment_dir: str
    learner: str
    path: str | None
    sha: str
    protections: Protections
    hidden: tuple[str, ...] = ()
    warm: bool = False  # launch the next slot's kernel while this one runs (more submissions follow on this worker)
    root: str | None = None  # the submissions folder: the notebook is opened inside it, never through a link


@dataclass
class Outcome:
    """The grade of one submission, before late penalty and overrides (the gradebook applies those)."""

    learner: str
    assessment: str
    sha: str
    path: str | None
    status: str  # graded | failed | error
    reason: str = ""
    score: float = 0.0
    max_score: float = 0.0
    challenges: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    learner_errors: list[dict[str, str]] = field(default_factory=list)
    missing_protections: dict[str, str] = field(default_factory=dict)
    spec: str = ""
    title: str = ""
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@lru_cache(maxsize=8)
def _prepared(assessment_dir: str, stamp: tuple) -> tuple[Any, Any, str]:
    """The assessment, its released notebook and lab file, once per worker (``stamp`` changes when files do)."""
    from labkit.assess.release import lab_json, release_notebook
    from labkit.assess.spec import load_assessment

    assessment = load_assessment(assessment_dir)
    return assessment, release_notebook(assessment), lab_json(assessment)


def kernel_files(assessment: Any, lab: str) -> dict[str, str]:
    """The files a kernel of ``assessment`` finds in its working folder: the public lab file its setup cell reads."""
    return {f"{assessment.id}.lab.json": lab}


def _stamp(folder: str) -> tuple:
    return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in Path(folder).iterdir() if p.is_file()))


def grade_submission(task: GradeTask) -> Outcome:
    """Grade ``task``; never raises for anything in the submission."""
    started = time.monotonic()
    from labkit.grading.judge import clean_text

    assessment, template, lab = _prepared(task.assessment_dir, _stamp(task.assessment_dir))
    outcome = Outcome(learner=task.learner, assessment=assessment.id, sha=task.sha, path=task.path, status="failed",
                      max_score=assessment.max_points, spec=assessment.fingerprint(), title=assessment.title,
                      missing_protections=dict(task.protections.missing))
    try:
        _grade(task, assessment, outcome, copy.deepcopy(template), lab)
    except Exception as exc:  # the grader's own failure: recorded, retried next run
        outcome.status, outcome.reason = "error", f"grader error: {type(exc).__name__}: {exc}"
    # reasons and notes reach pages, exports and the terminal: cleaned here, whatever produced them
    outcome.reason = clean_text(outcome.reason, 500)
    outcome.notes = [clean_text(note, 300) for note in outcome.notes[:MAX_NOTES]]
    outcome.seconds = round(time.monotonic() - started, 3)
    return outcome


@dataclass
class Judged:
    """What one pass through the pipeline gave: the grades (``None`` when the judge failed, ``problem`` says why),
    the executed notebook, how the run ended and the errors the learner's own cells raised."""

    grades: list[Any] | None
    executed: Any
    report: Any
    learner_errors: list[dict[str, str]]
    problem: str = ""


def run_and_judge(assessment: Any, nb: Any, execute: Callable[[Any], tuple[Any, Any]], case_timeout: float,
                  visible_only: bool = False) -> Judged:
    """The grading pipeline: add the harness cells to ``nb``, run it with ``execute`` (a notebook in, the executed
    notebook and its :class:`~labkit.grading.execute.RunReport` out), judge what the harness cells printed and
    collect the errors of the learner's own cells. ``visible_only`` runs and judges the visible cases only.

    Never raises for what the learner's code printed: a judge that fails anyway gives ``grades=None`` and a reason.
    """
    from labkit.grading.harness import harness_cells, new_nonce
    from labkit.grading.judge import judge_notebook, learner_errors

    nonce = new_nonce()
    nb.cells.extend(harness_cells(assessment, nonce, case_timeout, visible_only))
    executed, report = execute(nb)
    try:
        grades = judge_notebook(assessment, executed, nonce, report.stopped, visible_only)
        errors = learner_errors(executed)
    except Exception as exc:  # the judge is built never to raise on learner data; if it still does, that data failed
        return Judged(None, executed, report, [],
                      f"the results could not be judged ({type(exc).__name__}); nothing was scored")
    return Judged(grades, executed, report, errors)


def _grade(task: GradeTask, assessment: Any, outcome: Outcome, template: Any, lab: str) -> None:
    from labkit.grading.execute import execute
    from labkit.grading.pool import pool
    from labkit.grading.submission import SubmissionRejected, assemble, read_submission

    policy: SandboxPolicy = task.protections.policy
    if task.path is None:
        outcome.reason = f"no notebook submitted (expected {assessment.notebook})"
        return
    try:
        learner_nb, _ = read_submission(Path(task.path), policy.max_notebook_mb,
                                        Path(task.root) if task.root else None)
    except SubmissionRejected as exc:
        outcome.reason = exc.reason
        return
    assembled = assemble(template, learner_nb)
    outcome.notes.extend(assembled.notes)

    def in_sandbox(nb: Any) -> tuple[Any, Any]:
        extra = kernel_files(assessment, lab)
        sandbox = pool().take(task.protections, task.hidden, extra, prepare_next=task.warm)  # entered, launched
        try:
            executed, report = execute(nb, sandbox)
            outcome.notes.extend(sandbox.notes)
        finally:
            sandbox.__exit__(None, None, None)  # one kernel, one submission
        return executed, report

    judged = run_and_judge(assessment, assembled.nb, in_sandbox, policy.case_timeout)
    report = judged.report
    if report.stopped:
        outcome.notes.append(report.stopped)
    if report.timed_out_cells:
        outcome.notes.append(f"timed out: {', '.join(report.timed_out_cells[:5])}")
    if report.truncated:
        outcome.notes.append(f"output beyond {policy.max_output_kb} KB was discarded")
    if judged.grades is None:
        outcome.reason = judged.problem
        return
    outcome.learner_errors = judged.learner_errors
    outcome.challenges = [g.as_dict() for g in judged.grades]
    outcome.score = round(sum(g.score for g in judged.grades), 2)
    outcome.status = "graded"
    outcome.reason = report.stopped
