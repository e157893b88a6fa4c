"""Quizzes: a multiple-choice widget whose answer lands in :data:`ANSWERS`, the variable the grader reads.

The one idea: the answer must survive a fresh execution, because grading re-runs the notebook from the top. The
durable answer is the ``choice`` in the quiz cell (``quiz("q_mutable", "list")``) *or the option the learner last
clicked*: a click updates an output of the quiz cell (a display with ``display_id``, type
:data:`ANSWER_MIME`), JupyterLab saves that output with the notebook, and :func:`source_with_clicked_answer`
writes it back into the cell's source before the notebook is graded or checked. So a click is graded as it is,
with no hand edit; writing the choice in the cell still works. The grader's injected cell reads
``labkit.assess.quiz.ANSWERS`` after the learner's cells ran; keys are checked by the grader only (the lab file
carries questions and options, never the key), so there is no instant right/wrong for quizzes.

The options are shown one per line, each wrapping at the width of the notebook, so a long option never runs into
the next. Leaves out: free-text answers and multiple correct options; a learner who clears all outputs before
submitting falls back to the choice written in the cell.
"""

from __future__ import annotations

import ast
import html
from typing import Any

from labkit.assess.check import _in_kernel, current_lab
from labkit.errors import InvalidInputError

ANSWERS: dict[str, str | None] = {}
ANSWER_MIME = "application/vnd.labkit.quiz+json"
OPTION_STYLE = (  # JupyterLab gives each radio label one fixed-height line; long options must wrap instead
    "<style>.lk-quiz-options .widget-radio-box{height:auto!important}"
    ".lk-quiz-options .widget-radio-box label{display:flex!important;flex-direction:row;align-items:flex-start;"
    "height:auto!important;line-height:1.35!important;white-space:normal!important;overflow:visible!important;"
    "margin:.2rem 0!important}"
    ".lk-quiz-options .widget-radio-box input{order:-1;flex:none;margin:.2rem .5rem 0 0!important}</style>")


def answer(quiz_id: str, choice: str | None) -> None:
    """Record ``choice`` for ``quiz_id`` (validated against the options) in :data:`ANSWERS` and the progress store."""
    spec = _spec(quiz_id)
    if choice is not None and choice not in spec["options"]:
        raise InvalidInputError(f"{choice!r} is not an option of quiz {quiz_id!r}; pick one of {spec['options']}")
    ANSWERS[quiz_id] = choice
    if choice is None:
        return
    from labkit.assess.store import Attempt, ProgressStore, recording_enabled

    if recording_enabled():
        try:
            ProgressStore().record(Attempt(
                assessment=current_lab()["id"], challenge=quiz_id, passed=True, kind="quiz", source="quiz",
                points=spec["points"], detail={"choice": choice},
            ))
        except Exception:  # the log never breaks the notebook
            pass


def _spec(quiz_id: str) -> dict[str, Any]:
    lab = current_lab()
    spec = next((q for q in lab["quizzes"] if q["id"] == quiz_id), None)
    if spec is None:
        raise InvalidInputError(f"No quiz {quiz_id!r} in lab {lab['id']!r}; known: {[q['id'] for q in lab['quizzes']]}")
    return spec


def answer_bundle(quiz_id: str, choice: str | None) -> dict[str, Any]:
    """The output that carries the current answer in the saved notebook (and tells the learner it is kept).

    >>> answer_bundle("q1", "list")["application/vnd.labkit.quiz+json"]
    {'quiz': 'q1', 'choice': 'list'}
    """
    if choice is None:
        text = "No answer yet: pick an option."
    else:
        text = f"Answer recorded: {choice}. It is saved with the notebook and is what gets graded."
    return {"text/plain": text, "text/html": f"<i>{html.escape(text)}</i>",
            ANSWER_MIME: {"quiz": quiz_id, "choice": choice}}


def quiz(quiz_id: str, choice: str | None = None) -> None:
    """Show quiz ``quiz_id`` with ``choice`` selected and record it; in a terminal, print the question."""
    spec = _spec(quiz_id)
    answer(quiz_id, choice)
    if not _in_kernel():
        print(f"{spec['question']}  options: {spec['options']}  your answer: {choice!r}")
        return
    import ipywidgets as widgets
    from IPython.display import display

    radio = widgets.RadioButtons(options=spec["options"], value=choice, description="",
                                 layout=widgets.Layout(width="auto", height="auto"))  # the box's width: options wrap
    radio.add_class("lk-quiz-options")
    question = widgets.HTML(f"{OPTION_STYLE}<b>{html.escape(spec['question'])}</b>")
    display(widgets.VBox([question, radio]))
    saved = display(answer_bundle(quiz_id, choice), raw=True, display_id=True)

    def changed(change: dict[str, Any]) -> None:
        answer(quiz_id, change["new"])
        saved.update(answer_bundle(quiz_id, change["new"]), raw=True)

    radio.observe(changed, names="value")


def clicked_answer(cell: dict[str, Any]) -> tuple[str, str | None] | None:
    """``(quiz id, choice)`` from the last answer output a quiz cell saved, or ``None`` when it has none."""
    found = None
    for output in cell.get("outputs", []) or []:
        data = (output.get("data") or {}).get(ANSWER_MIME)
        if isinstance(data, dict) and isinstance(data.get("quiz"), str):
            choice = data.get("choice")
            found = (data["quiz"], choice if isinstance(choice, str) else None)
    return found


def source_with_clicked_answer(cell: dict[str, Any]) -> str:
    """The cell's source with its ``quiz(id, ...)`` call set to the choice last clicked (saved in its outputs).

    >>> cell = {"source": 'quiz("q1", None)', "outputs": [{"output_type": "display_data",
    ...         "data": {ANSWER_MIME: {"quiz": "q1", "choice": "list"}}}]}
    >>> source_with_clicked_answer(cell)
    "quiz('q1', 'list')"
    """
    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else str(source)
    clicked = clicked_answer(cell)
    if clicked is None or clicked[1] is None:
        return source
    quiz_id, choice = clicked
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # learner text: broken or hostile nesting
        return source
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "quiz" and node.args
                and isinstance(node.args[0], ast.Constant) and node.args[0].value == quiz_id):
            segment = ast.get_source_segment(source, node)
            if segment:
                return source.replace(segment, f"quiz({quiz_id!r}, {choice!r})", 1)
    return source
