"""The report's charts: each function takes a report's DataFrame and returns an ``<img>`` tag (or ``""``).

The one idea: a chart is a view of a table the report already shows, never a second computation, so what the
picture says and what the table says cannot disagree. Learner charts: completion and score per lab, attempts per
challenge (failed before passing vs. the passing one), best score over time, skills shown. Cohort charts: score
distribution per assessment, per-challenge score spread, the learners x assessments heatmap, the hardest challenges.

What it leaves out: styling beyond readable defaults; every chart caps how many rows it draws (the tables list all).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from labkit.progress.charts import figure, img

PASS, FAIL, OPEN = "#1a7f37", "#cf222e", "#bf8700"
MAX_BARS = 25
MAX_LEARNER_LABELS = 40


def learner_labs(labs: pd.DataFrame) -> str:
    """Grouped bars: completion % and visible-case score % per lab."""
    if labs.empty:
        return ""
    fig = figure(7, 0.6 + 0.45 * len(labs))
    ax = fig.add_subplot()
    y = np.arange(len(labs))
    ax.barh(y - 0.2, labs["completion_percent"], height=0.4, color=PASS, label="completion %")
    ax.barh(y + 0.2, labs["score_percent"], height=0.4, color="#0969da", label="score %")
    ax.set_yticks(y, labs["assessment"])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("%")
    fig.legend(loc="outside upper center", ncols=2, fontsize="small")
    return img(fig, "completion and score per lab")


def learner_attempts(items: pd.DataFrame) -> str:
    """Stacked bars per attempted challenge: failed attempts before passing, then the passing attempt (or not)."""
    c = items[(items["kind"] == "challenge") & (items["attempts"] > 0)]
    if c.empty:
        return ""
    c = c.sort_values(["attempts", "assessment", "item"], ascending=[False, True, True]).head(MAX_BARS)
    labels = c["assessment"] + "/" + c["item"]
    done = c["done"].to_numpy(dtype=bool)
    failed = c["failed_attempts"].to_numpy()
    rest = (c["attempts"] - c["failed_attempts"]).to_numpy()
    fig = figure(7, 1.0 + 0.35 * len(c))
    ax = fig.add_subplot()
    y = np.arange(len(c))
    ax.barh(y[done], failed[done], color=OPEN, label="failed, then passed")
    ax.barh(y[~done], failed[~done], color=FAIL, label="failed, not passed yet")
    ax.barh(y, rest, left=failed, color=PASS, label="passing (and later) checks")
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel("attempts")
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.legend(loc="outside upper center", ncols=3, fontsize="small")
    return img(fig, "attempts per challenge")


def learner_timeline(attempts: pd.DataFrame, items: pd.DataFrame) -> str:
    """The share of all challenge points earned so far (best score per challenge), after each attempt."""
    c = attempts[attempts["kind"] == "challenge"]
    total = items.loc[items["kind"] == "challenge", "points"].sum()
    if c.empty or not total:
        return ""
    best: dict[tuple[str, str], float] = {}
    curve = []
    for r in c.itertuples():
        key = (r.assessment, r.item)
        best[key] = max(best.get(key, 0.0), r.score)
        curve.append(100.0 * sum(best.values()) / total)
    fig = figure(7, 2.8)
    ax = fig.add_subplot()
    ax.step(c["at"].dt.tz_localize(None), curve, where="post", color="#0969da")
    ax.set_ylim(0, 100)
    ax.set_ylabel("% of points (visible)")
    fig.autofmt_xdate()
    return img(fig, "score over time")


def learner_skills(skills: pd.DataFrame) -> str:
    """Bars: how many passed challenges show each skill."""
    if skills.empty:
        return ""
    s = skills.head(MAX_BARS)
    fig = figure(7, 0.6 + 0.3 * len(s))
    ax = fig.add_subplot()
    ax.barh(s["skill"], s["challenges"], color=PASS)
    ax.invert_yaxis()
    ax.set_xlabel("passed challenges")
    ax.xaxis.get_major_locator().set_params(integer=True)
    return img(fig, "skills shown")


def cohort_distributions(grades: pd.DataFrame) -> str:
    """One histogram of final score % per assessment (small multiples, bins of 10%)."""
    if grades.empty:
        return ""
    names = sorted(grades["assessment"].unique())
    cols = min(3, len(names))
    rows = (len(names) + cols - 1) // cols
    fig = figure(3.2 * cols, 2.4 * rows)
    for i, name in enumerate(names):
        ax = fig.add_subplot(rows, cols, i + 1)
        ax.hist(grades.loc[grades["assessment"] == name, "percent"], bins=np.linspace(0, 100, 11),
                color="#0969da", edgecolor="white")
        ax.set_title(name, fontsize="small")
        ax.set_xlim(0, 100)
        ax.yaxis.get_major_locator().set_params(integer=True)
    fig.supxlabel("final score %")
    fig.supylabel("learners")
    return img(fig, "score distribution per assessment")


def cohort_challenges(challenges: pd.DataFrame) -> str:
    """Box plots of each challenge's score as a % of its points, across learners."""
    if challenges.empty:
        return ""
    keys = sorted(set(zip(challenges["assessment"], challenges["challenge"])))[:MAX_BARS * 2]
    data = [challenges.loc[(challenges["assessment"] == a) & (challenges["challenge"] == c), "percent"].to_numpy()
            for a, c in keys]
    fig = figure(7, 0.8 + 0.3 * len(keys))
    ax = fig.add_subplot()
    ax.boxplot(data, orientation="horizontal", tick_labels=[f"{a}/{c}" for a, c in keys])
    ax.invert_yaxis()
    ax.set_xlim(-5, 105)
    ax.set_xlabel("score % of the challenge's points")
    return img(fig, "score distribution per challenge")


def cohort_heatmap(heatmap: pd.DataFrame) -> str:
    """Learners x assessments, coloured by final score % (grey: nothing submitted)."""
    if heatmap.empty:
        return ""
    import matplotlib

    values = heatmap.to_numpy(dtype=float)
    rows = heatmap.shape[0]
    fig = figure(min(1.5 + 0.9 * heatmap.shape[1], 14), min(1.0 + 0.35 * rows, 14))
    ax = fig.add_subplot()
    cmap = matplotlib.colormaps["RdYlGn"].with_extremes(bad="#d0d7de")
    shown = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=0, vmax=100, aspect="auto")
    ax.set_xticks(range(heatmap.shape[1]), heatmap.columns, rotation=30, ha="right")
    if rows <= MAX_LEARNER_LABELS:
        ax.set_yticks(range(rows), heatmap.index)
    else:  # too many names to read: the table and the frames keep them
        ax.set_yticks([])
        ax.set_ylabel(f"{rows} learners (alphabetical)")
    if values.size <= 400:  # annotate when the numbers stay readable
        for (i, j), v in np.ndenumerate(values):
            ax.text(j, i, "-" if np.isnan(v) else f"{v:.0f}", ha="center", va="center", fontsize="small")
    fig.colorbar(shown, ax=ax, label="final score %")
    return img(fig, "learners x assessments heatmap")


def cohort_hardest(hardest: pd.DataFrame) -> str:
    """Bars: mean score % and full-marks rate of the hardest challenges."""
    if hardest.empty:
        return ""
    h = hardest.head(MAX_BARS // 2)
    fig = figure(7, 0.6 + 0.45 * len(h))
    ax = fig.add_subplot()
    y = np.arange(len(h))
    ax.barh(y - 0.2, h["mean_percent"], height=0.4, color=OPEN, label="mean score %")
    ax.barh(y + 0.2, h["full_marks_percent"], height=0.4, color=PASS, label="learners with full marks %")
    ax.set_yticks(y, [f"{a}: {t[:40]}" for a, t in zip(h["assessment"], h["title"])])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    fig.legend(loc="outside upper center", ncols=2, fontsize="small")
    return img(fig, "hardest challenges and quiz questions")
