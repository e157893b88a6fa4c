"""Feedback pages: one HTML page per learner and assessment, and a cohort summary for the instructor.

The one idea: feedback is rendered from the gradebook alone (never from the kernel's raw output), and it shows
visible cases in full but hidden cases only as counts and error types: a hidden input or expected value never
appears on a page, and neither does an error *message* from a hidden case (it could quote the input). The
learner also sees the errors their own cells raised, what the grader restored, the late penalty and any override
with its comment.

Leaves out: styling beyond a few inline rules, and charts (``labkit report`` draws those).
"""

from __future__ import annotations

import html
from pathlib import Path

from labkit.grading.gradebook import MISSING, Grade, Gradebook

STYLE = ("body{font-family:sans-serif;max-width:60rem;margin:2rem auto;color:#222}"
         "table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}"
         ".pass{color:#1a7f37}.fail{color:#b35900}code{font-size:90%}")


def _e(value: object) -> str:
    return html.escape(str(value))


def learner_page(grade: Grade, explanations: dict[str, str] | None = None) -> str:
    """The learner's page; ``explanations`` (quiz id -> why the key is right) are shown for answered questions."""
    explanations = explanations or {}
    d = grade.detail
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>{_e(grade.assessment)}: {_e(grade.learner)}"
             f"</title><style>{STYLE}</style></head><body>",
             f"<h1>{_e(d.get('title') or grade.assessment)}</h1><p>Learner: <b>{_e(grade.learner)}</b></p>",
             f"<p class='total'>Score: <b>{grade.final_score:g} / {grade.max_score:g}</b>"]
    if grade.late_penalty:
        parts.append(f" (raw {grade.raw_score:g}, late penalty {grade.late_penalty:.0%})")
    parts.append("</p>")
    if grade.status != "graded":
        parts.append(f"<p class='fail'>Your submission could not be graded: {_e(grade.reason)}</p>")
    elif grade.reason:
        parts.append(f"<p class='fail'>Note: {_e(grade.reason)}</p>")
    for o in grade.overrides:
        what = f"challenge {o['challenge']}" if o["challenge"] else "the whole grade"
        parts.append(f"<p>Your instructor set {_e(what)} to {o['points']:g} points: <i>{_e(o['comment'])}</i></p>")
    for c in d.get("challenges", []):
        score = grade.challenges.get(c["id"], c["score"])
        cls = "pass" if score >= c["points"] else "fail"
        label = "Quiz" if c["kind"] == "quiz" else "Challenge"
        parts.append(f"<h2>{label} <code>{_e(c['id'])}</code>: <span class='{cls}'>{score:g} / {c['points']:g}</span></h2>")
        if c["kind"] == "quiz":
            v = c["visible"][0]
            parts.append(f"<p>{_e(v['call'])}<br>Your answer: <code>{_e(v['got'] or '(none)')}</code> - "
                         f"{'correct' if v['passed'] else 'not correct'}</p>")
            if v["got"] and explanations.get(c["id"]):  # explained once answered, never before
                parts.append(f"<p class='why'>Why: {_e(explanations[c['id']])}</p>")
            continue
        if c.get("problem"):
            parts.append(f"<p class='fail'>{_e(c['problem'])}</p>")
        parts.append("<table><tr><th></th><th>visible case</th><th>expected</th><th>got</th></tr>")
        for v in c["visible"]:
            mark = "<span class='pass'>&#10004;</span>" if v["passed"] else "<span class='fail'>&#10008;</span>"
            parts.append(f"<tr><td>{mark}</td><td><code>{_e(v['call'])}</code></td><td><code>{_e(v['expected'])}"
                         f"</code></td><td><code>{_e(v['error'] or v['got'])}</code></td></tr>")
        parts.append("</table>")
        if c["hidden_total"]:
            errors = ", ".join(f"{_e(k)} x{n}" for k, n in sorted(c["hidden_errors"].items()))
            parts.append(f"<p>Hidden cases: {c['hidden_passed']} of {c['hidden_total']} passed"
                         f"{' (failures: ' + errors + ')' if errors else ''}.</p>")
    if d.get("learner_errors"):
        parts.append("<h2>Errors in your cells</h2><ul>")
        parts += [f"<li>cell <code>{_e(e['cell'])}</code>: <code>{_e(e['ename'])}: {_e(e['evalue'])}</code></li>"
                  for e in d["learner_errors"]]
        parts.append("</ul>")
    if d.get("notes"):
        parts.append("<h2>Notes from the grader</h2><ul>" + "".join(f"<li>{_e(n)}</li>" for n in d["notes"]) + "</ul>")
    parts.append("</body></html>\n")
    return "".join(parts)


def cohort_page(grades: list[Grade]) -> str:
    rows = "".join(
        f"<tr><td><a href='{_e(g.assessment)}/{_e(g.learner)}.html'>{_e(g.learner)}</a></td><td>{_e(g.assessment)}</td>"
        f"<td>{_e(g.status)}</td><td>{g.final_score:g} / {g.max_score:g}</td><td>{_e(g.reason)}</td></tr>"
        for g in grades
    )
    challenge_ids = sorted({c for g in grades for c in g.challenges})
    stats = "".join(
        f"<tr><td><code>{_e(c)}</code></td><td>{sum(1 for g in grades if c in g.challenges and g.challenges[c] > 0)}"
        f" / {len(grades)}</td></tr>" for c in challenge_ids
    )
    graded = [g for g in grades if g.status == "graded"]
    mean = sum(g.final_score for g in graded) / len(graded) if graded else 0
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>Cohort summary</title><style>{STYLE}</style>"
            f"</head><body><h1>Cohort summary</h1><p>{len(grades)} learner(s), {len(graded)} graded, mean score "
            f"{mean:.2f}</p><table><tr><th>learner</th><th>assessment</th><th>status</th><th>score</th><th>reason</th>"
            f"</tr>{rows}</table><h2>Learners scoring on each challenge</h2><table>{stats}</table></body></html>\n")


def write_feedback(gradebook: Gradebook, out: Path, assessment: str | None = None,
                   explanations: dict[str, str] | None = None) -> list[Path]:
    """Write ``out/<assessment>/<learner>.html`` for every current grade and ``out/index.html``; return the pages."""
    grades = gradebook.accounted(assessment)
    pages = []
    for g in grades:
        if g.status == MISSING:  # on the roster, nothing submitted: a row in the index, no page
            continue
        page = out / g.assessment / f"{g.learner}.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(learner_page(g, explanations), encoding="utf-8")
        pages.append(page)
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text(cohort_page(grades), encoding="utf-8")
    return pages
