"""Exporting grades: the gradebook's current grades as CSV, a Canvas import file, JSON or JUnit XML.

The one idea: every format is a view of :meth:`Gradebook.current` (latest submission, overrides and late penalty
applied), so all exports agree with each other and with the feedback pages. Canvas gets its import layout
(``Student, ID, SIS User ID, SIS Login ID, Section`` then one column per assessment, ``title (id)``, and a
``Points Possible`` row); JUnit gets one test suite per learner and assessment and one test case per challenge,
so a CI dashboard can show a cohort like a test run.

Leaves out: LMS APIs (upload the file by hand) and learner names (the learner id is the folder name).
"""

from __future__ import annotations

import csv
import io
import json
from xml.etree import ElementTree as ET

from labkit.errors import InvalidInputError
from labkit.grading.gradebook import Grade, Gradebook

FORMATS = ("csv", "canvas", "json", "junit")


def _rows(grades: list[Grade]) -> list[dict]:
    return [{
        "learner": g.learner, "assessment": g.assessment, "status": g.status, "reason": g.reason,
        "raw_score": g.raw_score, "late_penalty": g.late_penalty, "final_score": g.final_score,
        "max_score": g.max_score, "challenges": g.challenges,
        "overrides": [{k: o[k] for k in ("challenge", "points", "comment")} for o in g.overrides],
        "sha": g.sha, "graded_at": g.graded_at,
    } for g in grades]


def to_csv(grades: list[Grade]) -> str:
    challenge_ids = sorted({c for g in grades for c in g.challenges})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["learner", "assessment", "status", "final_score", "max_score", "raw_score", "late_penalty",
                     *challenge_ids, "reason", "sha"])
    for g in grades:
        writer.writerow([g.learner, g.assessment, g.status, g.final_score, g.max_score, g.raw_score, g.late_penalty,
                         *[g.challenges.get(c, "") for c in challenge_ids], g.reason, g.sha])
    return out.getvalue()


def to_canvas(grades: list[Grade]) -> str:
    assessments = sorted({(g.assessment, g.detail.get("title", g.assessment), g.max_score) for g in grades})
    learners = sorted({g.learner for g in grades})
    by = {(g.learner, g.assessment): g for g in grades}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                     *[f"{title} ({aid})" for aid, title, _ in assessments]])
    writer.writerow(["Points Possible", "", "", "", "", *[f"{m:g}" for _, _, m in assessments]])
    for learner in learners:
        scores = [by[(learner, aid)].final_score if (learner, aid) in by else "" for aid, _, _ in assessments]
        writer.writerow([learner, "", learner, learner, "", *scores])
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
            ET.SubElement(case, "failure", message=g.reason or g.status)
        suite.set("failures", str(failures))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def export(gradebook: Gradebook, fmt: str, assessment: str | None = None) -> str:
    """The current grades of ``gradebook`` (optionally one assessment) in ``fmt``."""
    if fmt not in FORMATS:
        raise InvalidInputError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    grades = gradebook.current(assessment)
    if fmt == "csv":
        return to_csv(grades)
    if fmt == "canvas":
        return to_canvas(grades)
    if fmt == "json":
        return json.dumps(_rows(grades), indent=1, sort_keys=True) + "\n"
    return to_junit(grades)
