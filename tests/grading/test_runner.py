"""The one grading pipeline: inject, execute, judge, collect; the same steps whatever runs the notebook."""

from __future__ import annotations

import contextlib
import io

import nbformat
import pytest
from grading_helpers import ASSESSMENT, HONEST

from labkit.assess.quiz import ANSWERS
from labkit.assess.spec import KINDS, Kind, LabChallenge, load_assessment
from labkit.grading.execute import RunReport
from labkit.grading.harness import cell_id
from labkit.grading.judge import ChallengeGrade
from labkit.grading.runner import run_and_judge


@pytest.fixture(scope="module")
def assessment():
    return load_assessment(ASSESSMENT)


@pytest.fixture(autouse=True)
def no_answers():
    ANSWERS.clear()
    yield
    ANSWERS.clear()


def in_process(nb):
    """Run every code cell here, in one namespace, recording stdout and errors as a kernel would (a test executor)."""
    namespace: dict = {}
    for cell in nb.cells:
        out = io.StringIO()
        cell["outputs"] = []
        try:
            with contextlib.redirect_stdout(out):
                exec(cell["source"], namespace)
        except Exception as exc:
            cell["outputs"].append(nbformat.v4.new_output("error", ename=type(exc).__name__, evalue=str(exc),
                                                          traceback=[]))
        if out.getvalue():
            cell["outputs"].insert(0, nbformat.v4.new_output("stream", name="stdout", text=out.getvalue()))
    return nb, RunReport()


def notebook(*sources):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s, id=f"cell-{i}") for i, s in enumerate(sources)])


def test_the_pipeline_grades_every_kind_and_collects_the_learners_errors(assessment):
    answers = [HONEST[k] for k in ("slugify-answer", "word-counts-answer", "moving-average-answer")]
    nb = notebook(*answers, "from labkit.assess.quiz import ANSWERS\nANSWERS['q_mutable'] = 'list'", "1 / 0")
    judged = run_and_judge(assessment, nb, in_process, case_timeout=5)
    by_id = {g.id: g for g in judged.grades}
    assert [g.kind for g in judged.grades] == ["challenge"] * len(assessment.challenges) + ["quiz"] * len(
        assessment.quizzes)
    assert all(by_id[c.id].score == c.points for c in assessment.challenges)
    assert by_id["q_mutable"].score == 1 and by_id["q_lookup"].problem == "not answered"
    assert judged.learner_errors == [{"cell": "cell-4", "ename": "ZeroDivisionError", "evalue": "division by zero"}]
    assert judged.problem == "" and judged.executed is nb


def test_visible_only_runs_and_judges_the_visible_cases_alone(assessment):
    nb = notebook(HONEST["slugify-answer"])
    judged = run_and_judge(assessment, nb, in_process, case_timeout=5, visible_only=True)
    assert not any("hidden" in c["id"] or "quizzes" in c["id"] for c in nb.cells)
    assert [g.id for g in judged.grades] == [c.id for c in assessment.challenges]
    slugify = judged.grades[0]
    assert slugify.points_from == "visible" and slugify.cases_passed == slugify.cases_total > 0
    assert judged.grades[1].problem == "no function named word_counts is defined"


def test_a_judge_that_fails_scores_nothing_and_says_so(assessment):
    class Unreadable:
        cells = [object()]

    judged = run_and_judge(assessment, notebook(), lambda nb: (Unreadable(), RunReport()), case_timeout=5)
    assert judged.grades is None and "could not be judged (AttributeError)" in judged.problem


def count_cells(assessment, part, begin, end, case_timeout):
    """A test kind's harness part: one hidden cell that prints how many challenges the learner defined."""
    if part != "hidden":
        return []
    names = [c.function for c in assessment.challenges]
    source = f"import json\nprint({begin!r} + json.dumps({{'defined': sum(n in globals() for n in {names!r})}}) + {end!r})"
    return [nbformat.from_dict({"cell_type": "code", "id": cell_id("count"), "metadata": {}, "source": source,
                                "outputs": [], "execution_count": None})]


def judge_count(assessment, read, visible_only):
    """The test kind's judge part: one point per challenge whose function the learner defined."""
    if visible_only:
        return []
    doc, problem = read(cell_id("count"))
    defined = doc["defined"] if doc else 0
    return [ChallengeGrade(id="count", kind="count", points=len(assessment.challenges), score=float(defined),
                           cases_passed=defined, cases_total=len(assessment.challenges), problem=problem)]


def test_a_kind_registered_once_takes_part_in_the_pipeline(assessment):
    """Its harness and judge parts are found through KINDS alone: nothing else in the pipeline names a kind."""
    KINDS.register("count", Kind("count", "challenges", LabChallenge, harness=f"{__name__}:count_cells",
                                 judge=f"{__name__}:judge_count"))
    try:
        nb = notebook(HONEST["slugify-answer"], HONEST["word-counts-answer"])
        judged = run_and_judge(assessment, nb, in_process, case_timeout=5)
        visible = run_and_judge(assessment, notebook(), in_process, case_timeout=5, visible_only=True)
    finally:
        KINDS.remove("count")
    assert nb.cells[-1]["id"] == cell_id("count")
    assert judged.grades[-1].kind == "count" and judged.grades[-1].score == 2
    assert [g.kind for g in judged.grades[:-1]] == ["challenge"] * len(assessment.challenges) + ["quiz"] * len(
        assessment.quizzes)
    assert all(g.kind != "count" for g in visible.grades)
