"""Submissions: validation, and restoring protected cells whatever the learner did to them."""

from __future__ import annotations

import copy

import nbformat
import pytest
from grading_helpers import ASSESSMENT, HONEST, lab_notebook, make_submission

from labkit.assess.release import release_notebook
from labkit.assess.spec import load_assessment
from labkit.grading.submission import SubmissionRejected, assemble, find_notebook, read_submission


@pytest.fixture(scope="module")
def template():
    return release_notebook(load_assessment(ASSESSMENT))


def ids(nb):
    return [c["id"] for c in nb.cells]


def test_honest_notebook_keeps_answers_in_place(template, tmp_path):
    nb, _ = read_submission(make_submission(tmp_path, "a", HONEST), 1)
    out = assemble(template, nb)
    assert ids(out.nb) == ids(template) and out.notes == []
    assert next(c for c in out.nb.cells if c["id"] == "slugify-answer").source == HONEST["slugify-answer"]


def test_edited_deleted_and_moved_protected_cells_are_restored(template):
    nb = copy.deepcopy(lab_notebook())
    by_id = {c["id"]: c for c in nb.cells}
    by_id["slugify-check"].source = "print('no check here')"
    nb.cells = [c for c in nb.cells if c["id"] != "setup"]
    nb.cells.reverse()
    out = assemble(template, nb)
    assert ids(out.nb) == ids(template)
    restored = {c["id"]: c.source for c in out.nb.cells}
    assert restored["slugify-check"] == 'check("slugify", slugify)' and "open_lab" in restored["setup"]
    text = " ".join(out.notes)
    assert "edited" in text and "deleted protected" in text and "moved" in text


def test_added_cells_follow_their_anchor_and_cannot_pose_as_the_harness(template, tmp_path):
    path = make_submission(tmp_path, "a", HONEST, extra={"slugify-answer": ["helper = 1"], "intro": ["x = 2"]})
    nb, _ = read_submission(path, 1)
    own = next(c for c in nb.cells if c["id"] == "own-slugify-answer-0")
    own["id"] = "labkit-harness-slugify"  # an added cell claiming the grader's id
    out = assemble(template, nb)
    new = [c["id"] for c in out.nb.cells if c["id"].startswith("learner-")]
    assert len(new) == 2 and not any(c["id"].startswith("labkit-harness") for c in out.nb.cells)
    order = ids(out.nb)
    assert order.index("learner-2") == order.index("slugify-answer") + 1


def test_deleted_answer_cell_is_not_replaced_by_a_stub(template, tmp_path):
    path = make_submission(tmp_path, "a", HONEST, drop=("slugify-answer",),
                           extra={"slugify-task": ['def slugify(t):\n    return "mine"']})
    out = assemble(template, read_submission(path, 1)[0])
    assert "slugify-answer" not in ids(out.nb) and any("answer cell slugify-answer" in n for n in out.notes)


@pytest.mark.parametrize("raw, reason", [
    (b"not json", "not a valid notebook"),
    (b'{"cells": "nope", "nbformat": 4, "nbformat_minor": 5, "metadata": {}}', "not a valid notebook"),
    (b"\xff\xfe\x00", "not UTF-8"),
    (b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5, "pad": "' + b"x" * 1_100_000 + b'"}',
     "limit is 1 MB"),
])
def test_malformed_or_oversized_notebooks_are_rejected(tmp_path, raw, reason):
    path = make_submission(tmp_path, "a", {}, raw=raw)
    with pytest.raises(SubmissionRejected, match=reason):
        read_submission(path, 1)


def test_find_notebook_accepts_a_renamed_single_notebook(tmp_path):
    (tmp_path / "copy of lab.ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook()))
    assert find_notebook(tmp_path, "sample_basics.ipynb").name == "copy of lab.ipynb"
    (tmp_path / "other.ipynb").write_text("{}")
    assert find_notebook(tmp_path, "sample_basics.ipynb") is None
