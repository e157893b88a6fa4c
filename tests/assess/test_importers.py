"""labkit import nbgrader|otter: notebooks written in each tool's format become assessments that validate, hidden
tests become hidden cases (never in the learner's lab), and whatever does not convert is listed with its cell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from labkit.assess.importers import import_notebook
from labkit.assess.release import release
from labkit.cli import main
from labkit.errors import InvalidInputError


def code(source, nbgrader=None, outputs=()):
    return {"cell_type": "code", "metadata": {"nbgrader": nbgrader} if nbgrader else {}, "source": source,
            "outputs": list(outputs), "execution_count": None}


def markdown(source, nbgrader=None):
    return {"cell_type": "markdown", "metadata": {"nbgrader": nbgrader} if nbgrader else {}, "source": source}


def raw(source):
    return {"cell_type": "raw", "metadata": {}, "source": source}


def result(text):
    return {"output_type": "execute_result", "data": {"text/plain": text}, "metadata": {}, "execution_count": 1}


def write(path: Path, cells) -> Path:
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 4}))
    return path


def answer(grade_id):
    return {"grade": False, "solution": True, "locked": False, "grade_id": grade_id, "schema_version": 3}


def autograder(grade_id, points):
    return {"grade": True, "solution": False, "locked": True, "points": points, "grade_id": grade_id,
            "schema_version": 3}


NBGRADER = [
    markdown("# Squares and means\n\nTwo small functions."),
    code("def square(x):\n    ### BEGIN SOLUTION\n    return x * x\n    ### END SOLUTION", answer("square")),
    code("assert square(2) == 4\nassert 9 == square(-3)\n### BEGIN HIDDEN TESTS\nassert square(0) == 0\n"
         "assert square(1.5) == 2.25\n### END HIDDEN TESTS", autograder("test_square", 2)),
    code("def mean(xs):\n    return sum(xs) / len(xs)", answer("mean")),
    code("assert abs(mean([1, 2]) - 1.5) < 1e-9\nimport math\nassert math.isclose(mean([2]), 2)\n"
         "### BEGIN HIDDEN TESTS\nassert abs(mean([1, 2, 3, 4]) - 2.5) < 1e-9\n### END HIDDEN TESTS",
         autograder("test_mean", 3)),
    markdown("Explain in a sentence why `mean([])` fails.", {**answer("why"), "grade": True, "points": 1}),
]

OTTER = [
    raw("# ASSIGNMENT CONFIG\ninit_cell: false\nexport_cell: false"),
    markdown("# Doubling"),
    raw("# BEGIN QUESTION\nname: q1\npoints: 2"),
    markdown("**Question 1.** Write `double(x)`."),
    raw("# BEGIN SOLUTION"),
    code("def double(x):\n    return 2 * x # SOLUTION"),
    raw("# END SOLUTION"),
    raw("# BEGIN TESTS"),
    code("double(3) == 6", outputs=[result("True")]),
    code("double(4)", outputs=[result("8")]),
    code("# HIDDEN\nassert double(-1) == -2"),
    code('""" # BEGIN TEST CONFIG\nhidden: true\n""" # END TEST CONFIG\ndouble(0) == 0', outputs=[result("True")]),
    raw("# END TESTS"),
    raw("# END QUESTION"),
    raw("# BEGIN QUESTION\nname: q2\nmanual: true\npoints: 1"),
    markdown("Why is doubling linear?"),
    raw("# END QUESTION"),
    raw("# BEGIN QUESTION\nname: total\npoints:\n  each: 1"),
    raw("# BEGIN SOLUTION"),
    code("def total(xs):\n    # BEGIN SOLUTION\n    return sum(xs)\n    # END SOLUTION"),
    raw("# END SOLUTION"),
    raw("# BEGIN TESTS"),
    code("assert total([1, 2]) == 3"),
    code("# HIDDEN\nassert total([]) == 0"),
    code("x = total([5])\nassert x == 5"),
    raw("# END TESTS"),
    raw("# END QUESTION"),
]


def _spec(folder: Path) -> dict:
    return yaml.safe_load((folder / "assessment.yaml").read_text())


def test_nbgrader_source_is_refused_by_release_then_imported(tmp_path, capsys):
    source = write(tmp_path / "squares.ipynb", NBGRADER)
    raw_folder = tmp_path / "as_is"
    raw_folder.mkdir()
    (raw_folder / "squares.ipynb").write_text(source.read_text())
    (raw_folder / "assessment.yaml").write_text(
        "id: as_is\ntitle: t\nnotebook: squares.ipynb\nchallenges:\n  - {id: square, function: square, points: 2,"
        " visible: [{args: [2], expected: 4}]}\n")
    with pytest.raises(InvalidInputError, match="holds nbgrader's cell metadata .* labkit import nbgrader"):
        release(raw_folder, tmp_path / "labs")

    out = tmp_path / "squares"
    assert main(["import", "nbgrader", str(source), "--out", str(out)]) == 1, "unconverted items make it exit 1"
    printed = capsys.readouterr().out
    spec = _spec(out)
    square, mean = spec["challenges"]
    assert (square["id"], square["points"], square["compare"]) == ("square", 2, "exact")
    assert [c["args"] for c in square["visible"]] == [[2], [-3]] and [c["expected"] for c in square["hidden"]] == [0, 2.25]
    assert (mean["points"], mean["compare"], mean["tolerance"]) == (3, "approx", 1e-9)
    assert [c["expected"] for c in mean["visible"]] == [1.5] and [c["expected"] for c in mean["hidden"]] == [2.5]
    assert "cell 4: 'import math': not an assert or a comparison" in printed
    assert "cell 4: 'assert math.isclose(mean([2]), 2)': not a single comparison" in printed
    assert "cell 5: a manually graded answer (1 point(s))" in printed
    assert "FAIL" not in printed, printed  # the static validation passes

    lab = release(out, tmp_path / "labs").notebook.read_text()
    assert "square(0)" not in lab and "2.25" not in lab and "HIDDEN" not in lab, "hidden tests never reach learners"
    assert 'check(\\"square\\", square)' in lab and "nbgrader" not in lab
    assert main(["validate", str(out)]) == 0, capsys.readouterr().out  # the reference scores full marks


def test_otter_source_is_refused_by_release_then_imported(tmp_path, capsys):
    source = write(tmp_path / "doubling.ipynb", OTTER)
    converted = import_notebook("otter", source, tmp_path / "doubling")
    spec = _spec(tmp_path / "doubling")
    q1, total = spec["challenges"]
    assert (q1["id"], q1["function"], q1["points"]) == ("q1", "double", 2)
    assert q1["visible"] == [{"args": [3], "expected": 6}, {"args": [4], "expected": 8}]
    assert [c["args"] for c in q1["hidden"]] == [[-1], [0]]
    assert (total["points"], len(total["visible"]), len(total["hidden"])) == (3, 1, 1)
    assert any("question q2 is manually graded" in u for u in converted.unconverted)
    assert any(u.startswith("cell 24: 'x = total([5])'") for u in converted.unconverted)

    released = release(tmp_path / "doubling", tmp_path / "labs").notebook.read_text()
    assert "return 2 * x" not in released and "double(-1)" not in released and "BEGIN QUESTION" not in released
    assert main(["validate", str(tmp_path / "doubling")]) == 0, capsys.readouterr().out

    as_is = tmp_path / "as_is"
    as_is.mkdir()
    (as_is / "doubling.ipynb").write_text(source.read_text())
    (as_is / "assessment.yaml").write_text(
        "id: as_is\ntitle: t\nnotebook: doubling.ipynb\nchallenges:\n  - {id: q1, function: double, points: 2,"
        " visible: [{args: [3], expected: 6}]}\n")
    assert main(["release", str(as_is), "--out", str(tmp_path / "x")]) == 2
    assert "holds otter's" in capsys.readouterr().err


def test_nothing_convertible_is_a_clear_error(tmp_path):
    source = write(tmp_path / "empty.ipynb", [markdown("# Nothing graded here")])
    with pytest.raises(InvalidInputError, match="nothing in it converts to a challenge"):
        import_notebook("nbgrader", source, tmp_path / "out")
