"""Batches end to end: the sample cohort, re-runs, Dask, kill -9 mid-batch, and a machine without protections."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from grading_helpers import ASSESSMENT, FULL_MARKS, HONEST, ROOT, make_submission

from labkit.clock import FakeClock
from labkit.grading.batch import grade_batch
from labkit.grading.gradebook import Gradebook

HIDDEN_ONLY = ["C++ &amp; Rust", "c-rust", "Hi, hi! HI?", "[2, 4, 6, 8, 10]", "A a A."]


# the sample cohort's times are relative to its deadline, so its grades hold on any day: a clock years before the
# deadline and one years after it must give the same gradebook
CLOCKS = {"years before the deadline": "2019-05-01T12:00:00+00:00", "years after it": "2041-01-15T03:00:00+00:00"}


@pytest.mark.parametrize("now", list(CLOCKS.values()), ids=list(CLOCKS))
def test_sample_cohort_rerun_and_force(tmp_path, fast_policy, now):
    book, feedback = tmp_path / "gb.sqlite", tmp_path / "feedback"
    times, clock = ASSESSMENT / "cohort_times.csv", FakeClock.at(now)
    report = grade_batch(ASSESSMENT, ASSESSMENT / "cohort", book, workers=2, policy=fast_policy, feedback=feedback,
                         show_progress=False, times=times, clock=clock)
    assert len(report.recorded) == 4 and report.skipped == []
    grades = {g.learner: g for g in Gradebook(book).current()}
    assert grades["ada"].final_score == FULL_MARKS
    assert grades["ben"].raw_score == 2.5 and grades["ben"].late_penalty == pytest.approx(0.2)  # hidden cases score
    assert grades["ben"].final_score == pytest.approx(2.0)
    assert grades["cy"].final_score == 0 and grades["mallory"].final_score == 0
    for page in (feedback / "sample_basics").glob("*.html"):
        text = page.read_text()
        assert not any(secret in text for secret in HIDDEN_ONLY), f"{page.name} reveals a hidden case"
    assert "Hidden cases: 4 of 4 passed" in (feedback / "sample_basics" / "ada.html").read_text()
    assert "mallory" in (feedback / "index.html").read_text()

    assert report.late == {"ben": pytest.approx(0.2)} and "-20%" in report.table()
    assert {g.graded_at for g in Gradebook(book).current()} == {now}

    again = grade_batch(ASSESSMENT, ASSESSMENT / "cohort", book, policy=fast_policy, show_progress=False,
                        times=times, clock=clock)
    assert again.recorded == [] and sorted(again.skipped) == ["ada", "ben", "cy", "mallory"]
    forced = grade_batch(ASSESSMENT, ASSESSMENT / "cohort", book, policy=fast_policy, force=True,
                         show_progress=False, times=times, clock=clock)
    assert len(forced.recorded) == 4 and Gradebook(book).count() == 4


def test_learner_files_never_set_the_time(tmp_path, fast_policy):
    """A timestamp.txt and an old mtime written by the learner are ignored; without a manifest the collection
    time counts, and a re-grade of the same bytes keeps the time of first collection."""
    subs, book = tmp_path / "subs", tmp_path / "gb.sqlite"
    notebook = make_submission(subs, "eve", HONEST)
    (notebook.parent / "timestamp.txt").write_text("2000-01-01T00:00:00+00:00")
    os.utime(notebook, (946684800, 946684800))  # 2000-01-01: long before the deadline
    after = FakeClock.at("2026-12-03T00:00:01+00:00")  # two days and a second late: three started days
    report = grade_batch(ASSESSMENT, subs, book, policy=fast_policy, show_progress=False, clock=after)
    assert report.late == {"eve": pytest.approx(0.3)} and "timed at collection" in report.table()
    later = FakeClock.at("2031-01-01T00:00:00+00:00")
    grade_batch(ASSESSMENT, subs, book, policy=fast_policy, show_progress=False, clock=later, force=True)
    (eve,) = Gradebook(book).current()
    assert eve.late_penalty == pytest.approx(0.3) and eve.submitted_at == "2026-12-03T00:00:01+00:00"


def test_dask_scheduler(tmp_path, fast_policy):
    distributed = pytest.importorskip("distributed")
    subs = tmp_path / "subs"
    make_submission(subs, "ada", HONEST)
    make_submission(subs, "cy", {})
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None,
                                  silence_logs=50) as cluster:
        report = grade_batch(ASSESSMENT, subs, tmp_path / "gb.sqlite", scheduler=cluster.scheduler_address,
                             policy=fast_policy, show_progress=False)
    scores = {o["learner"]: o["score"] for o in report.recorded}
    assert scores == {"ada": FULL_MARKS, "cy": 0.0}


def test_kill_9_mid_batch_then_resume(tmp_path):
    subs = tmp_path / "subs"
    learners = [f"l{i}" for i in range(6)]
    for i, learner in enumerate(learners):
        answers = {**HONEST, "quiz-lookup": 'quiz("q_lookup", "O(n)")'} if i % 2 else HONEST
        make_submission(subs, learner, {**answers, "intro": f"# learner {i}"})
    book = tmp_path / "gb.sqlite"
    cmd = [sys.executable, "-m", "labkit.cli", "grade", str(ASSESSMENT), str(subs), "--gradebook", str(book),
           "--quiet", "--cell-timeout", "10", "--notebook-timeout", "60"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    done = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if book.exists():
            try:
                done = sqlite3.connect(book).execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
            except sqlite3.OperationalError:
                done = 0
        if done >= 2:
            break
        time.sleep(0.2)
    assert proc.poll() is None, "the batch finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    before = Gradebook(book)
    assert 2 <= before.count() < len(learners)
    recorded_before = before.count()
    before.close()
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    after = sqlite3.connect(book)
    rows = after.execute("SELECT learner, COUNT(*) FROM submissions GROUP BY learner").fetchall()
    assert sorted(r[0] for r in rows) == learners and all(n == 1 for _, n in rows)
    assert f"{len(learners) - recorded_before} graded now, {recorded_before} already in the gradebook" in result.stdout
    scores = dict(after.execute("SELECT learner, score FROM submissions"))
    assert scores == {learner: FULL_MARKS - (i % 2) for i, learner in enumerate(learners)}


def test_no_notebook_and_bad_learner_names(tmp_path, fast_policy):
    subs = tmp_path / "subs"
    (subs / "empty_folder").mkdir(parents=True)
    make_submission(subs, ".hidden", HONEST)
    report = grade_batch(ASSESSMENT, subs, tmp_path / "gb.sqlite", policy=fast_policy, show_progress=False)
    (row,) = report.recorded
    assert row["learner"] == "empty_folder" and row["status"] == "failed" and "no notebook" in row["reason"]
    assert [s.name for s in report.ignored] == [".hidden"]


def test_executors_are_registered_and_chosen_by_the_fan_out():
    from labkit.errors import UnknownNameError
    from labkit.grading.batch import EXECUTORS, Fanout

    assert EXECUTORS.names()[:3] == ["inline", "pool", "dask"]
    assert [Fanout().executor, Fanout(workers=4).executor, Fanout(scheduler="tcp://h:8786").executor] == \
        ["inline", "pool", "dask"]
    with pytest.raises(UnknownNameError, match="Known executors: inline, pool, dask"):
        EXECUTORS.get("threads")
