"""The warm pool: the next kernel boots while one runs, and every kernel serves exactly one submission."""

from __future__ import annotations

import os
import signal
import time

import pytest
from grading_helpers import ASSESSMENT, FULL_MARKS, HONEST, make_submission

from labkit.grading import pool as pool_module
from labkit.grading.batch import grade_batch
from labkit.grading.pool import WarmPool
from labkit.grading.sandbox import probe

# each learner's notebook looks for traces of an earlier submission in its kernel (a global, a module attribute, a
# file in its home and in /tmp) and leaves its own: a reused kernel would hand the next learner a wrong slugify
TRACES = '''
import builtins, os, re
traces = [hasattr(builtins, "_graded_before"), os.path.exists("trace.txt"), os.path.exists("/tmp/trace.txt")]
builtins._graded_before = True
for path in ("trace.txt", "/tmp/trace.txt"):
    try:
        open(path, "w").write("graded")
    except OSError:
        pass
def slugify(title):
    if any(traces):
        return "this kernel served another submission: %s" % traces
    return "-".join(re.findall(r"[a-z0-9]+", title.lower()))
'''


def test_kernels_are_warm_and_never_reused(tmp_path, fast_policy, monkeypatch):
    monkeypatch.setattr(pool_module, "_POOL", None)
    subs = tmp_path / "subs"
    learners = ["l1", "l2", "l3", "l4"]
    for learner in learners:
        make_submission(subs, learner, {**HONEST, "slugify-answer": TRACES})
    report = grade_batch(ASSESSMENT, subs, tmp_path / "gb.sqlite", policy=fast_policy, show_progress=False)
    assert {o["learner"]: o["score"] for o in report.recorded} == dict.fromkeys(learners, FULL_MARKS)
    used = pool_module._POOL
    assert used.handed_warm == len(learners) - 1  # every kernel but the first was launched ahead of time
    assert used._spare is None  # the last submission prepared no spare, and the batch closed the pool


@pytest.fixture
def protections(fast_policy):
    return probe(fast_policy)


def test_a_spare_for_another_sandbox_or_a_dead_one_is_never_handed_out(protections):
    warm = WarmPool()
    first = warm.take(protections, ("/nonexistent-a",), {}, prepare_next=True)
    spare = warm._spare
    try:
        assert spare is not None and spare.km.has_kernel and spare is not first
        other = warm.take(protections, ("/nonexistent-b",), {}, prepare_next=False)  # other hidden paths
        assert other is not spare and warm.handed_warm == 0 and not spare.root.exists()  # discarded, cleaned
        other.__exit__(None, None, None)

        warm.take(protections, ("/nonexistent-a",), {}, prepare_next=True).__exit__(None, None, None)
        doomed = warm._spare
        os.killpg(doomed.km.provisioner.pid, signal.SIGKILL)
        doomed.km.provisioner.process.wait()
        fresh = warm.take(protections, ("/nonexistent-a",), {}, prepare_next=True)
        assert fresh is not doomed and warm.handed_warm == 0 and not doomed.root.exists()
        fresh.__exit__(None, None, None)

        handed = warm._spare
        assert warm.take(protections, ("/nonexistent-a",), {}, prepare_next=False) is handed
        assert warm.handed_warm == 1 and warm._spare is None
        handed.__exit__(None, None, None)
    finally:
        first.__exit__(None, None, None)
        warm.close()


def test_close_kills_the_spare_and_frees_its_slot(protections):
    warm = WarmPool()
    warm.take(protections, (), {}, prepare_next=True).__exit__(None, None, None)
    spare = warm._spare
    pid = spare.km.provisioner.pid
    warm.close()
    assert warm._spare is None and not spare.root.exists()
    with pytest.raises(ProcessLookupError):
        for _ in range(200):  # the launcher was killed and collected (os.kill raises once it is gone)
            os.kill(pid, 0)
            time.sleep(0.01)


def test_a_worker_starts_its_first_kernel_before_its_first_task(protections, monkeypatch):
    monkeypatch.setattr(pool_module, "_POOL", None)
    pool_module.prepare_worker(protections, ("/nonexistent-a",), {"lab.json": "{}"})
    prepared = pool_module.pool()._spare
    try:
        assert prepared is not None and prepared.km.has_kernel
        pool_module.pool().prepare(protections, ("/nonexistent-a",), {"lab.json": "{}"})  # one spare, not two
        assert pool_module.pool()._spare is prepared
        taken = pool_module.pool().take(protections, ("/nonexistent-a",), {"lab.json": "{}"}, prepare_next=False)
        assert taken is prepared and pool_module.pool().handed_warm == 1
        taken.__exit__(None, None, None)
    finally:
        pool_module.close_pool()


def test_a_worker_whose_first_kernel_cannot_start_still_grades(protections, monkeypatch):
    def broken(*_):
        raise RuntimeError("all sandbox slots are busy")

    monkeypatch.setattr(pool_module, "_POOL", None)
    monkeypatch.setattr(pool_module, "launch", broken)
    pool_module.prepare_worker(protections, (), {})  # returns: the first task launches (and reports) on its own
    assert pool_module.pool()._spare is None
