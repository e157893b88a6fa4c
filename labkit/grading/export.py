"""Exporting grades: the gradebook's current grades as CSV, a Canvas import file, JSON or JUnit XML.

The one idea: every format is a view of :meth:`Gradebook.accounted` (the current grades: latest submission,
overrides and late penalty applied; plus a ``missing`` row for each roster learner who submitted nothing), so all
exports agree with each other and with the feedback pages, and nobody on the class list drops out. Canvas gets its
import layout (``Student, ID, SIS User ID, SIS Login ID, Section`` then one column per assessment, ``title (id)``,
and a ``Points Possible`` row) with names and sections from the roster; JUnit gets one test suite per learner and
assessment and one test case per challenge, so a CI dashboard can show a cohort like a test run.

Leaves out: LMS APIs (upload the file by hand).
"""

from __future__ import annotations

import csv
import io
import json
from xml.etree import ElementTree as ET

from labkit.errors import InvalidInputError
from labkit.grading.gradebook import Grade, Gradebook, RosterEntry

FORMATS = ("csv", "canvas", "json", "junit")


def _rows(grades: list[Grade], roster: dict[str, RosterEntry]) -> list[dict]:
    return [{
        "learner": g.learner, **{k: getattr(_person(g.learner, roster), k) for k in ("name", "email", "section")},
        "assessment": g.assessment, "status": g.status, "reason": g.why,
        "raw_score": g.raw_score, "late_penalty": g.late_penalty, "final_score": g.final_score,
        "max_score": g.max_score, "challenges": g.challenges,
        "overrides": [{k: o[k] for k in ("challenge", "points", "comment")} for o in g.overrides],
        "sha": g.sha, "graded_at": g.graded_at,
    } for g in grades]


def _person(learner: str, roster: dict[str, RosterEntry]) -> RosterEntry:
    return roster.get(learner) or RosterEntry(learner)


def to_csv(grades: list[Grade], roster: dict[str, RosterEntry] | None = None) -> str:
    roster = roster or {}
    challenge_ids = sorted({c for g in grades for c in g.challenges})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["learner", "name", "email", "section", "assessment", "status", "final_score", "max_score",
                     "raw_score", "late_penalty", *challenge_ids, "reason", "sha"])
    for g in grades:
        who = _person(g.learner, roster)
        writer.writerow([g.learner, who.name, who.email, who.section, g.assessment, g.status, g.final_score,
                         g.max_score, g.raw_score, g.late_penalty, *[g.challenges.get(c, "") for c in challenge_ids],
                         g.why, g.sha])
    return out.getvalue()


def to_canvas(grades: list[Grade], roster: dict[str, RosterEntry] | None = None) -> str:
    """Canvas's gradebook import: a missing submission is 0 when a roster says the learner should have submitted,
    and blank (not graded) for a learner the gradebook knows nothing about for that assessment."""
    roster = roster or {}
    titles = {g.assessment: g.detail.get("title", g.assessment) for g in grades if g.status != "missing"}
    maxima = {g.assessment: g.max_score for g in grades if g.status != "missing"}
    assessments = sorted({g.assessment for g in grades})
    learners = [learner for learner in roster] + sorted({g.learner for g in grades} - set(roster))
    by = {(g.learner, g.assessment): g for g in grades}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                     *[f"{titles.get(aid, aid)} ({aid})" for aid in assessments]])
    writer.writerow(["Points Possible", "", "", "", "", *[f"{maxima.get(aid, 0):g}" for aid in assessments]])
    for learner in learners:
        who = _person(learner, roster)
        scores = [by[(learner, aid)].final_score if (learner, aid) in by else "" for aid in assessments]
        writer.writerow([who.name or learner, "", learner, learner, who.section, *scores])
    return out.getvalue()


def to_junit(grades: list[Grade]) -> str:
    root = ET.Element("testsuites", name="labkit grades")
    for g in grades:
        points = {c["id"]: c["points"] for c in g.detail.get("challenges", [])}
        suite = ET.SubElement(root, "testsuite", name=f"{g.learner}.{g.assessment}", tests=str(len(g.challenges)))
        failures = 0
        for cid, got in g.challenges.items():
            case = ET.SubElement(suite, "testcase", classname=f"{g.learner}.{g.assessment}", name=cid)
            ET.SubElement(case, "properties").append(ET.Element("property", name="score", value=f"{got:g}"))
            if got < points.get(cid, 0):
                failures += 1
                ET.SubElement(case, "failure", message=f"{got:g}/{points.get(cid, 0):g} points")
        if g.status != "graded" or not g.challenges:
            failures += 1
            case = ET.SubElement(suite, "testcase", classname=f"{g.learner}.{g.assessment}", name="submission")
            ET.SubElement(case, "failure", message=g.why or g.status)
        suite.set("failures", str(failures))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def export(gradebook: Gradebook, fmt: str, assessment: str | None = None) -> str:
    """The current grades of ``gradebook`` (optionally one assessment) in ``fmt``."""
    if fmt not in FORMATS:
        raise InvalidInputError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    grades = gradebook.accounted(assessment)
    roster = gradebook.roster()
    if fmt == "csv":
        return to_csv(grades, roster)
    if fmt == "canvas":
        return to_canvas(grades, roster)
    if fmt == "json":
        return json.dumps(_rows(grades, roster), indent=1, sort_keys=True) + "\n"
    return to_junit(grades)
