"""The cohort dashboard: a gradebook turned into distributions, the hardest challenges, a heatmap and who needs help.

The one idea: the instructor's questions are group-bys over one tidy table, *one row per learner x assessment x
challenge* of the **current** grades (:meth:`labkit.grading.gradebook.Gradebook.current`: latest submission, late
penalty and overrides applied). Everything else is a pandas view of it, available as DataFrames
(``CohortReport(path).frames()``) for whatever the dashboard does not show.

The rules:

* a learner's **percent** for an assessment is ``final_score / max_score``; a learner with no current grade for an
  assessment someone else was graded on has a **missing** submission (the heatmap shows it grey);
* a challenge's (or quiz question's) difficulty is its **mean score %** over the learners whose notebook was graded
  (failed submissions, which never ran, say nothing about a challenge); the **hardest** items, quiz questions
  included, are the lowest means, ties broken by the share of learners with full marks;
* a learner is **at risk** when their mean percent over *every* assessment in the gradebook, a missing one counting
  0, is below ``risk_threshold`` (default 50), or when a submission is missing, or when their current submission
  failed (could not be graded). Each at-risk row says which of these applied.

With a roster in the gradebook (``labkit grade --roster``), every learner on it is in the report: one who never
submitted anything is missing every assessment (and so at risk). Without one, the gradebook knows only learners
who submitted something. Assessments nobody submitted are absent. The file is only read (opened read-only): the
report never writes a grade.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from labkit.errors import InvalidInputError, ReportInputError
from labkit.grading.gradebook import MISSING
from labkit.progress import charts
from labkit.progress.learner import percent

DEFAULT_RISK_THRESHOLD = 50.0


def load_grades(gradebook: str | Path) -> tuple[list[Any], dict[tuple[str, str], str]]:
    """The current grades in ``gradebook`` (a path), with a ``missing`` one for each roster learner without a
    submission, and the recorded item titles (``{(assessment, item): title}``); checked first so a wrong path never
    creates a file."""
    from labkit.grading.gradebook import Gradebook

    path = Path(gradebook)
    if not path.exists():
        raise ReportInputError(str(path), "no gradebook here; grade a cohort first with "
                                          f"labkit grade ASSESSMENT SUBMISSIONS --gradebook {path}")
    if path.is_dir():
        raise ReportInputError(str(path), "is a folder; pass the gradebook file (e.g. gradebook.sqlite)")
    try:
        book = Gradebook(path, readonly=True)  # never creates, migrates or changes the file
    except InvalidInputError as exc:
        raise ReportInputError(str(path), str(exc).removeprefix(f"{path} ")) from None
    try:
        grades = book.accounted()
        titles = {key: item.title for key, item in book.items().items()}
    finally:
        book.close()
    if not [g for g in grades if g.status != MISSING]:
        raise ReportInputError(str(path), "holds no graded submissions yet; run labkit grade ... --gradebook "
                                          f"{path} first")
    return grades, titles


class CohortReport(charts.HtmlReport):
    """The cohort dashboard for the gradebook at ``gradebook``; see the module docstring for every rule."""

    title = "Cohort report"

    def __init__(self, gradebook: str | Path, risk_threshold: float = DEFAULT_RISK_THRESHOLD, hardest: int = 5,
                 feedback: str | Path | None = None):
        if not 0 <= risk_threshold <= 100:
            raise ReportInputError("--threshold", f"must be a percentage between 0 and 100, got {risk_threshold:g}")
        self.path = Path(gradebook)
        self.risk_threshold = float(risk_threshold)
        self.n_hardest = hardest
        self.feedback = Path(feedback) if feedback else self.path.resolve().parent / "feedback"
        self._page_dir = Path.cwd()
        self._frames = build_frames(*load_grades(self.path), risk_threshold=self.risk_threshold)

    def write_html(self, path: str | Path) -> Path:
        self._page_dir = Path(path).resolve().parent  # links to feedback pages are relative to the report
        return super().write_html(path)

    def _links(self) -> dict[str, str]:
        """Each learner's feedback page (the first assessment's that exists), relative to the report."""
        import os

        from labkit.grading.submission import learner_slug

        links = {}
        for r in self._frames["grades"].itertuples():
            page = self.feedback / r.assessment / f"{learner_slug(r.learner)}.html"
            if r.learner not in links and page.is_file():
                links[r.learner] = os.path.relpath(page.resolve(), self._page_dir)
        return links

    def frames(self) -> dict[str, pd.DataFrame]:
        """grades, challenges, heatmap, distribution, challenge_stats, hardest, learners, at_risk (copies)."""
        return {name: frame.copy() for name, frame in self._frames.items()}

    @property
    def at_risk(self) -> pd.DataFrame:
        return self._frames["at_risk"].copy()

    def headline(self) -> str:
        f = self._frames
        return (f"{len(f['learners'])} learner(s), {len(f['distribution'])} assessment(s), {len(f['grades'])} current "
                f"grade(s); {len(f['at_risk'])} learner(s) at risk (mean < {self.risk_threshold:g}%, missing or "
                f"failed submission)")

    def text(self) -> str:
        f = self._frames
        lines = [f"Cohort report ({self.path})", self.headline(), "", "Scores per assessment (% of max):"]
        for r in f["distribution"].itertuples():
            lines.append(f"  {r.assessment:<24} n={r.submitted:<3} missing={r.missing:<3} mean {r.mean_percent:5.1f}"
                         f"  median {r.median_percent:5.1f}  min {r.min_percent:5.1f}  max {r.max_percent:5.1f}")
        lines += ["", "Hardest challenges and quiz questions:"]
        for r in f["hardest"].head(self.n_hardest).itertuples():
            lines.append(f"  {r.assessment}/{r.challenge} ({r.kind}, {r.title}): mean {r.mean_percent:.1f}%, full "
                         f"marks {r.full_marks_percent:.1f}% of {r.learners}")
        lines += ["", "At risk:" if len(f["at_risk"]) else "At risk: nobody"]
        for r in f["at_risk"].itertuples():
            lines.append(f"  {r.learner}: {r.reasons}")
        return "\n".join(lines)

    def _body(self) -> list[str]:
        from labkit.progress import plots

        f = self._frames
        links = self._links()
        stat_columns = ["assessment", "title", "kind", "points", "learners", "mean_percent", "median_percent",
                        "full_marks_percent", "zero_percent"]
        return [
            f"<p><b>{charts.esc(self.headline())}</b></p>",
            f"<p class='lk-note'>Gradebook {charts.esc(self.path)}: current grades (latest submission, late penalty "
            f"and overrides applied). At risk: mean over every assessment below {self.risk_threshold:g}% (a missing "
            "submission counts 0), or a missing or failed submission.</p>",
            "<h2>Learners at risk</h2>",
            charts.table(f["at_risk"][["learner", "mean_percent", "missing", "failed", "reasons"]],
                         empty="Nobody is at risk.", links=links),
            "<h2>Learners x assessments (final score %)</h2>", plots.cohort_heatmap(f["heatmap"]),
            "<h2>Score distribution per assessment</h2>", charts.table(f["distribution"]),
            plots.cohort_distributions(f["grades"]),
            "<h2>Hardest challenges and quiz questions</h2>",
            charts.table(f["hardest"].head(self.n_hardest)[stat_columns]), plots.cohort_hardest(f["hardest"]),
            "<h2>Score distribution per challenge and question</h2>", charts.table(f["challenge_stats"][stat_columns]),
            plots.cohort_challenges(f["challenges"]),
            "<h2>Every current grade</h2>",
            charts.table(f["grades"][["learner", "assessment", "status", "final_score", "max_score", "percent",
                                      "late_penalty", "overridden", "reason"]], links=links),
        ]


def build_frames(grades: list[Any], titles: dict[tuple[str, str], str] | None = None,
                 risk_threshold: float = DEFAULT_RISK_THRESHOLD) -> dict[str, pd.DataFrame]:
    """Every table of the dashboard from a list of :class:`~labkit.grading.gradebook.Grade`; a ``missing`` grade
    (a roster learner without a submission) only puts its learner in the cohort."""
    grade_rows, challenge_rows = [], []
    roster_only = {g.learner for g in grades if g.status == MISSING}
    grades = [g for g in grades if g.status != MISSING]
    for g in grades:
        grade_rows.append({
            "learner": g.learner, "assessment": g.assessment, "title": g.detail.get("title", g.assessment),
            "status": g.status, "reason": g.why, "raw_score": g.raw_score, "late_penalty": g.late_penalty,
            "final_score": g.final_score, "max_score": g.max_score, "percent": percent(g.final_score, g.max_score),
            "overridden": bool(g.overrides), "graded_at": g.graded_at,
        })
        if g.status != "graded":
            continue
        points = {c["id"]: (c.get("kind", "challenge"), float(c.get("points", 0))) for c in g.detail.get("challenges", [])}
        for cid, score in g.challenges.items():
            kind, max_points = points.get(cid, ("challenge", 0.0))
            challenge_rows.append({
                "learner": g.learner, "assessment": g.assessment, "challenge": cid, "kind": kind,
                "title": (titles or {}).get((g.assessment, cid), cid),
                "points": max_points, "score": float(score), "percent": percent(score, max_points),
                "full_marks": max_points > 0 and score >= max_points - 1e-9,
            })
    graded = pd.DataFrame(grade_rows)
    challenges = pd.DataFrame(challenge_rows, columns=["learner", "assessment", "challenge", "kind", "title", "points",
                                                       "score", "percent", "full_marks"])
    learners = sorted(set(graded["learner"]) | roster_only)
    assessments = sorted(graded["assessment"].unique())
    heatmap = (graded.pivot(index="learner", columns="assessment", values="percent")
               .reindex(index=learners, columns=assessments))
    heatmap.columns.name, heatmap.index.name = "assessment", "learner"

    distribution = []
    for a in assessments:
        p = graded.loc[graded["assessment"] == a, "percent"]
        distribution.append({
            "assessment": a, "submitted": len(p),
            "graded": int((graded.loc[graded["assessment"] == a, "status"] == "graded").sum()),
            "missing": len(learners) - len(p), "mean_percent": round(p.mean(), 1),
            "median_percent": round(p.median(), 1), "min_percent": p.min(), "max_percent": p.max(),
            "std_percent": round(p.std(ddof=0), 1),
        })

    stats = (challenges.groupby(["assessment", "challenge", "kind", "title"], sort=True)
             .agg(points=("points", "max"), learners=("learner", "nunique"), mean_percent=("percent", "mean"),
                  median_percent=("percent", "median"), full_marks_percent=("full_marks", "mean"),
                  zero_percent=("score", lambda s: (s <= 0).mean()))
             .reset_index())
    stats[["full_marks_percent", "zero_percent"]] *= 100
    stats = stats.round({"mean_percent": 1, "median_percent": 1, "full_marks_percent": 1, "zero_percent": 1})
    hardest = (stats.sort_values(["mean_percent", "full_marks_percent", "assessment", "challenge"])
               .reset_index(drop=True))

    learner_rows = []
    for learner in learners:
        mine = graded[graded["learner"] == learner].set_index("assessment")
        missing = [a for a in assessments if a not in mine.index]
        failed = [f"{a} ({mine.at[a, 'reason']})" if mine.at[a, "reason"] else a
                  for a in mine.index if mine.at[a, "status"] == "failed"]
        mean = round(float(heatmap.loc[learner].fillna(0).mean()), 1)
        reasons = []
        if mean < risk_threshold:
            reasons.append(f"mean {mean:g}% < {risk_threshold:g}%")
        if missing:
            reasons.append("missing " + ", ".join(missing))
        if failed:
            reasons.append("failed " + ", ".join(failed))
        learner_rows.append({"learner": learner, "submitted": len(mine), "mean_percent": mean,
                             "missing": ", ".join(missing), "failed": ", ".join(failed),
                             "at_risk": bool(reasons), "reasons": "; ".join(reasons)})
    learners_frame = pd.DataFrame(learner_rows)
    at_risk = (learners_frame[learners_frame["at_risk"]].sort_values(["mean_percent", "learner"])
               .reset_index(drop=True))
    return {"grades": graded, "challenges": challenges, "heatmap": heatmap, "distribution": pd.DataFrame(distribution),
            "challenge_stats": stats, "hardest": hardest, "learners": learners_frame, "at_risk": at_risk}
