"""Feedback pages: one HTML page per learner and assessment, and a cohort index for the instructor.

The one idea: feedback is rendered from the gradebook alone (never from the kernel's raw output), and it shows
visible cases in full but hidden cases only as counts and error types: a hidden input or expected value never
appears on a page, and neither does an error *message* from a hidden case (it could quote the input). The
learner also sees the errors their own cells raised, what the grader restored, the late penalty and any override
with its comment. Challenges are named by the titles the gradebook recorded from the spec (``labkit grade`` records
them), and a challenge without full marks shows its hint.

Everything a learner controls (their id and name, values their code returned, error messages) is escaped and cut
to a length that fits the page; case arguments keep their whitespace (``pre-wrap``), which matters in a lab about
whitespace. A timeout reads "timed out after N s", never as the ``KeyboardInterrupt`` the kernel saw. Page file
names come from :func:`~labkit.grading.submission.learner_slug`, so ids like ``ada@uni.edu`` or ``Zoë Núñez`` are
safe, and the index links each learner's page.

Leaves out: charts (``labkit report`` draws those).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any
from urllib.parse import quote

from labkit.assess.spec import KINDS
from labkit.grading.gradebook import (MISSING, Grade, Gradebook, Item, RosterEntry, describe_error,
                                      explain_timeouts)

STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}"
    "table{border-collapse:collapse;margin:.5rem 0;width:100%;table-layout:auto}"
    "td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top;overflow-wrap:break-word}"
    "th{background:#f3f3f3;white-space:nowrap}code{font-size:90%;white-space:pre-wrap;overflow-wrap:break-word}"
    "td.num,td.status{white-space:nowrap}"
    ".pass{color:#1a7f37}.fail{color:#b42318}.muted{color:#666;font-size:.9em}"
    ".badge{display:inline-block;padding:0 .4rem;border-radius:.3rem;font-weight:600}"
    ".badge.pass{background:#dafbe1}.badge.fail{background:#ffebe9}.hint{background:#fff8c5;padding:.3rem .5rem}"
)
TEXT_LIMIT = 300  # characters of any learner-controlled text on a page


def _e(value: object, limit: int = TEXT_LIMIT) -> str:
    """Escaped text, cut to ``limit`` characters.

    >>> _e("<script>" + "x" * 500, limit=12)
    '&lt;script&gt;xxx…'
    """
    text = str(value)
    return html.escape(text if len(text) <= limit else text[: limit - 1] + "…")


def learner_page(grade: Grade, explanations: dict[str, str] | None = None, items: dict[str, Item] | None = None,
                 person: RosterEntry | None = None) -> str:
    """The learner's page; ``explanations`` (quiz id -> why the key is right) are shown for answered questions,
    ``items`` (item id -> title and hint) name the challenges, ``person`` is the learner on the roster."""
    explanations, items = explanations or {}, items or {}
    d = grade.detail
    name = _e(grade.learner, 120)
    if person and person.name and person.name != grade.learner:
        name = f"{_e(person.name, 120)} ({name})"
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>{_e(d.get('title') or grade.assessment)}: "
             f"{_e(grade.learner, 120)}</title><style>{STYLE}</style></head><body>",
             f"<h1>{_e(d.get('title') or grade.assessment)}</h1><p>Learner: <b>{name}</b></p>"]
    full = grade.final_score >= grade.max_score > 0
    parts.append(f"<p class='total'>Score: <span class='badge {'pass' if full else 'fail'}'>{grade.final_score:g} / "
                 f"{grade.max_score:g}</span>")
    if grade.late_penalty:
        parts.append(f" (raw {grade.raw_score:g}, late penalty {grade.late_penalty:.0%})")
    parts.append("</p>")
    if any(c.get("points_from") == "hidden" for c in d.get("challenges", [])):
        parts.append("<p class='muted'>Points come from the hidden cases; the visible cases below are the ones you "
                     "could check yourself.</p>")
    if grade.status != "graded":
        parts.append(f"<p class='fail'>Your submission could not be graded: {_e(explain_timeouts(grade.reason))}</p>")
    elif grade.reason:
        parts.append(f"<p class='fail'>Note: {_e(explain_timeouts(grade.reason))}</p>")
    for o in grade.overrides:
        what = _title(items, o["challenge"]) if o["challenge"] else "the whole grade"
        parts.append(f"<p>Your instructor set {_e(what)} to {o['points']:g} points: <i>{_e(o['comment'])}</i></p>")
    for c in d.get("challenges", []):
        parts += _challenge(grade, c, items.get(c["id"]), explanations)
    if d.get("learner_errors"):
        parts.append("<h2>Errors in your cells</h2><ul>")
        parts += [f"<li>cell <code>{_e(e['cell'], 80)}</code>: <code>{_e(describe_error(e['ename'], e['evalue']))}"
                  "</code></li>" for e in d["learner_errors"]]
        parts.append("</ul>")
    if d.get("notes"):
        parts.append("<h2>Notes from the grader</h2><ul>"
                     + "".join(f"<li>{_e(explain_timeouts(n))}</li>" for n in d["notes"]) + "</ul>")
    parts.append("</body></html>\n")
    return "".join(parts)


def _title(items: dict[str, Item], item_id: str) -> str:
    return items[item_id].title if item_id in items else item_id


def _challenge(grade: Grade, c: dict[str, Any], item: Item | None, explanations: dict[str, str]) -> list[str]:
    score = grade.challenges.get(c["id"], c["score"])
    ok = score >= c["points"]
    title, hint = (item.title, item.hint) if item else (c["id"], "")
    kind = KINDS.get(c["kind"]) if c["kind"] in KINDS else None
    label = kind.label if kind else "Challenge"
    parts = [f"<h2>{label}: {_e(title)} <span class='badge {'pass' if ok else 'fail'}'>{score:g} / "
             f"{c['points']:g}</span></h2><p class='muted'>id <code>{_e(c['id'], 80)}</code></p>"]
    if kind is not None and not kind.cases:  # one answer against a key: the answer, whether right, and why
        v = c["visible"][0]
        verdict = ("<span class='pass'>correct</span>" if v["passed"] else
                   "<span class='fail'>not correct</span>" if v["got"] else "<span class='fail'>not answered</span>")
        parts.append(f"<p>Your answer: <code>{_e(v['got'] or '(none)')}</code> - {verdict}</p>")
        if v["got"] and explanations.get(c["id"]):  # explained once answered, never before
            parts.append(f"<p class='why'>Why: {_e(explanations[c['id']])}</p>")
        return parts
    if c.get("problem"):
        parts.append(f"<p class='fail'>{_e(explain_timeouts(c['problem']))}</p>")
    parts.append("<table><tr><th></th><th>Visible case</th><th>Expected</th><th>Your result</th></tr>")
    for v in c["visible"]:
        mark = "<span class='pass'>&#10004;</span>" if v["passed"] else "<span class='fail'>&#10008;</span>"
        got = describe_error(v["error"], v.get("message", "")) if v.get("error") else v["got"]
        parts.append(f"<tr><td>{mark}</td><td><code>{_e(v['call'])}</code></td><td><code>{_e(v['expected'])}"
                     f"</code></td><td><code>{_e(got)}</code></td></tr>")
    parts.append("</table>")
    if c["hidden_total"]:
        errors = ", ".join(f"{_e(describe_error(k))} x{n}" for k, n in sorted(c["hidden_errors"].items()))
        parts.append(f"<p>Hidden cases: {c['hidden_passed']} of {c['hidden_total']} passed"
                     f"{' (failures: ' + errors + ')' if errors else ''}.</p>")
    if hint and not ok:
        parts.append(f"<p class='hint'><b>Hint:</b> {_e(hint)}</p>")
    return parts


def cohort_page(grades: list[Grade], roster: dict[str, RosterEntry] | None = None,
                items: dict[tuple[str, str], Item] | None = None, pages: dict[tuple[str, str], str] | None = None) -> str:
    """The instructor's index: every learner (roster learners without a submission too) with a link to their page,
    their status, score and reason, and how many learners scored on each challenge and quiz."""
    roster, pages, items = roster or {}, pages or {}, items or {}
    rows = []
    for g in sorted(grades, key=lambda g: (g.assessment, g.learner.casefold())):
        who = roster.get(g.learner)
        link = pages.get((g.assessment, g.learner))
        learner = f"<a href='{_e(link)}'>{_e(g.learner, 120)}</a>" if link else _e(g.learner, 120)
        cls = "pass" if g.status == "graded" else "fail"
        rows.append(f"<tr><td>{learner}</td><td>{_e(who.name if who else '', 120)}</td>"
                    f"<td>{_e(who.section if who else '', 40)}</td><td>{_e(g.detail.get('title') or g.assessment)}"
                    f"</td><td class='status {cls}'>{_e(g.status)}</td>"
                    f"<td class='num'>{g.final_score:g} / {g.max_score:g}</td>"
                    f"<td>{_e(_index_reason(g, items))}</td></tr>")
    graded = [g for g in grades if g.status == "graded"]
    item_ids = sorted({(g.assessment, c) for g in graded for c in g.challenges})
    stats = "".join(
        f"<tr><td>{_e(items[key].title if key in items else key[1])}</td><td>"
        f"{sum(1 for g in graded if g.assessment == key[0] and g.challenges.get(key[1], 0) > 0)} / "
        f"{sum(1 for g in graded if g.assessment == key[0])}</td></tr>" for key in item_ids)
    mean = sum(g.final_score for g in graded) / len(graded) if graded else 0
    missing = sum(1 for g in grades if g.status == MISSING)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>Cohort summary</title><style>{STYLE}</style>"
            f"</head><body><h1>Cohort summary</h1><p>{len(grades)} learner(s), {len(graded)} graded"
            f"{f', {missing} missing' if missing else ''}, mean score {mean:.2f}</p>"
            "<table><tr><th>Learner</th><th>Name</th><th>Section</th><th>Assessment</th><th>Status</th><th>Score</th>"
            f"<th>Reason</th></tr>{''.join(rows)}</table><h2>Learners scoring on each item</h2>"
            f"<table><tr><th>Challenge or question</th><th>Learners with points</th></tr>{stats}</table>"
            "</body></html>\n")


def _index_reason(grade: Grade, items: dict[tuple[str, str], Item]) -> str:
    """The index's Reason cell: the grade's reason with challenges named by title, and the late penalty if any."""
    titles = {item: info.title for (aid, item), info in items.items() if aid == grade.assessment}
    why = grade.explain(titles)
    late = f"late penalty {grade.late_penalty:.0%} (raw {grade.raw_score:g})" if grade.late_penalty else ""
    return "; ".join(part for part in (late, why) if part)


def write_feedback(gradebook: Gradebook, out: Path, assessment: str | None = None,
                   explanations: dict[str, str] | None = None) -> list[Path]:
    """Write ``out/<assessment>/<learner slug>.html`` for every current grade and ``out/index.html`` listing every
    learner (roster learners without a submission too); return the learner pages."""
    from labkit.grading.submission import learner_slug

    grades = gradebook.accounted(assessment)
    roster, items = gradebook.roster(), gradebook.items()
    written, links = [], {}
    for g in grades:
        if g.status == MISSING:  # on the roster, nothing submitted: a row in the index, no page
            continue
        page = out / g.assessment / f"{learner_slug(g.learner)}.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        mine = {item: info for (aid, item), info in items.items() if aid == g.assessment}
        page.write_text(learner_page(g, explanations, mine, roster.get(g.learner)), encoding="utf-8")
        written.append(page)
        links[(g.assessment, g.learner)] = f"{quote(g.assessment)}/{quote(page.name)}"
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text(cohort_page(grades, roster, items, links), encoding="utf-8")
    return written
