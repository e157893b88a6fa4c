"""labkit validate: spec/notebook disagreements found and named, ids fixed without changing the release, and the
reference solution graded for real."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from labkit.assess.release import release
from labkit.assess.validate import validate
from labkit.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "assessments" / "sample_basics"


@pytest.fixture
def assessment(tmp_path) -> Path:
    folder = tmp_path / "sample_basics"
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("cohort", "mutants", "*.csv"))
    return folder


def _edit(folder: Path, edit) -> None:
    path = folder / "sample_basics.ipynb"
    nb = json.loads(path.read_text())
    edit(nb)
    path.write_text(json.dumps(nb, indent=1))


def _cell(nb, cell_id):
    return next(c for c in nb["cells"] if c.get("id") == cell_id)


def test_static_disagreements_are_named(assessment):
    spec = assessment / "assessment.yaml"
    spec.write_text(spec.read_text().replace("function: word_counts", "function: count_words"))

    def edit(nb):
        _cell(nb, "quiz-lookup")["source"] = "x = 1  # the quiz answer cell went missing"
        _cell(nb, "slugify-check")["source"] = 'check("slugify_v2", slugify)'
        nb["cells"].insert(3, {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                               "source": "### BEGIN HIDDEN TESTS\nassert slugify('a') == 'a'\n### END HIDDEN TESTS"})
    _edit(assessment, edit)
    found = {str(p) for p in validate(assessment, run_reference=False).problems}
    assert "challenge word_counts: no answer cell defines count_words(); check the function name in the spec and " \
           "the notebook" in found
    assert any(p.startswith("quiz q_lookup: no answer cell calls quiz('q_lookup', ...)") for p in found)
    assert any("checks challenge 'slugify_v2', which the spec does not have" in p for p in found)
    assert any(p.startswith("cell 3 (no id): ") for p in found)
    assert any("holds nbgrader's hidden tests; convert the notebook with labkit import nbgrader" in p for p in found)


def test_fix_adds_the_ids_a_release_would_derive(assessment, tmp_path):
    def drop_ids(nb):
        nb["nbformat_minor"] = 5
        for cell in nb["cells"][:3]:
            del cell["id"]
    _edit(assessment, drop_ids)
    before = release(assessment, tmp_path / "before").notebook.read_bytes()
    result = validate(assessment, run_reference=False)
    assert [p.fixable for p in result.problems] == [True, True, True] and "release: deterministic" in result.text()
    fixed = validate(assessment, fix=True, run_reference=False)
    assert fixed.ok and len(fixed.fixed) == 3
    assert release(assessment, tmp_path / "after").notebook.read_bytes() == before, "--fix must not change the lab"


def test_the_reference_solution_is_graded_for_real(assessment, capsys):
    assert main(["validate", str(SAMPLE)]) == 0
    assert "reference solution: 12/12 through the grader" in capsys.readouterr().out

    def wrong(nb):  # passes both visible cases, fails the hidden empty-window case
        _cell(nb, "moving-average-answer")["source"] = (
            "def moving_average(xs, k):\n    ### BEGIN SOLUTION\n    if k > len(xs):\n        return None\n"
            "    return [sum(xs[i:i + k]) / k for i in range(len(xs) - k + 1)]\n    ### END SOLUTION")
    _edit(assessment, wrong)
    assert main(["validate", str(assessment)]) == 1
    out = capsys.readouterr().out
    assert "FAIL  reference challenge moving_average: scores 3/4: 1 of 4 hidden case(s) fail" in out


@pytest.mark.parametrize("folder", sorted(p.parent for p in (ROOT / "assessments").glob("*/assessment.y*ml")),
                         ids=lambda p: p.name)
def test_every_committed_assessment_agrees_with_its_notebook(folder):
    result = validate(folder, run_reference=False)  # the reference runs are in the labs' discrimination tests
    assert result.ok, result.text()
