"""The learner's progress report: what is done, how well, how long it took, what to do next.

The one idea: every number is *computed from facts* the platform already keeps, the local progress store (each
Check attempt and quiz answer with its time, and the challenges each opened lab registered) and, optionally, the
learner's saved lab notebooks (:mod:`labkit.progress.labs`). The rules, in one place:

* an *item* is a challenge or a quiz question of a lab; a challenge is **done** when one attempt passed every
  visible case, a quiz question when it has been answered;
* **completion** of a lab = done items / known items; **score** = the best visible-case score of each challenge,
  summed, over the challenges' points (quiz keys and hidden cases stay with the grader, so this is a forecast, not
  the grade);
* **attempts** count Check runs (a saved notebook's ``(attempt N)`` counts when the store has fewer; that counter
  restarts with the kernel, so it is a lower bound, and such checks carry no time);
* **time spent** = gaps between consecutive attempts within a session (:mod:`labkit.progress.sessions`);
* **skills shown** = the skills of passed challenges;
* **weakest** challenges = attempted and not passed first (most attempts, then lowest best score), then passed ones
  that needed failed attempts first;
* **next steps** = finish the weakest unpassed challenges (with their hint), then start unattempted ones (in labs
  already started first, shortest estimate first), then answer open quiz questions. With ``labs``, every lab spec
  in that folder counts, so a level not opened yet shows as 0% done and its challenges as next steps.

What it leaves out: the final grade (that is ``labkit grade``'s, with hidden cases) and any comparison with other
learners (``labkit report`` does the cohort).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from labkit.assess.spec import KINDS, Kind
from labkit.errors import LabkitError, ReportInputError
from labkit.progress import charts
from labkit.progress.labs import LabEvidence, read_lab_specs, read_labs
from labkit.progress.sessions import DEFAULT_SESSION_GAP, credited_gaps, parse_time, time_spent
from labkit.sqlite import open_readonly

ITEM_COLUMNS = ["assessment", "item", "kind", "title", "points", "skills", "minutes", "attempts", "done",
                "best_score", "best_percent", "failed_attempts", "minutes_spent", "first_at", "last_at",
                "quiz_choice", "notebook", "hint"]


def percent(part: float, whole: float) -> float:
    """``part`` as a percentage of ``whole`` (0 when there is no whole), rounded to 1 decimal.

    >>> percent(1, 3), percent(2, 0)
    (33.3, 0.0)
    """
    return round(100.0 * part / whole, 1) if whole else 0.0


def _kind(name: object) -> Kind | None:
    """The registered kind called ``name``, or ``None`` for one this labkit does not know (it counts as neither)."""
    return KINDS.get(name) if isinstance(name, str) and name in KINDS else None


def judged_on_cases(name: object) -> bool:
    """Whether items of the kind ``name`` are judged on cases, so a visible-case score forecasts their grade.

    >>> judged_on_cases("challenge"), judged_on_cases("quiz"), judged_on_cases("unknown")
    (True, False, False)
    """
    kind = _kind(name)
    return kind is not None and kind.cases


def _cased(items: pd.DataFrame) -> pd.Series:
    """Per row of ``items``, whether its kind is judged on cases (see :func:`judged_on_cases`)."""
    return items["kind"].map(judged_on_cases).astype(bool)


def _spec_items(assessment: str, spec: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(assessment, raw["id"]): {"kind": kind.name, **kind.lab.outline(raw)}
            for kind in KINDS.values() for raw in spec.get(kind.field, [])}


def _find_spec(assessment: str) -> dict[str, Any]:
    """The lab.json that ``check()`` itself would find from the current folder, or ``{}``."""
    import json

    from labkit.assess.check import find_lab

    try:
        return json.loads(find_lab(assessment).read_text(encoding="utf-8"))
    except (LabkitError, OSError, ValueError):
        return {}


def _has_store_tables(path: Path) -> bool:
    """Whether ``path`` holds the store's tables (``False`` for an empty file); refuse other files, read-only."""
    db, tables = open_readonly(path, ("attempts", "challenges"), what="a labkit progress store", allow_empty=True,
                               hint="pass the progress.sqlite of a LABKIT_HOME", error=ReportInputError)
    db.close()
    return bool(tables)


@dataclass(repr=False)  # repr is the text report (HtmlReport.__repr__)
class LearnerReport(charts.HtmlReport):
    """A learner's progress, as pandas frames (:meth:`frames`), text (:meth:`text`) and HTML (``_repr_html_``)."""

    title = "Your progress"

    items: pd.DataFrame
    assessments: pd.DataFrame
    skills: pd.DataFrame
    weakest: pd.DataFrame
    next_steps: pd.DataFrame
    attempts: pd.DataFrame
    total_minutes: float
    sessions: int
    source: str
    session_gap: float = DEFAULT_SESSION_GAP
    titles: dict[str, str] = field(default_factory=dict)

    # -- views -------------------------------------------------------------------------------------------------
    def frames(self) -> dict[str, pd.DataFrame]:
        """The report's tables by name: items, assessments, skills, weakest, next_steps, attempts."""
        return {"items": self.items, "assessments": self.assessments, "skills": self.skills,
                "weakest": self.weakest, "next_steps": self.next_steps, "attempts": self.attempts}

    @property
    def completion_percent(self) -> float:
        return percent(int(self.items["done"].sum()), len(self.items))

    @property
    def score_percent(self) -> float:
        cased = self.items[_cased(self.items)]
        return percent(cased["best_score"].sum(), cased["points"].sum())

    def headline(self) -> str:
        done = int(self.items["done"].sum())
        return (f"{done}/{len(self.items)} items done ({self.completion_percent:g}%), visible-case score "
                f"{self.score_percent:g}%, {int(self.attempts.shape[0])} attempts, about {self.total_minutes:.0f} min "
                f"over {self.sessions} session(s)")

    def text(self) -> str:
        """A terminal summary."""
        lines = [f"Progress ({self.source})", self.headline(), "", "By lab:"]
        for r in self.assessments.itertuples():
            lines.append(f"  {r.assessment:<26} {r.done:>3}/{r.items:<3} done {r.completion_percent:>5.1f}%  score "
                         f"{r.score:g}/{r.max_score:g} ({r.score_percent:.1f}%)  attempts {r.attempts:<3} "
                         f"~{r.minutes_spent:.0f} min")
        if len(self.skills):
            lines += ["", "Skills shown: " + ", ".join(f"{s.skill} ({s.challenges})" for s in self.skills.itertuples())]
        if len(self.weakest):
            lines += ["", "Weakest challenges:"]
            for w in self.weakest.itertuples():
                state = "passed" if w.done else "not passed"
                lines.append(f"  {w.assessment}/{w.item}: {w.attempts} attempt(s), {state}, best "
                             f"{w.best_score:g}/{w.points:g}")
        lines += ["", "Next steps:"]
        for s in self.next_steps.itertuples():
            extra = f" Hint: {s.hint}" if s.hint else ""
            lines.append(f"  {s.step}. {s.action} ({s.why}; ~{s.minutes} min).{extra}")
        return "\n".join(lines)

    def _body(self) -> list[str]:
        from labkit.progress import plots

        esc = charts.esc
        body = [f"<p><b>{esc(self.headline())}</b></p>",
                f"<p class='lk-note'>Source: {esc(self.source)}. Score counts visible cases only; the grade also "
                f"uses hidden cases and quiz keys. Time spent sums the gaps between attempts of up to "
                f"{self.session_gap / 60:g} min (longer gaps are breaks).</p>",
                "<h2>Next steps</h2>", charts.table(self.next_steps[["step", "action", "why", "hint", "minutes"]]),
                "<h2>By lab</h2>", charts.table(self._by_lab()),
                plots.learner_labs(self.assessments),
                "<h2>Weakest challenges</h2>",
                charts.table(self._weakest_shown(), empty="No weak spot yet: no failed attempts."),
                plots.learner_attempts(self.items),
                "<h2>Progress over time</h2>", plots.learner_timeline(self.attempts, self.items),
                "<h2>Skills shown</h2>", charts.table(self.skills, empty="No challenge passed yet."),
                plots.learner_skills(self.skills),
                "<h2>Every item</h2>",
                charts.table(self.items[["assessment", "item", "kind", "attempts", "done", "best_score", "points",
                                         "minutes_spent", "quiz_choice", "notebook"]])]
        return body


    def _by_lab(self) -> pd.DataFrame:
        """The per-lab table as a page shows it: seven columns that fit, counts written as "done of all"."""
        a = self.assessments
        if a.empty:
            return a
        return pd.DataFrame({
            "Lab": a["title"], "Done": a["done"].astype(str) + " of " + a["items"].astype(str),
            "Done %": a["completion_percent"],
            "Score": a["score"].map("{:g}".format) + " of " + a["max_score"].map("{:g}".format),
            "Score %": a["score_percent"], "Attempts": a["attempts"], "Minutes spent": a["minutes_spent"]})

    def _weakest_shown(self) -> pd.DataFrame:
        """The weakest challenges, weakest first, named by title, with their state in words."""
        w = self.weakest
        if w.empty:
            return w
        return pd.DataFrame({
            "Challenge": w["title"], "Lab": w["assessment"], "Attempts": w["attempts"],
            "Failed attempts": w["failed_attempts"],
            "Best score": w["best_score"].map("{:g}".format) + " of " + w["points"].map("{:g}".format),
            "State": w["done"].map({True: "passed after failing", False: "not passed yet"})})


def learner_report(store: str | Path | None = None, labs: str | Path | None = None,
                   session_gap: float = DEFAULT_SESSION_GAP, weakest: int = 3, steps: int = 5) -> LearnerReport:
    """Build the report from the progress store at ``store`` (default ``$LABKIT_HOME/progress.sqlite``) and,
    when ``labs`` is given, the saved lab notebooks and ``*.lab.json`` files in that folder."""
    from labkit.assess.store import ProgressStore
    from labkit.config import labkit_home

    path = Path(store) if store else labkit_home() / "progress.sqlite"
    if session_gap <= 0:
        raise ReportInputError("--session-gap", f"must be a positive number of minutes, got {session_gap / 60:g}")
    if path.is_dir() or (store and not path.exists()):
        raise ReportInputError(str(path), "is not a progress store file; pass the progress.sqlite of a LABKIT_HOME")
    evidence: list[LabEvidence] = read_labs(labs) if labs else []
    specs = read_lab_specs(labs) if labs else {}
    summary, attempts = [], []
    if path.exists() and _has_store_tables(path):
        progress = ProgressStore(path)
        summary, attempts = progress.summary(), progress.attempts()
    if not summary and not evidence and not specs:
        raise ReportInputError(
            str(path), "holds no attempts and no registered labs yet: open a lab (its first cell registers it) and "
            "run a Check cell, or pass --labs with the folder of your saved lab notebooks")
    source = f"progress store {path}" + (f" + {len(evidence)} lab notebook(s) in {labs}" if labs else "")
    return _build(summary, attempts, evidence, specs, source, session_gap, weakest, steps)


def _build(summary: list[dict[str, Any]], attempts: list[Any], evidence: list[LabEvidence],
           specs: dict[str, dict[str, Any]], source: str, session_gap: float, n_weakest: int,
           n_steps: int) -> LearnerReport:
    # 1. the catalogue: every known item with points, skills, minutes, hint
    for ev in evidence:
        if ev.spec:
            specs.setdefault(ev.assessment, ev.spec)
    items: dict[tuple[str, str], dict[str, Any]] = {}
    for row in summary:
        if row["kind"] is None:  # attempted but never registered: the attempts below say what it is
            continue
        items[(row["assessment"], row["challenge"])] = {
            "kind": row["kind"], "title": row["title"] or row["challenge"], "points": float(row["max_points"] or 0),
            "skills": list(row["skills"]), "minutes": int(row["minutes"] or 0), "hint": ""}
    opened = {row["assessment"] for row in summary} | {ev.assessment for ev in evidence}
    for assessment in sorted(opened - set(specs)):
        found = _find_spec(assessment)
        if found.get("id") == assessment:
            specs[assessment] = found
    for assessment, spec in specs.items():  # with --labs, a lab not opened yet counts too (0% done)
        for key, info in _spec_items(assessment, spec).items():
            known = items.setdefault(key, info)
            for name, value in info.items():  # fill what the store lacks (hints always come from the spec)
                if not known.get(name):
                    known[name] = value
    titles = {a: s.get("title") or a for a, s in specs.items()}
    titles.update({ev.assessment: ev.title for ev in evidence if ev.assessment not in titles})

    # 2. what happened: attempts in time order, with the time credited to each
    ordered = sorted(attempts, key=lambda a: (parse_time(a.at), a.id or 0))
    origin = parse_time(ordered[0].at) if ordered else None
    credit = credited_gaps([(parse_time(a.at) - origin).total_seconds() for a in ordered], session_gap)
    stats: dict[tuple[str, str], dict[str, Any]] = {}
    for a, seconds in zip(ordered, credit):
        key = (a.assessment, a.challenge)
        items.setdefault(key, {"kind": a.kind, "title": a.challenge, "points": float(a.points), "skills": [],
                               "minutes": 0, "hint": ""})
        s = stats.setdefault(key, {"attempts": 0, "done": False, "best_score": 0.0, "failed_attempts": 0,
                                   "seconds": 0.0, "first_at": a.at, "last_at": a.at, "quiz_choice": None})
        s["attempts"] += 1
        s["seconds"] += seconds
        s["last_at"] = a.at
        s["best_score"] = max(s["best_score"], float(a.score))
        if not s["done"] and not a.passed:
            s["failed_attempts"] += 1
        s["done"] = s["done"] or bool(a.passed)
        kind = _kind(a.kind)
        if kind is not None and not kind.cases:  # an answer, kept to show which one was given
            s["quiz_choice"] = a.detail.get("choice", s["quiz_choice"])
    spent = time_spent([(a.at, a.assessment) for a in ordered], session_gap)

    # 3. what the saved notebooks add
    notes: dict[tuple[str, str], str] = {}
    for ev in evidence:
        for cid, verdict in ev.verdicts.items():
            key = (ev.assessment, cid)
            items.setdefault(key, {"kind": "challenge", "title": cid, "points": verdict.points, "skills": [],
                                   "minutes": 0, "hint": ""})
            s = stats.setdefault(key, {"attempts": 0, "done": False, "best_score": 0.0, "failed_attempts": 0,
                                       "seconds": 0.0, "first_at": None, "last_at": None, "quiz_choice": None})
            if verdict.attempt > s["attempts"]:  # checks the store never saw (recording off, another machine)
                if not s["done"]:
                    s["failed_attempts"] += verdict.attempt - s["attempts"] - (1 if verdict.passed else 0)
                s["attempts"] = verdict.attempt
            s["best_score"] = max(s["best_score"], verdict.score)
            s["done"] = s["done"] or verdict.passed
            notes[key] = f"{verdict.cases_passed}/{verdict.cases_total} visible, {verdict.score:g}/{verdict.points:g}"
        for cid, error in ev.errors.items():
            notes[(ev.assessment, cid)] = (notes.get((ev.assessment, cid), "") + f" raised {error}").strip()
        for cid, edited in ev.edited.items():
            if not edited:
                notes[(ev.assessment, cid)] = "still the stub"
        for qid, choice in ev.quiz_choices.items():
            key = (ev.assessment, qid)
            items.setdefault(key, {"kind": "quiz", "title": qid, "points": 0.0, "skills": [], "minutes": 1, "hint": ""})
            s = stats.setdefault(key, {"attempts": 0, "done": False, "best_score": 0.0, "failed_attempts": 0,
                                       "seconds": 0.0, "first_at": None, "last_at": None, "quiz_choice": None})
            if choice is not None:  # the cell's source is the answer the grader will read
                s["quiz_choice"], s["done"] = choice, True

    # 4. the tables
    rows = []
    for (assessment, item), info in sorted(items.items()):
        s = stats.get((assessment, item), {})
        points = info["points"]
        best = s.get("best_score", 0.0)
        rows.append({
            "assessment": assessment, "item": item, "kind": info["kind"], "title": info["title"], "points": points,
            "skills": ", ".join(info["skills"]), "minutes": info["minutes"], "attempts": s.get("attempts", 0),
            "done": bool(s.get("done", False)), "best_score": best,
            "best_percent": percent(best, points) if judged_on_cases(info["kind"]) else float("nan"),
            "failed_attempts": s.get("failed_attempts", 0), "minutes_spent": round(s.get("seconds", 0.0) / 60, 1),
            "first_at": s.get("first_at"), "last_at": s.get("last_at"), "quiz_choice": s.get("quiz_choice"),
            "notebook": notes.get((assessment, item), ""), "hint": info["hint"],
        })
    frame = pd.DataFrame(rows, columns=ITEM_COLUMNS)
    skills_of = {key: info["skills"] for key, info in items.items()}
    return LearnerReport(
        items=frame, assessments=_per_assessment(frame, titles, spent.by_assessment),
        skills=_skills(frame, skills_of), weakest=_weakest(frame, n_weakest),
        next_steps=_next_steps(frame, n_steps), attempts=_attempts_frame(ordered, credit),
        total_minutes=round(spent.total_seconds / 60, 1), sessions=spent.sessions, source=source,
        session_gap=session_gap, titles=titles,
    )


def _per_assessment(items: pd.DataFrame, titles: dict[str, str], seconds: dict[str, float]) -> pd.DataFrame:
    rows = []
    for assessment, group in items.groupby("assessment", sort=True):
        cased = group[_cased(group)]
        score, max_score = float(cased["best_score"].sum()), float(cased["points"].sum())
        row = {"assessment": assessment, "title": titles.get(assessment, assessment), "items": len(group),
               "done": int(group["done"].sum()), "completion_percent": percent(int(group["done"].sum()), len(group))}
        for kind in KINDS.values():  # e.g. challenges_passed, challenges, quizzes_answered, quizzes
            of_kind = group[group["kind"] == kind.name]
            row[f"{kind.field}_{kind.done}"], row[kind.field] = int(of_kind["done"].sum()), len(of_kind)
        rows.append({
            **row, "score": round(score, 2), "max_score": max_score, "score_percent": percent(score, max_score),
            "attempts": int(group["attempts"].sum()), "minutes_spent": round(seconds.get(assessment, 0.0) / 60, 1),
        })
    return pd.DataFrame(rows)


def _skills(items: pd.DataFrame, skills_of: dict[tuple[str, str], list[str]]) -> pd.DataFrame:
    shown: dict[str, list[str]] = {}
    passed = items[_cased(items) & items["done"]]
    for r in passed.itertuples():
        for skill in skills_of.get((r.assessment, r.item), []):
            shown.setdefault(skill, []).append(f"{r.assessment}/{r.item}")
    rows = [{"skill": k, "challenges": len(v), "shown_in": ", ".join(v)} for k, v in shown.items()]
    frame = pd.DataFrame(rows, columns=["skill", "challenges", "shown_in"])
    return frame.sort_values(["challenges", "skill"], ascending=[False, True], ignore_index=True)


def _weakest(items: pd.DataFrame, n: int) -> pd.DataFrame:
    c = items[_cased(items) & (items["attempts"] > 0)]
    c = c[~c["done"] | (c["failed_attempts"] > 0)]
    c = c.assign(_fraction=c["best_score"] / c["points"].where(c["points"] > 0, 1))
    c = c.sort_values(["done", "failed_attempts", "_fraction", "assessment", "item"],
                      ascending=[True, False, True, True, True])
    return c.drop(columns=["_fraction"]).head(n).reset_index(drop=True)


def _next_steps(items: pd.DataFrame, n: int) -> pd.DataFrame:
    steps = []
    challenges = items[_cased(items)]
    for r in _weakest(items, len(items)).itertuples():
        if not r.done:
            steps.append({"assessment": r.assessment, "item": r.item, "action": f"Finish {r.title} ({r.assessment})",
                          "why": f"best {r.best_score:g}/{r.points:g} after {r.attempts} attempt(s)", "hint": r.hint,
                          "minutes": int(r.minutes)})
    started = set(items.loc[items["attempts"] > 0, "assessment"])
    fresh = challenges[(challenges["attempts"] == 0) & ~challenges["done"]]
    fresh = fresh.assign(_later=~fresh["assessment"].isin(started)).sort_values(
        ["_later", "minutes", "assessment", "item"])
    for r in fresh.itertuples():
        skills = f"; practises {r.skills}" if r.skills else ""
        steps.append({"assessment": r.assessment, "item": r.item, "action": f"Start {r.title} ({r.assessment})",
                      "why": f"not attempted yet, {r.points:g} points{skills}", "hint": r.hint,
                      "minutes": int(r.minutes)})
    for kind in (k for k in KINDS.values() if not k.cases):  # answered items (quiz questions): one step per lab
        unanswered = items[(items["kind"] == kind.name) & ~items["done"]]
        for assessment, group in unanswered.groupby("assessment", sort=True):
            steps.append({"assessment": assessment, "item": ", ".join(group["item"]),
                          "action": f"Answer the {kind.label.lower()} of {assessment}",
                          "why": f"{len(group)} question(s) unanswered", "hint": "",
                          "minutes": int(group["minutes"].sum())})
    if not steps:
        steps.append({"assessment": "", "item": "", "action": "Submit your labs for grading",
                      "why": "every known challenge passes its visible cases and every quiz is answered",
                      "hint": "Hidden cases decide the grade: test edge cases (empty inputs, bounds) before submitting.",
                      "minutes": 0})
    frame = pd.DataFrame(steps[:n], columns=["assessment", "item", "action", "why", "hint", "minutes"])
    frame.insert(0, "step", range(1, len(frame) + 1))
    return frame


def _attempts_frame(ordered: list[Any], credit: list[float]) -> pd.DataFrame:
    rows = [{"at": parse_time(a.at), "assessment": a.assessment, "item": a.challenge, "kind": a.kind,
             "passed": bool(a.passed), "score": float(a.score), "points": float(a.points), "source": a.source,
             "credited_seconds": c} for a, c in zip(ordered, credit)]
    return pd.DataFrame(rows, columns=["at", "assessment", "item", "kind", "passed", "score", "points", "source",
                                       "credited_seconds"])
