"""Grading a cohort: find the submissions, skip what is graded, fan out, record each grade as it arrives.

The one idea: workers compute, the parent records. :func:`grade_batch` hashes every submission, asks the
gradebook which ``(learner, sha)`` pairs are already there, and sends only the rest to an executor: inline
(``workers=1``), a process pool (``workers=N``) or a Dask cluster (``scheduler="tcp://..."``), each registered in
:data:`EXECUTORS` and all running the same :func:`~labkit.grading.runner.grade_submission`. Each outcome is
written in its own transaction the moment it comes back, so killing the batch at any point loses at most the
submissions still in flight, and the next run grades exactly those.

Local workers keep the next submission's sandboxed kernel booting while they grade the current one (the warm pool,
:mod:`labkit.grading.pool`; ``LABKIT_WARM_POOL=off`` turns it off); every kernel still serves one submission.

Submissions live at ``SUBMISSIONS/<learner>/<notebook>.ipynb`` (or flat, or in nbgrader's layout; see
:func:`~labkit.grading.submission.discover`). Their times, for the late policy, come from the
instructor's side (a ``times`` manifest, the gradebook's first collection, or the batch's ``clock``), never from
the learner's files: see :mod:`labkit.grading.times`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from labkit.assess.spec import SPEC_NAMES
from labkit.clock import Clock, utc_now, wall_clock
from labkit.errors import InvalidInputError
from labkit.grading.gradebook import Gradebook
from labkit.grading.pool import close_pool, prepare_worker
from labkit.grading.runner import GradeTask, grade_submission, kernel_files
from labkit.grading.sandbox import SandboxPolicy, enclosing_git, probe
from labkit.grading.submission import Skipped, discover, submission_sha
from labkit.grading.times import load_times
from labkit.registry import Registry


@dataclass
class BatchReport:
    """What a batch did: outcomes recorded now, submissions skipped as already graded, the sandbox it had."""

    assessment: str
    recorded: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    ignored: list[Skipped] = field(default_factory=list)
    protections: str = ""
    times: str = ""
    late: dict[str, float] = field(default_factory=dict)

    def table(self) -> str:
        """One line per graded learner: raw score, late penalty and the final score it leaves, and the reason."""
        lines = [f"{'learner':<20} {'status':<8} {'score':>11} {'late':>5} {'final':>7}  reason"]
        for o in sorted(self.recorded, key=lambda o: o["learner"]):
            score = f"{o['score']:g}/{o['max_score']:g}"
            penalty = self.late.get(o["learner"], 0.0)
            late = f"-{penalty:.0%}" if penalty else ""
            final = f"{round(o['score'] * (1 - penalty), 2):g}"
            reason = (o["reason"] or "; ".join(o["notes"][:1]))[:70]
            lines.append(f"{o['learner']:<20} {o['status']:<8} {score:>11} {late:>5} {final:>7}  {reason}")
        lines.append(f"{len(self.recorded)} graded now, {len(self.skipped)} already in the gradebook"
                     + (f", {len(self.ignored)} ignored" if self.ignored else ""))
        if self.times:
            lines.append(self.times)
        return "\n".join(lines)


def _worker_context():
    """The context local workers are forked from, its server started now (see :mod:`labkit.grading.worker`).

    A forkserver, not ``fork``: a parent that already ran a kernel holds ZMQ state that must not cross a fork. The
    server imports the grader once while the caller goes on (probing, hashing), so each worker starts loaded.
    """
    import multiprocessing
    from multiprocessing import forkserver

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["labkit.grading.worker"])
    forkserver.ensure_running()
    return context


@dataclass(frozen=True)
class Fanout:
    """How a batch fans out: ``workers`` local processes, or the Dask cluster at ``scheduler``; ``first_kernel``
    (protections, hidden paths, kernel files) lets each local worker launch its first kernel as it starts
    (:func:`labkit.grading.pool.prepare_worker`)."""

    workers: int = 1
    scheduler: str | None = None
    first_kernel: tuple | None = None

    @property
    def executor(self) -> str:
        """The registered executor this fan-out uses: ``dask`` with a scheduler, ``pool`` for several workers."""
        return "dask" if self.scheduler else "pool" if self.workers > 1 else "inline"


Executor = Callable[[list[GradeTask], Fanout], Iterator[tuple[GradeTask, Any]]]
EXECUTORS: Registry[Executor] = Registry("executor", entry_points="labkit.executors")
"""Executors by name: each yields ``(task, outcome)`` for the tasks, all through the same
:func:`~labkit.grading.runner.grade_submission`; filled at the bottom of this module."""


def inline_executor(tasks: list[GradeTask], fanout: Fanout) -> Iterator[tuple[GradeTask, Any]]:
    """One after the other, in this process."""
    for task in tasks:
        yield task, grade_submission(task)


def pool_executor(tasks: list[GradeTask], fanout: Fanout) -> Iterator[tuple[GradeTask, Any]]:
    """A process pool of ``fanout.workers`` local workers, outcomes in the order they finish."""
    first = {"initializer": prepare_worker, "initargs": fanout.first_kernel} if fanout.first_kernel else {}
    with ProcessPoolExecutor(max_workers=fanout.workers, mp_context=_worker_context(), **first) as ex:
        futures = {ex.submit(grade_submission, t): t for t in tasks}
        for fut in as_completed(futures):
            yield futures[fut], _result(fut, futures[fut])


def dask_executor(tasks: list[GradeTask], fanout: Fanout) -> Iterator[tuple[GradeTask, Any]]:
    """The Dask cluster at ``fanout.scheduler``, outcomes in the order they finish."""
    try:
        from distributed import Client, as_completed as dask_completed
    except ImportError:
        from labkit.errors import MissingDependencyError

        raise MissingDependencyError("distributed", "dask", "grading on a Dask cluster") from None
    with Client(fanout.scheduler, timeout="20s") as client:
        futures = {client.submit(grade_submission, t, pure=False): t for t in tasks}
        for fut in dask_completed(list(futures)):
            yield futures[fut], _result(fut, futures[fut])


def _result(fut, task: GradeTask):
    from labkit.grading.runner import Outcome

    try:
        return fut.result()
    except Exception as exc:  # a worker process died: the grader's failure, retried on the next run
        return Outcome(learner=task.learner, assessment="", sha=task.sha, path=task.path, status="error",
                       reason=f"worker failed: {type(exc).__name__}: {str(exc)[:200]}")


def grade_batch(assessment_dir: str | Path, submissions: str | Path, gradebook: str | Path, workers: int = 1,
                scheduler: str | None = None, force: bool = False, policy: SandboxPolicy = SandboxPolicy(),
                feedback: str | Path | None = None, show_progress: bool = True,
                times: str | Path | dict[str, datetime] | None = None, clock: Clock = wall_clock) -> BatchReport:
    """Grade every submission in ``submissions`` against ``assessment_dir`` into ``gradebook``.

    ``times`` is the instructor's manifest of submission times (a CSV path or ``{learner: datetime}``); a learner
    it does not name gets the time this exact submission was first collected, else ``clock``'s reading now.
    """
    from labkit.assess.release import lab_json
    from labkit.assess.spec import load_assessment
    from labkit.grading.feedback import write_feedback

    if workers < 1:
        raise InvalidInputError(f"--workers must be at least 1, got {workers}")
    if scheduler is None and workers > 1:
        _worker_context()  # the workers' server loads the grader while this process probes and hashes
    assessment = load_assessment(assessment_dir)
    submissions = Path(submissions).resolve()
    book = Gradebook(gradebook, clock=clock)
    book.set_items(assessment)  # titles and hints for the pages, from the spec this batch grades against
    protections = probe(policy)
    report = BatchReport(assessment=assessment.id, protections=protections.describe())
    deadline = assessment.late.deadline if assessment.late else None
    manifest = times if isinstance(times, dict) else load_times(times, deadline) if times is not None else {}
    collected = utc_now(clock)
    first_seen = book.submitted_times(assessment.id)
    from_collection: list[str] = []
    hidden = [str(Path(assessment_dir).resolve()), str(submissions), str(book.path.resolve())]
    hidden += [str(book.path.resolve()) + suffix for suffix in ("-wal", "-shm", "-journal")]
    # every other assessment too (a later lab's hidden cases are as secret as this one's): the whole collection
    # folder when it holds nothing the kernel needs, else each sibling assessment folder
    folder = Path(assessment_dir).resolve()
    siblings = [p for p in folder.parent.iterdir() if p.is_dir() and any((p / n).exists() for n in SPEC_NAMES)]
    hidden += [str(folder.parent)] + [str(p) for p in siblings] if len(siblings) > 1 else []
    git = enclosing_git(Path(assessment_dir).resolve())
    if git:
        hidden.append(str(git))
    if feedback:
        hidden.append(str(Path(feedback).resolve()))
    known = book.graded_shas(assessment.id)
    tasks, when = [], {}
    found = discover(submissions, Path(assessment.notebook).name, assessment.id)
    report.ignored.extend(found.skipped)
    for learner, notebook in found.found:
        sha = submission_sha(notebook, int(policy.max_notebook_mb * 2**20), submissions) if notebook else "missing"
        status = known.get((learner, sha))
        if status is not None and status != "error" and not force:
            report.skipped.append(learner)
            continue
        if learner in manifest:
            when[(learner, sha)] = manifest[learner]
        else:
            recorded = first_seen.get((learner, sha))
            when[(learner, sha)] = datetime.fromisoformat(recorded) if recorded else collected
            from_collection.append(learner)
        tasks.append(GradeTask(str(Path(assessment_dir).resolve()), learner, str(notebook) if notebook else None,
                               sha, protections, tuple(hidden), root=str(submissions)))
    # a local worker boots the next kernel while grading, unless no further submission will reach it (a Dask
    # worker is shared and long-lived: it keeps no spare); LABKIT_WARM_POOL=off saves the spare's memory
    warm = scheduler is None and os.environ.get("LABKIT_WARM_POOL", "on") != "off"
    tasks = [replace(t, warm=warm and i < len(tasks) - workers) for i, t in enumerate(tasks)]
    first_kernel = (protections, tuple(hidden), kernel_files(assessment, lab_json(assessment))) if warm else None
    if deadline is not None and from_collection:
        report.times = (f"submission times: {len(from_collection)} learner(s) not in a --times manifest were timed at"
                        f" collection ({collected.isoformat(timespec='seconds')} for new ones)")
    bar = None
    if show_progress and tasks:
        from tqdm import tqdm

        bar = tqdm(total=len(tasks), desc=f"grading {assessment.id}", unit="nb", file=sys.stderr)
    try:
        fanout = Fanout(workers, scheduler, first_kernel)
        for task, outcome in EXECUTORS.get(fanout.executor)(tasks, fanout):
            data = outcome.as_dict()
            data["assessment"] = data["assessment"] or assessment.id
            stamp = when[(task.learner, task.sha)]
            penalty = assessment.late.penalty(stamp) if assessment.late and data["status"] == "graded" else 0.0
            book.record(data, late_penalty=penalty, submitted_at=stamp.isoformat())
            if penalty:
                report.late[task.learner] = penalty
            report.recorded.append(data)
            if bar:
                bar.update(1)
    finally:
        if bar:
            bar.close()
        close_pool()  # a spare kernel of this process (inline grading) does not outlive the batch
    if feedback:
        explanations = {q.id: q.explanation for q in assessment.quizzes if q.explanation}
        write_feedback(book, Path(feedback), assessment.id, explanations)
    book.close()
    return report


EXECUTORS.register("inline", inline_executor)
EXECUTORS.register("pool", pool_executor)
EXECUTORS.register("dask", dask_executor)
