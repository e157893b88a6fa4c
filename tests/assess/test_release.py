"""Release: labs/ is a fresh release of assessments/, solutions become stubs, hidden material is gone."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from labkit.assess.release import lab_json, release, release_notebook, strip_regions
from labkit.assess.spec import load_assessment
from labkit.errors import InvalidInputError

ROOT = Path(__file__).resolve().parents[2]
ASSESSMENTS = sorted(p.parent for p in (ROOT / "assessments").glob("*/assessment.y*ml"))


@pytest.mark.parametrize("folder", ASSESSMENTS, ids=[p.name for p in ASSESSMENTS])
def test_labs_are_a_fresh_release(folder, tmp_path):
    done = release(folder, tmp_path)
    committed = ROOT / "labs" / done.notebook.name
    assert committed.read_text() == done.notebook.read_text(), f"labs/ is stale: run labkit release {folder}"
    assert (ROOT / "labs" / done.lab.name).read_text() == done.lab.read_text()


def test_every_lab_has_an_assessment():
    names = {load_assessment(f).notebook for f in ASSESSMENTS}
    for lab in (ROOT / "labs").glob("*.ipynb"):
        assert lab.name in names, f"{lab} has no assessment folder"


def test_release_is_reproducible(tmp_path):
    a = release(ROOT / "assessments" / "sample_basics", tmp_path / "a")
    b = release(ROOT / "assessments" / "sample_basics", tmp_path / "b")
    assert a.notebook.read_bytes() == b.notebook.read_bytes()


def test_solutions_and_hidden_material_are_gone():
    assessment = load_assessment(ROOT / "assessments" / "sample_basics")
    nb = release_notebook(assessment)
    text = json.dumps(nb)
    assert "re.sub" not in text and "BEGIN SOLUTION" not in text and "Instructor check" not in text
    lab = lab_json(assessment)
    for c in assessment.challenges:
        for case in c.hidden:
            assert json.dumps(case.args)[1:-1] not in lab or case.args in [v.args for v in c.visible]
    assert '"answer"' not in lab and "c-rust" not in lab and "hidden" in lab  # hidden_cases count only
    roles = {cell["id"]: cell.metadata["labkit"]["role"] for cell in nb.cells}
    assert roles["slugify-answer"] == "answer" and roles["slugify-check"] == "protected"
    check = next(cell for cell in nb.cells if cell["id"] == "slugify-check")
    assert check.metadata["editable"] is False and check.metadata["deletable"] is False
    assert all(cell.get("outputs", []) == [] for cell in nb.cells)


def test_strip_regions_keeps_indentation_and_custom_stub():
    src = "def f(x):\n    if x:\n        ### BEGIN SOLUTION\n        return 1\n        ### END SOLUTION\n    return 0"
    out, found = strip_regions(src)
    assert found and "        raise NotImplementedError" in out and "return 1" not in out
    assert strip_regions("a = 1\n### BEGIN HIDDEN\nsecret = 2\n### END HIDDEN\nb = 3") == ("a = 1\nb = 3", False)


@pytest.mark.parametrize("src", ["### BEGIN SOLUTION\nx = 1", "### END SOLUTION", "### BEGIN SOLUTION\n### BEGIN HIDDEN"])
def test_unbalanced_markers_are_rejected(src):
    with pytest.raises(InvalidInputError, match="BEGIN|END"):
        strip_regions(src)


def test_bad_specs_say_what_is_wrong(tmp_path):
    with pytest.raises(InvalidInputError, match="no assessment.yaml"):
        load_assessment(tmp_path)
    folder = tmp_path / "bad"
    shutil.copytree(ROOT / "assessments" / "sample_basics", folder, ignore=shutil.ignore_patterns("cohort"))
    spec = (folder / "assessment.yaml").read_text()
    (folder / "assessment.yaml").write_text(spec.replace("answer: list", "answer: set"))
    with pytest.raises(InvalidInputError, match="not one of the options"):
        load_assessment(folder)
    (folder / "assessment.yaml").write_text(spec.replace("points: 3\n", "points: -1\n", 1))
    with pytest.raises(InvalidInputError, match="points"):
        load_assessment(folder)


def test_source_without_solution_region_is_rejected(tmp_path):
    folder = tmp_path / "nosol"
    shutil.copytree(ROOT / "assessments" / "sample_basics", folder, ignore=shutil.ignore_patterns("cohort"))
    nb = nbformat.read(str(folder / "sample_basics.ipynb"), as_version=4)
    for cell in nb.cells:
        cell.source = cell.source.replace("### BEGIN SOLUTION", "#").replace("### END SOLUTION", "#")
    nbformat.write(nb, str(folder / "sample_basics.ipynb"))
    with pytest.raises(InvalidInputError, match="no ### BEGIN SOLUTION"):
        release_notebook(load_assessment(folder))


def test_late_policy():
    from datetime import datetime, timezone

    policy = load_assessment(ROOT / "assessments" / "sample_basics").late
    assert policy.penalty(datetime(2026, 11, 30, tzinfo=timezone.utc)) == 0
    assert policy.penalty(datetime(2026, 12, 1, 1, tzinfo=timezone.utc)) == pytest.approx(0.1)
    assert policy.penalty(datetime(2026, 12, 30, tzinfo=timezone.utc)) == pytest.approx(0.5)
