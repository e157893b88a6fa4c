"""The cohort dashboard against hand-computed numbers (scenario in conftest.gradebook_path), its HTML and errors."""

from __future__ import annotations

import math
import sqlite3

import pytest

from labkit.errors import ReportInputError
from labkit.grading.gradebook import Gradebook
from labkit.progress.cohort import CohortReport


def test_current_grades_with_overrides_penalties_and_resubmissions(gradebook_path):
    grades = CohortReport(gradebook_path).frames()["grades"].set_index(["learner", "assessment"])
    assert grades.loc[("ada", "lab_b"), "percent"] == 60.0  # the resubmission, not the first try (20)
    assert grades.loc[("ben", "lab_a"), "percent"] == 80.0 and grades.loc[("ben", "lab_a"), "overridden"]
    assert grades.loc[("cy", "lab_a"), "percent"] == 63.0  # 70 minus 10% late
    assert grades.loc[("cy", "lab_b"), "status"] == "failed"


def test_heatmap_is_learners_by_assessments_with_missing_as_nan(gradebook_path):
    heatmap = CohortReport(gradebook_path).frames()["heatmap"]
    assert list(heatmap.index) == ["ada", "ben", "cy", "dee"] and list(heatmap.columns) == ["lab_a", "lab_b"]
    assert heatmap.loc["ada"].tolist() == [100.0, 60.0] and heatmap.loc["cy"].tolist() == [63.0, 0.0]
    assert heatmap.loc["ben", "lab_a"] == 80.0 and math.isnan(heatmap.loc["ben", "lab_b"])


def test_distributions_per_assessment_and_challenge(gradebook_path):
    frames = CohortReport(gradebook_path).frames()
    dist = frames["distribution"].set_index("assessment")
    assert dist.loc["lab_a", "submitted"] == 4 and dist.loc["lab_a", "missing"] == 0
    assert dist.loc["lab_a", "mean_percent"] == pytest.approx((100 + 80 + 63 + 100) / 4, abs=0.05)
    assert dist.loc["lab_b", "submitted"] == 3 and dist.loc["lab_b", "missing"] == 1  # ben
    assert dist.loc["lab_b", "graded"] == 2 and dist.loc["lab_b", "mean_percent"] == 53.3  # (60 + 0 + 100) / 3
    stats = frames["challenge_stats"].set_index(["assessment", "challenge"])
    # c2: ada 6/6, ben 6/6 (override), cy 3/6 (penalty applies to the grade, not to the challenge), dee 6/6
    assert stats.loc[("lab_a", "c2"), "mean_percent"] == 87.5 and stats.loc[("lab_a", "c2"), "learners"] == 4
    assert stats.loc[("lab_a", "c2"), "full_marks_percent"] == 75.0
    # the failed lab_b submission never ran: it says nothing about d1/d2
    assert stats.loc[("lab_b", "d2"), "learners"] == 2 and stats.loc[("lab_b", "d2"), "mean_percent"] == 60.0


def test_hardest_challenges_are_the_lowest_means(gradebook_path):
    hardest = CohortReport(gradebook_path).frames()["hardest"]
    # d2: (20 + 100) / 2 = 60; c1: (100 + 50 + 100 + 100) / 4 = 87.5; c2 ties c1 (87.5, 75% full marks): by id
    assert list(zip(hardest["assessment"], hardest["challenge"])) == [
        ("lab_b", "d2"), ("lab_a", "c1"), ("lab_a", "c2"), ("lab_b", "d1")]


def test_learners_at_risk_and_why(gradebook_path):
    report = CohortReport(gradebook_path)
    risk = report.at_risk.set_index("learner")
    assert list(report.at_risk["learner"]) == ["cy", "ben"]  # lowest mean first
    assert risk.loc["cy", "mean_percent"] == 31.5 and risk.loc["ben", "mean_percent"] == 40.0
    assert risk.loc["ben", "reasons"] == "mean 40% < 50%; missing lab_b"
    assert risk.loc["cy", "reasons"] == "mean 31.5% < 50%; failed lab_b (no notebook submitted)"
    # a lower threshold clears the mean rule, not the missing/failed ones; a higher one catches ada (80)
    low = CohortReport(gradebook_path, risk_threshold=30).at_risk.set_index("learner")
    assert low.loc["ben", "reasons"] == "missing lab_b" and set(low.index) == {"ben", "cy"}
    assert "ada" in set(CohortReport(gradebook_path, risk_threshold=85).at_risk["learner"])


def test_html_dashboard_embeds_every_plot(gradebook_path, tmp_path):
    report = CohortReport(gradebook_path)
    page = report.write_html(tmp_path / "cohort.html").read_text()
    assert page.count("src='data:image/png;base64,") == 4  # heatmap, distributions, hardest, per challenge
    for heading in ("Learners at risk", "Score distribution per assessment", "Hardest challenges"):
        assert heading in page
    assert "data:image/png;base64," in report._repr_html_()
    assert "At risk:" in report.text() and "cy: mean 31.5% < 50%" in report.text()


def test_frames_are_copies(gradebook_path):
    report = CohortReport(gradebook_path)
    report.frames()["grades"].drop(report.frames()["grades"].index, inplace=True)
    assert len(report.frames()["grades"]) == 7


def test_bad_gradebooks_are_clear_errors_and_never_created(tmp_path):
    missing = tmp_path / "none.sqlite"
    with pytest.raises(ReportInputError, match="no gradebook here; grade a cohort first"):
        CohortReport(missing)
    assert not missing.exists()
    with pytest.raises(ReportInputError, match="is a folder"):
        CohortReport(tmp_path)
    junk = tmp_path / "junk.sqlite"
    junk.write_text("hello")
    with pytest.raises(ReportInputError, match="not a labkit gradebook"):
        CohortReport(junk)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(ReportInputError, match="no submissions table"):
        CohortReport(other)
    Gradebook(tmp_path / "empty.sqlite").close()
    with pytest.raises(ReportInputError, match="no graded submissions yet"):
        CohortReport(tmp_path / "empty.sqlite")
    with pytest.raises(ReportInputError, match="between 0 and 100"):
        CohortReport(tmp_path / "empty.sqlite", risk_threshold=150)


def test_only_grader_errors_leave_a_learner_out(tmp_path, make_outcome):
    """A submission the grader failed on (status 'error') is not a grade: it is retried, not reported."""
    book = Gradebook(tmp_path / "g.sqlite")
    book.record(make_outcome("eve", "lab_a", "e1", {"c1": (4, 4), "c2": (6, 6)}))
    book.record(make_outcome("fay", "lab_a", "f1", {}, status="error", reason="grader error: kernel died"))
    book.close()
    frames = CohortReport(tmp_path / "g.sqlite").frames()
    assert list(frames["learners"]["learner"]) == ["eve"] and frames["at_risk"].empty
